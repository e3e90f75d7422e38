//! The display filter bar: green when the text compiles, red with the error and its column
//! when it does not; Enter applies.

use super::app::{Action, WirelensApp};

const VALID: egui::Color32 = egui::Color32::from_rgb(0xaf, 0xff, 0xaf);
const INVALID: egui::Color32 = egui::Color32::from_rgb(0xff, 0xaf, 0xaf);

/// Draws the filter bar.
pub fn filter_bar_ui(ui: &mut egui::Ui, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        let label = ui.label("Display filter:");
        let color = match (&app.filter_error, app.filter_text.trim().is_empty()) {
            (_, true) => ui.visuals().extreme_bg_color,
            (None, false) => VALID,
            (Some(_), false) => INVALID,
        };
        let edit = egui::TextEdit::singleline(&mut app.filter_text)
            .hint_text("e.g. tcp.port == 443 && http")
            .background_color(color)
            .text_color(egui::Color32::BLACK)
            .desired_width(ui.available_width() - 80.0);
        let response = ui.add(edit).labelled_by(label.id);
        if response.changed() {
            app.check_filter();
        }
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if enter || ui.button("Apply").clicked() {
            actions.push(Action::ApplyFilter);
        }
    });
    if let Some(e) = &app.filter_error {
        let text = app.filter_text.trim();
        ui.colored_label(
            egui::Color32::RED,
            format!("Column {}: {}", e.column(text), e.message),
        );
    }
    actions
}
