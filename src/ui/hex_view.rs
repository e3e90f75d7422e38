//! The hex view: offset | 16 hex bytes | ASCII. The selected node's bytes are highlighted;
//! clicking a byte selects the deepest field that covers it; the dump can be copied.

use super::app::{Action, WirelensApp};

const PER_ROW: usize = 16;
const HIGHLIGHT: egui::Color32 = egui::Color32::from_rgb(0x4a, 0x90, 0xd9);

/// Draws the selected packet's bytes.
pub fn hex_view_ui(ui: &mut egui::Ui, app: &WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(sel) = &app.selection else {
        return actions;
    };
    let highlight = sel
        .node
        .and_then(|n| sel.dissection.tree.nodes.get(n))
        .filter(|n| n.source == 0)
        .map(|n| n.range.clone())
        .unwrap_or(0..0);
    let copy = ui.horizontal(|ui| {
        ui.weak(format!("{} bytes", sel.bytes.len()));
        ui.button("Copy as Hex Dump").clicked()
    });
    if copy.inner {
        actions.push(Action::Copy(super::row_context::hex_dump(&sel.bytes)));
    }
    egui::ScrollArea::vertical()
        .id_salt("hex")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            for (r, chunk) in sel.bytes.chunks(PER_ROW).enumerate() {
                ui.horizontal(|ui| {
                    ui.monospace(format!("{:04x}  ", r * PER_ROW));
                    for (k, b) in chunk.iter().enumerate() {
                        let at = r * PER_ROW + k;
                        let mut text = egui::RichText::new(format!("{b:02x} ")).monospace();
                        if highlight.contains(&at) {
                            text = text.background_color(HIGHLIGHT).color(egui::Color32::WHITE);
                        }
                        if ui
                            .add(egui::Label::new(text).sense(egui::Sense::click()))
                            .clicked()
                        {
                            actions.push(Action::SelectByte(at));
                        }
                    }
                    let pad = "   ".repeat(PER_ROW - chunk.len());
                    ui.monospace(format!("{pad} {}", super::row_context::ascii(chunk)));
                });
            }
        });
    actions
}

/// The highlighted byte range of the current selection (for tests and the status bar).
pub fn highlighted_range(app: &WirelensApp) -> Option<std::ops::Range<usize>> {
    let sel = app.selection.as_ref()?;
    let n = sel.dissection.tree.nodes.get(sel.node?)?;
    (n.source == 0).then(|| n.range.clone())
}
