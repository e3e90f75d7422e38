//! The main toolbar: start/stop/restart capture, open, save, close, find, go to packet,
//! autoscroll, plot panel.

use super::app::{Action, WirelensApp};

/// Draws the toolbar.
pub fn toolbar_ui(ui: &mut egui::Ui, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let capturing = app.capturing();
    let has_session = app.session.is_some();
    ui.horizontal(|ui| {
        let can_start = !capturing && !app.capture_options.interface.is_empty();
        if ui
            .add_enabled(can_start, egui::Button::new("▶ Start"))
            .on_hover_text("Start capturing (Ctrl+E)")
            .clicked()
        {
            actions.push(Action::StartCapture);
        }
        if ui
            .add_enabled(capturing, egui::Button::new("■ Stop"))
            .on_hover_text("Stop capturing (Ctrl+E)")
            .clicked()
        {
            actions.push(Action::StopCapture);
        }
        if ui
            .add_enabled(capturing, egui::Button::new("↻ Restart"))
            .on_hover_text("Restart the capture (Ctrl+R)")
            .clicked()
        {
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
        if ui
            .add_enabled(has_session && !capturing, egui::Button::new("Save…"))
            .on_hover_text("Save the packets (Ctrl+S)")
            .clicked()
        {
            actions.push(Action::Save);
        }
        if ui
            .add_enabled(has_session, egui::Button::new("× Close"))
            .on_hover_text("Close this capture (Ctrl+W)")
            .clicked()
        {
            actions.push(Action::Close);
        }
        ui.separator();
        if ui
            .add_enabled(has_session, egui::Button::new("Find…"))
            .on_hover_text("Find a packet (Ctrl+F)")
            .clicked()
        {
            app.windows.find.get_or_insert_with(Default::default);
        }
        if ui
            .add_enabled(has_session, egui::Button::new("Go to…"))
            .on_hover_text("Go to packet (Ctrl+G)")
            .clicked()
        {
            app.windows.go_to.get_or_insert_with(String::new);
        }
        ui.separator();
        ui.toggle_value(&mut app.table.follow, "⬇ Autoscroll")
            .on_hover_text("Follow new packets during a capture");
        ui.toggle_value(&mut app.show_plot, "Plot");
    });
    actions
}
