//! The hex view: offset | 16 hex bytes | ASCII, one text line per row and only the visible
//! rows laid out. The selected node's bytes are highlighted in both columns; clicking a byte
//! (in either column) selects the deepest field that covers it; the dump can be copied.

use super::actions::Action;
use super::app::WirelensApp;
use super::document::Document;
use super::row_context::ascii;
use std::ops::Range;

const PER_ROW: usize = 16;
const HIGHLIGHT: egui::Color32 = egui::Color32::from_rgb(0x4a, 0x90, 0xd9);
/// Where the hex bytes start in a line (`0000  `).
const HEX_START: usize = 6;
/// Where the ASCII column starts (`0000  ` + 16 × `xx ` + ` `).
const ASCII_START: usize = HEX_START + PER_ROW * 3 + 1;

/// Draws the selected packet's bytes.
pub fn hex_view_ui(ui: &mut egui::Ui, doc: &Document) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(sel) = &doc.selection else {
        return actions;
    };
    let highlight = selected_range(doc).unwrap_or(0..0);
    let copy = ui.horizontal(|ui| {
        ui.weak(format!("{} bytes", sel.bytes.len()));
        ui.button("Copy as Hex Dump").clicked()
    });
    if copy.inner {
        actions.push(Action::Copy(super::row_context::hex_dump(&sel.bytes)));
    }
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let row_height = ui.fonts_mut(|f| f.row_height(&font));
    let lines = sel.bytes.len().div_ceil(PER_ROW);
    let colors = (ui.visuals().text_color(), HIGHLIGHT, egui::Color32::WHITE);
    egui::ScrollArea::vertical()
        .id_salt("hex")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, lines, |ui, rows| {
            ui.spacing_mut().item_spacing.y = 0.0;
            for r in rows {
                let start = r * PER_ROW;
                let chunk = sel.bytes.get(start..(start + PER_ROW).min(sel.bytes.len()));
                let job = line_job(r, chunk.unwrap_or(&[]), &highlight, &font, colors);
                let galley = ui.fonts_mut(|f| f.layout_job(job));
                let chars = galley.text().chars().count().max(1);
                let response = ui.add(
                    egui::Label::new(galley.clone())
                        .sense(egui::Sense::click())
                        .selectable(false),
                );
                if response.clicked()
                    && let Some(p) = response.interact_pointer_pos()
                {
                    let char_width = galley.rect.width() / chars as f32;
                    let column = ((p.x - response.rect.left()) / char_width) as usize;
                    if let Some(byte) = byte_at(column) {
                        actions.push(Action::SelectByte(start + byte));
                    }
                }
            }
        });
    actions
}

/// The byte (0..16) under character `column` of a line, in the hex or the ASCII part.
fn byte_at(column: usize) -> Option<usize> {
    if (HEX_START..HEX_START + PER_ROW * 3).contains(&column) {
        Some((column - HEX_START) / 3)
    } else if (ASCII_START..ASCII_START + PER_ROW).contains(&column) {
        Some(column - ASCII_START)
    } else {
        None
    }
}

/// One line as a layout job, highlighted bytes on a coloured background.
fn line_job(
    row: usize,
    chunk: &[u8],
    highlight: &Range<usize>,
    font: &egui::FontId,
    (text, back, front): (egui::Color32, egui::Color32, egui::Color32),
) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    let plain = egui::TextFormat::simple(font.clone(), text);
    let marked = egui::TextFormat {
        background: back,
        color: front,
        ..plain.clone()
    };
    let start = row * PER_ROW;
    let format = |k: usize| {
        if highlight.contains(&(start + k)) {
            marked.clone()
        } else {
            plain.clone()
        }
    };
    job.append(&format!("{start:04x}  "), 0.0, plain.clone());
    for (k, b) in chunk.iter().enumerate() {
        job.append(&format!("{b:02x}"), 0.0, format(k));
        job.append(" ", 0.0, plain.clone());
    }
    job.append(&"   ".repeat(PER_ROW - chunk.len()), 0.0, plain.clone());
    job.append(" ", 0.0, plain.clone());
    for (k, c) in ascii(chunk).chars().enumerate() {
        job.append(&c.to_string(), 0.0, format(k));
    }
    job
}

/// The highlighted byte range of the current selection (for tests).
pub fn highlighted_range(app: &WirelensApp) -> Option<Range<usize>> {
    selected_range(&app.doc)
}

/// The frame bytes of the selected tree node.
fn selected_range(doc: &Document) -> Option<Range<usize>> {
    let sel = doc.selection.as_ref()?;
    let n = sel.dissection.tree.nodes.get(sel.node?)?;
    (n.source == 0).then(|| n.range.clone())
}

#[cfg(test)]
mod tests {
    use super::{ASCII_START, byte_at};

    #[test]
    fn columns_map_to_bytes_in_both_parts() {
        assert_eq!(byte_at(0), None);
        assert_eq!(byte_at(6), Some(0));
        assert_eq!(byte_at(7), Some(0));
        assert_eq!(byte_at(8), Some(0));
        assert_eq!(byte_at(9), Some(1));
        assert_eq!(byte_at(6 + 15 * 3), Some(15));
        assert_eq!(byte_at(ASCII_START - 1), None);
        assert_eq!(byte_at(ASCII_START), Some(0));
        assert_eq!(byte_at(ASCII_START + 15), Some(15));
        assert_eq!(byte_at(ASCII_START + 16), None);
    }
}
