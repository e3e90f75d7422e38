//! The status bar: file, packet counts, index size, last message.

use super::app::WirelensApp;

/// Draws the status bar.
pub fn status_bar_ui(ui: &mut egui::Ui, app: &WirelensApp) {
    ui.horizontal(|ui| match &app.session {
        Some(s) => {
            let name = s
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.label(name);
            ui.separator();
            ui.label(format!("Packets: {}", s.len()));
            ui.separator();
            ui.label(format!("Displayed: {}", app.view.len()));
            ui.separator();
            ui.label(format!("Index: {} KiB", s.store.index_bytes() / 1024));
            if let Some(m) = &app.message {
                ui.separator();
                ui.colored_label(egui::Color32::from_rgb(0xd0, 0x80, 0x00), m);
            }
        }
        None => {
            ui.label(app.message.as_deref().unwrap_or("No capture open"));
        }
    });
}
