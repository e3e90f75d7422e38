//! View ▸ Colouring Rules: enable, rename, edit the filter (red when it does not compile),
//! pick colours, reorder, add, delete, restore Wireshark's defaults. Saved with the settings.

use super::actions::Action;
use super::coloring::{ColoringRule, ColoringRules};

/// Draws the editor when `open`; edits `coloring` in place and says when it changed.
pub fn coloring_editor_ui(
    ctx: &egui::Context,
    coloring: &mut ColoringRules,
    shown: &mut bool,
) -> Option<Action> {
    if !*shown {
        return None;
    }
    let mut open = true;
    let mut changed = false;
    egui::Window::new("Colouring Rules")
        .open(&mut open)
        .default_size([720.0, 460.0])
        .show(ctx, |ui| {
            ui.weak("The first enabled rule whose filter matches colours the row.");
            let mut swap = None;
            let mut delete = None;
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    egui::Grid::new("coloring_rules")
                        .striped(true)
                        .show(ui, |ui| {
                            let n = coloring.rules.len();
                            for (k, rule) in coloring.rules.iter_mut().enumerate() {
                                changed |= rule_row(ui, rule);
                                if ui
                                    .add_enabled(k > 0, egui::Button::new("▲").small())
                                    .clicked()
                                {
                                    swap = Some(k - 1);
                                }
                                if ui
                                    .add_enabled(k + 1 < n, egui::Button::new("▼").small())
                                    .clicked()
                                {
                                    swap = Some(k);
                                }
                                if ui.small_button("×").on_hover_text("Delete").clicked() {
                                    delete = Some(k);
                                }
                                ui.end_row();
                            }
                        });
                });
            if let Some(k) = swap {
                coloring.rules.swap(k, k + 1);
                changed = true;
            }
            if let Some(k) = delete {
                coloring.rules.remove(k);
                changed = true;
            }
            ui.horizontal(|ui| {
                if ui.button("Add Rule").clicked() {
                    coloring.rules.insert(
                        0,
                        ColoringRule::new(
                            "New rule",
                            "frame",
                            egui::Color32::from_rgb(0xff, 0xf3, 0xb0),
                            egui::Color32::BLACK,
                        ),
                    );
                    changed = true;
                }
                if ui.button("Restore Defaults").clicked() {
                    *coloring = ColoringRules::wireshark_defaults();
                    changed = true;
                }
            });
        });
    *shown = open;
    changed.then_some(Action::ColoringChanged)
}

/// One rule's editable cells; true when something changed.
fn rule_row(ui: &mut egui::Ui, rule: &mut ColoringRule) -> bool {
    let mut changed = ui.checkbox(&mut rule.enabled, "").changed();
    changed |= ui
        .add(egui::TextEdit::singleline(&mut rule.name).desired_width(150.0))
        .changed();
    let color = if rule.is_valid() {
        egui::Color32::from_rgb(0xaf, 0xff, 0xaf)
    } else {
        egui::Color32::from_rgb(0xff, 0xaf, 0xaf)
    };
    let edit = egui::TextEdit::singleline(&mut rule.filter)
        .desired_width(280.0)
        .background_color(color)
        .text_color(egui::Color32::BLACK);
    if ui.add(edit).changed() {
        rule.recompile();
        changed = true;
    }
    changed |= ui.color_edit_button_srgba(&mut rule.background).changed();
    changed |= ui.color_edit_button_srgba(&mut rule.foreground).changed();
    let sample = egui::RichText::new(" Sample ")
        .background_color(rule.background)
        .color(rule.foreground);
    ui.label(sample);
    changed
}
