//! The layer tree: one collapsible node per layer with Wireshark-like labels; clicking a node
//! selects it (and highlights its bytes in the hex view). Expert notes are listed in colour.

use super::app::{Action, WirelensApp};
use crate::dissect::format;
use crate::dissect::tree::{Severity, Tree};

/// Draws the layer tree of the selected packet.
pub fn detail_tree_ui(ui: &mut egui::Ui, app: &WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(sel) = &app.selection else {
        ui.weak("Select a packet to see its layers.");
        return actions;
    };
    let tree = &sel.dissection.tree;
    egui::ScrollArea::vertical()
        .id_salt("tree")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, n) in tree.nodes.iter().enumerate() {
                if n.depth == 0 && !n.hidden {
                    node_ui(ui, tree, i, sel.node, &mut actions);
                }
            }
            for note in &tree.notes {
                let color = match note.severity {
                    Severity::Error => egui::Color32::RED,
                    Severity::Warning => egui::Color32::from_rgb(0xd0, 0x80, 0x00),
                    _ => egui::Color32::GRAY,
                };
                ui.colored_label(color, format!("[Expert: {}] {}", note.layer, note.message));
            }
        });
    actions
}

fn node_ui(
    ui: &mut egui::Ui,
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
    if children.is_empty() {
        if ui.selectable_label(is_selected, label).clicked() {
            actions.push(Action::SelectNode(i));
        }
        return;
    }
    let text = if is_selected {
        egui::RichText::new(label).strong()
    } else {
        egui::RichText::new(label)
    };
    let response = egui::CollapsingHeader::new(text)
        .id_salt(("node", i))
        .default_open(n.depth == 0 && i > 0)
        .show(ui, |ui| {
            for c in children {
                node_ui(ui, tree, c, selected, actions);
            }
        });
    if response.header_response.clicked() {
        actions.push(Action::SelectNode(i));
    }
}
