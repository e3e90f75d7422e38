//! The packet list: virtualised rows (only visible ones are dissected, in summary mode),
//! click or ↑/↓ to select.

use super::app::{Action, WirelensApp};
use egui_extras::{Column, TableBuilder};

const ROW_HEIGHT: f32 = 18.0;

/// Draws the packet list.
pub fn packet_table_ui(ui: &mut egui::Ui, app: &WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(session) = &app.session else {
        return actions;
    };
    let selected = app.selection.as_ref().map(|s| s.row);
    if let Some(next) = keyboard_target(ui, selected, app.view.len()) {
        actions.push(Action::SelectRow(next));
    }
    ui.style_mut().interaction.selectable_labels = false;
    let mut table = TableBuilder::new(ui)
        .id_salt("packets")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(70.0).at_least(40.0))
        .column(Column::initial(100.0).at_least(60.0))
        .column(Column::initial(160.0).at_least(60.0).clip(true))
        .column(Column::initial(160.0).at_least(60.0).clip(true))
        .column(Column::initial(80.0).at_least(50.0))
        .column(Column::initial(60.0).at_least(40.0))
        .column(Column::remainder().clip(true))
        .min_scrolled_height(0.0)
        .animate_scrolling(false);
    if let Some(row) = actions.iter().find_map(|a| {
        if let Action::SelectRow(r) = a {
            Some(*r)
        } else {
            None
        }
    }) {
        table = table.scroll_to_row(row, None);
    }
    table
        .header(20.0, |mut h| {
            for name in [
                "No.",
                "Time",
                "Source",
                "Destination",
                "Protocol",
                "Length",
                "Info",
            ] {
                h.col(|ui| {
                    ui.strong(name);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, app.view.len(), |mut row| {
                let i = row.index();
                let Some(&packet) = app.view.get(i) else {
                    return;
                };
                let (Ok(bytes), Some(info)) = (session.bytes(packet), session.frame_info(packet))
                else {
                    return;
                };
                let d = crate::dissect::dissect_summary(&info, &bytes, &session.context(packet));
                let s = &d.tree.summary;
                row.set_selected(selected == Some(i));
                let cells = [
                    (packet + 1).to_string(),
                    format!("{:.6}", info.rel_ns as f64 / 1e9),
                    s.source.clone(),
                    s.destination.clone(),
                    s.protocol.clone(),
                    info.orig_len.to_string(),
                    s.info.clone(),
                ];
                for text in cells {
                    row.col(|ui| {
                        ui.label(text);
                    });
                }
                if row.response().clicked() {
                    actions.push(Action::SelectRow(i));
                }
            });
        });
    actions
}

/// ↑/↓/Home/End when no text field has focus.
fn keyboard_target(ui: &egui::Ui, selected: Option<usize>, rows: usize) -> Option<usize> {
    if rows == 0 || ui.memory(|m| m.focused().is_some()) {
        return None;
    }
    ui.input(|i| {
        let last = rows - 1;
        if i.key_pressed(egui::Key::ArrowDown) {
            Some(selected.map_or(0, |s| (s + 1).min(last)))
        } else if i.key_pressed(egui::Key::ArrowUp) {
            Some(selected.map_or(0, |s| s.saturating_sub(1)))
        } else if i.key_pressed(egui::Key::Home) {
            Some(0)
        } else if i.key_pressed(egui::Key::End) {
            Some(last)
        } else {
            None
        }
    })
}
