//! The main toolbar: start/stop/restart capture, open, save, close, find, go to packet,
//! autoscroll, plot panel.

use super::actions::Action;
use super::app::WirelensApp;

/// A toolbar button with a tooltip; true when clicked.
fn tool(ui: &mut egui::Ui, enabled: bool, text: &str, hint: &str) -> bool {
    ui.add_enabled(enabled, egui::Button::new(text))
        .on_hover_text(hint)
        .clicked()
}

/// Draws the toolbar.
pub fn toolbar_ui(ui: &mut egui::Ui, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let capturing = app.doc.capturing();
    let has_session = app.doc.session.is_some();
    ui.horizontal(|ui| {
        let can_start = !capturing && !app.prefs.capture.interface.is_empty();
        if tool(ui, can_start, "▶ Start", "Start capturing (Ctrl+E)") {
            actions.push(Action::StartCapture);
        }
        if tool(ui, capturing, "■ Stop", "Stop capturing (Ctrl+E)") {
            actions.push(Action::StopCapture);
        }
        if tool(ui, capturing, "↻ Restart", "Restart the capture (Ctrl+R)") {
            actions.push(Action::RestartCapture);
        }
        ui.separator();
        if ui
            .button("Open…")
            .on_hover_text("Open a capture (Ctrl+O)")
            .clicked()
        {
            actions.push(Action::OpenDialog);
        }
        if tool(
            ui,
            has_session && !capturing,
            "Save…",
            "Save the packets (Ctrl+S)",
        ) {
            actions.push(Action::Save);
        }
        if tool(ui, has_session, "× Close", "Close this capture (Ctrl+W)") {
            actions.push(Action::Close);
        }
        ui.separator();
        if tool(ui, has_session, "Find…", "Find a packet (Ctrl+F)") {
            app.ui.windows.find.get_or_insert_with(Default::default);
        }
        if tool(ui, has_session, "Go to…", "Go to packet (Ctrl+G)") {
            app.ui.windows.go_to.get_or_insert_with(String::new);
        }
        ui.separator();
        ui.toggle_value(&mut app.doc.table.follow, "⬇ Autoscroll")
            .on_hover_text("Follow new packets during a capture");
        ui.toggle_value(&mut app.prefs.show_plot, "Plot");
    });
    actions
}
