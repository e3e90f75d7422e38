//! File ▸ Import from Hex Dump: paste a hex dump (Wireshark's, text2pcap's, tcpdump -x, or a
//! bare hex stream), choose the first layer, see the packets dissected, then open them in the
//! Packet Builder or as a capture.

use super::actions::Action;
use super::app::WirelensApp;
use crate::craft::hexdump;
use crate::dissect::LinkType;

/// What the first bytes of an imported packet are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstLayer {
    /// An Ethernet header.
    Ethernet,
    /// An IPv4 or IPv6 header (raw IP).
    RawIp,
    /// Any link type, by number (`LINKTYPE_*`).
    Other(u32),
}

impl FirstLayer {
    /// The link type the packets get.
    pub fn link(self) -> LinkType {
        match self {
            FirstLayer::Ethernet => LinkType::ETHERNET,
            FirstLayer::RawIp => LinkType::RAW,
            FirstLayer::Other(n) => LinkType(n),
        }
    }
}

/// The import window's form.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportForm {
    /// The pasted text.
    pub text: String,
    /// The first layer.
    pub first: FirstLayer,
    /// The packets found, or why the text is not hex.
    pub parsed: Result<Vec<Vec<u8>>, String>,
}

impl Default for ImportForm {
    fn default() -> Self {
        ImportForm {
            text: String::new(),
            first: FirstLayer::Ethernet,
            parsed: Err("Paste a hex dump above.".into()),
        }
    }
}

impl ImportForm {
    /// Parses the text again.
    pub fn reparse(&mut self) {
        self.parsed = hexdump::parse(&self.text).map_err(|e| e.to_string());
    }
}

/// Draws the window when open.
pub fn import_window_ui(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(mut form) = app.ui.import.take() else {
        return actions;
    };
    let mut open = true;
    egui::Window::new("Import from Hex Dump")
        .open(&mut open)
        .default_size([760.0, 560.0])
        .show(ctx, |ui| {
            ui.label(
                "Paste a hex dump (offsets and an ASCII column are fine) or a bare hex stream:",
            );
            let r = ui.add(
                egui::TextEdit::multiline(&mut form.text)
                    .code_editor()
                    .desired_rows(10)
                    .desired_width(f32::INFINITY)
                    .hint_text(
                        "0000  ff ff ff ff ff ff 02 00 00 00 00 01 08 06 00 01  ..............",
                    )
                    .id(egui::Id::unique("import_hex_text")),
            );
            if r.changed() {
                form.reparse();
            }
            ui.horizontal(|ui| {
                ui.label("First layer:");
                ui.radio_value(&mut form.first, FirstLayer::Ethernet, "Ethernet");
                ui.radio_value(&mut form.first, FirstLayer::RawIp, "Raw IPv4/IPv6");
                let mut other = match form.first {
                    FirstLayer::Other(n) => n,
                    _ => 113,
                };
                let is_other = matches!(form.first, FirstLayer::Other(_));
                let radio = ui.radio(is_other, "Link type");
                if radio.clicked() {
                    form.first = FirstLayer::Other(other);
                }
                if ui
                    .add_enabled(is_other, egui::DragValue::new(&mut other).range(0..=65_535))
                    .labelled_by(radio.id)
                    .changed()
                {
                    form.first = FirstLayer::Other(other);
                }
            });
            match &form.parsed {
                Err(e) => {
                    ui.colored_label(egui::Color32::RED, e);
                }
                Ok(packets) => {
                    preview(ui, form.first.link(), packets);
                    ui.horizontal(|ui| {
                        if ui.button("Open in Packet Builder").clicked() {
                            actions.push(Action::ImportToBuilder);
                        }
                        if ui.button("Open as a Capture").clicked() {
                            actions.push(Action::ImportAsCapture);
                        }
                    });
                }
            }
        });
    if open {
        app.ui.import = Some(form);
    }
    actions
}

/// Each packet's layers.
fn preview(ui: &mut egui::Ui, link: LinkType, packets: &[Vec<u8>]) {
    ui.label(format!(
        "{} packet{}:",
        packets.len(),
        if packets.len() == 1 { "" } else { "s" }
    ));
    egui::ScrollArea::vertical()
        .id_salt("import_preview")
        .max_height(260.0)
        .show(ui, |ui| {
            for (k, p) in packets.iter().enumerate() {
                ui.strong(format!(
                    "{}: {}",
                    k + 1,
                    crate::dissect::summary_line(link, p)
                ));
                let tree = crate::craft::from_packet::dissect_plain(link, p);
                let layers: Vec<&str> = tree.protocols.iter().skip(1).copied().collect();
                ui.label(format!("    {} bytes: {}", p.len(), layers.join(" / ")));
            }
        });
}
