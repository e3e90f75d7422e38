//! The display filter bar: green when the text compiles, red with the error and its column
//! when it does not; field-name completion, history, saved filter buttons; Enter applies.

use super::actions::Action;
use super::prefs::{Prefs, SavedFilter};
use super::ui_state::FilterBar;
use crate::dissect::Field;

const VALID: egui::Color32 = egui::Color32::from_rgb(0xaf, 0xff, 0xaf);
const INVALID: egui::Color32 = egui::Color32::from_rgb(0xff, 0xaf, 0xaf);
/// Most completions listed.
const COMPLETIONS: usize = 12;

/// Draws the filter bar: edits the text and the saved buttons, returns what to apply.
pub fn filter_bar_ui(ui: &mut egui::Ui, bar: &mut FilterBar, prefs: &mut Prefs) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        let label = ui.label("Display filter:");
        let color = match (&bar.error, bar.text.trim().is_empty()) {
            (_, true) => ui.visuals().extreme_bg_color,
            (None, false) => VALID,
            (Some(_), false) => INVALID,
        };
        let text_color = if bar.text.trim().is_empty() {
            ui.visuals().text_color()
        } else {
            egui::Color32::BLACK
        };
        let edit = egui::TextEdit::singleline(&mut bar.text)
            .id(egui::Id::unique("display_filter"))
            .hint_text("Apply a display filter … e.g. tcp.port == 443 && http")
            .background_color(color)
            .text_color(text_color)
            .desired_width(ui.available_width() - 260.0);
        let response = ui.add(edit).labelled_by(label.id);
        if response.changed() {
            bar.check();
        }
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if enter || ui.button("Apply").clicked() {
            actions.push(Action::ApplyFilter);
        }
        if ui.button("Clear").clicked() {
            actions.push(Action::SetFilter(String::new()));
        }
        history_menu(ui, &prefs.filter_history, &mut actions);
        if ui
            .button("+")
            .on_hover_text("Save this filter as a button")
            .clicked()
            && bar.error.is_none()
        {
            let filter = bar.text.trim().to_string();
            if !filter.is_empty() && !prefs.saved_filters.iter().any(|s| s.filter == filter) {
                let label: String = filter.chars().take(24).collect();
                prefs.saved_filters.push(SavedFilter { label, filter });
            }
        }
        let popup_hovered = ui.data(|d| d.get_temp::<bool>(popup_id()).unwrap_or(false));
        if response.has_focus() || popup_hovered {
            completions_popup(ui, bar, &response);
        } else {
            ui.data_mut(|d| d.insert_temp(popup_id(), false));
        }
    });
    saved_buttons(ui, &mut prefs.saved_filters, &mut actions);
    if let Some(e) = &bar.error {
        let text = bar.text.trim();
        ui.colored_label(
            egui::Color32::RED,
            format!("Column {}: {}", e.column(text), e.message),
        );
    }
    actions
}

fn history_menu(ui: &mut egui::Ui, history: &[String], actions: &mut Vec<Action>) {
    ui.menu_button("History ▼", |ui| {
        if history.is_empty() {
            ui.weak("No filters applied yet");
        }
        for h in history {
            if ui.button(h).clicked() {
                actions.push(Action::SetFilter(h.clone()));
                ui.close();
            }
        }
    });
}

fn saved_buttons(ui: &mut egui::Ui, saved: &mut Vec<SavedFilter>, actions: &mut Vec<Action>) {
    if saved.is_empty() {
        return;
    }
    let mut remove = None;
    ui.horizontal_wrapped(|ui| {
        ui.weak("Saved:");
        for (k, s) in saved.iter().enumerate() {
            let b = ui
                .small_button(s.label.as_str())
                .on_hover_text(s.filter.as_str());
            if b.clicked() {
                actions.push(Action::SetFilter(s.filter.clone()));
            }
            b.context_menu(|ui| {
                if ui.button("Remove").clicked() {
                    remove = Some(k);
                    ui.close();
                }
            });
        }
    });
    if let Some(k) = remove {
        saved.remove(k);
    }
}

/// The word being typed at the end of the text.
fn current_word(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '.' || *c == '_' || *c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    text.get(start..).unwrap_or("")
}

/// Field and protocol names starting with `prefix`, shortest first.
pub fn completions(prefix: &str) -> Vec<&'static str> {
    if prefix.is_empty() {
        return Vec::new();
    }
    let mut names: Vec<&'static str> = Field::every()
        .iter()
        .map(|f| f.name())
        .filter(|n| n.starts_with(prefix) && *n != prefix)
        .collect();
    names.sort_by_key(|n| (n.len(), *n));
    names.dedup();
    names.truncate(COMPLETIONS);
    names
}

fn popup_id() -> egui::Id {
    egui::Id::unique("filter_completions")
}

fn completions_popup(ui: &mut egui::Ui, bar: &mut FilterBar, field: &egui::Response) {
    let word = current_word(&bar.text).to_string();
    let names = completions(&word);
    if names.is_empty() {
        return;
    }
    let mut chosen = None;
    let area = egui::Area::new(popup_id())
        .order(egui::Order::Foreground)
        .fixed_pos(field.rect.left_bottom())
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                for n in &names {
                    if ui.selectable_label(false, *n).clicked() {
                        chosen = Some(*n);
                    }
                }
            });
        });
    let hovered = area.response.contains_pointer();
    ui.data_mut(|d| d.insert_temp(popup_id(), hovered));
    if let Some(n) = chosen {
        let keep = bar.text.len() - word.len();
        bar.text.truncate(keep);
        bar.text.push_str(n);
        bar.check();
        ui.memory_mut(|m| m.request_focus(egui::Id::unique("display_filter")));
    }
}

#[cfg(test)]
mod tests {
    use super::{completions, current_word};

    #[test]
    fn completion_works_on_the_last_word() {
        assert_eq!(current_word("ip.src == 1.2.3.4 && tcp.sr"), "tcp.sr");
        assert_eq!(current_word("(dn"), "dn");
        let c = completions("tcp.src");
        assert_eq!(c.first(), Some(&"tcp.srcport"));
        assert!(completions("zzz").is_empty());
    }
}
