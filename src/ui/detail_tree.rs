//! The layer tree: one collapsible node per layer with Wireshark-like labels; clicking a node
//! selects it (and highlights its bytes in the hex view); right-click builds filters and
//! copies. Expert notes are listed in colour.

use super::actions::Action;
use super::app::WirelensApp;
use super::row_context::{filter_entries, node_filter};
use crate::dissect::Dissection;
use crate::dissect::format::{self, field_text};
use crate::dissect::tree::{Severity, Tree};

/// Draws the layer tree of the selected packet.
pub fn detail_tree_ui(ui: &mut egui::Ui, app: &WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(sel) = &app.doc.selection else {
        ui.weak("Select a packet to see its layers.");
        return actions;
    };
    let tree = &sel.dissection.tree;
    egui::ScrollArea::both()
        .id_salt("tree")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, n) in tree.nodes.iter().enumerate() {
                if n.depth == 0 && !n.hidden {
                    node_ui(ui, &app.ui.filter, tree, i, sel.node, &mut actions);
                }
            }
            for note in &tree.notes {
                let color = match note.severity {
                    Severity::Error => egui::Color32::RED,
                    Severity::Warning => egui::Color32::from_rgb(0xd0, 0x80, 0x00),
                    Severity::Note => egui::Color32::from_rgb(0x30, 0x80, 0xd0),
                    Severity::Chat => egui::Color32::GRAY,
                };
                ui.colored_label(color, format!("[Expert: {}] {}", note.layer, note.message));
            }
        });
    actions
}

fn node_ui(
    ui: &mut egui::Ui,
    bar: &super::ui_state::FilterBar,
    tree: &Tree,
    i: usize,
    selected: Option<usize>,
    actions: &mut Vec<Action>,
) {
    let Some(n) = tree.nodes.get(i) else { return };
    let label = format::label(n);
    let children: Vec<usize> = tree
        .children(i)
        .into_iter()
        .filter(|c| tree.nodes.get(*c).is_some_and(|n| !n.hidden))
        .collect();
    let is_selected = selected == Some(i);
    let response = if children.is_empty() {
        ui.selectable_label(is_selected, label)
    } else {
        let text = if is_selected {
            egui::RichText::new(label).strong()
        } else {
            egui::RichText::new(label)
        };
        egui::CollapsingHeader::new(text)
            .id_salt(("node", i))
            .default_open(n.depth == 0 && i > 0)
            .show(ui, |ui| {
                for c in children {
                    node_ui(ui, bar, tree, c, selected, actions);
                }
            })
            .header_response
    };
    if response.clicked() || response.secondary_clicked() {
        actions.push(Action::SelectNode(i));
    }
    response.context_menu(|ui| {
        let filter = node_filter(n);
        filter_entries(ui, bar, &filter, actions);
        ui.separator();
        if ui.button("Copy Value").clicked() {
            actions.push(Action::Copy(field_text(n.field, &n.value)));
            ui.close();
        }
        if ui.button("Copy Field Name").clicked() {
            actions.push(Action::Copy(n.field.name().into()));
            ui.close();
        }
        if ui.button("Copy Line").clicked() {
            actions.push(Action::Copy(format::label(n)));
            ui.close();
        }
    });
}

/// The deepest node (frame bytes only) whose range covers `byte`.
pub fn deepest_node_at(d: &Dissection, byte: usize) -> Option<usize> {
    d.tree
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.source == 0 && !n.hidden && n.range.contains(&byte))
        .max_by_key(|(i, n)| (n.depth, std::cmp::Reverse(n.range.len()), *i))
        .map(|(i, _)| i)
}
