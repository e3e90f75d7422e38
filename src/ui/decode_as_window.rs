//! Analyze ▸ Decode As: decode a port, EtherType, IP protocol or link type as a described
//! protocol, or a port as a built-in application dissector. The entries are remembered in
//! the settings (as tshark's `-d` strings).

use super::actions::Action;
use super::app::WirelensApp;

/// The tables an entry can name.
pub const TABLES: [&str; 5] = ["udp.port", "tcp.port", "eth.type", "ip.proto", "link"];

/// The entry being written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecodeAsForm {
    /// Index into [`TABLES`].
    pub table: usize,
    /// The value as typed.
    pub value: String,
    /// The protocol chosen.
    pub protocol: String,
}

impl DecodeAsForm {
    /// The entry as tshark writes it, `udp.port==4790,vxlan`.
    pub fn entry(&self) -> String {
        let table = TABLES.get(self.table).copied().unwrap_or("udp.port");
        format!("{table}=={},{}", self.value.trim(), self.protocol)
    }
}

/// Draws the window when it is open.
pub fn decode_as_window_ui(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(mut form) = app.ui.windows.decode_as.clone() else {
        return actions;
    };
    let mut open = true;
    let mut names: Vec<String> = app
        .protocols
        .loaded
        .as_ref()
        .map(|l| l.plan.protocols.iter().map(|p| p.name.clone()).collect())
        .unwrap_or_default();
    let builtin: Vec<String> = crate::dissect::app::DECODE_AS_NAMES
        .iter()
        .filter(|n| !names.iter().any(|m| m == *n))
        .map(|n| n.to_string())
        .collect();
    names.extend(builtin);
    egui::Window::new("Decode As")
        .open(&mut open)
        .show(ctx, |ui| {
            let mut entries = app.prefs.decode_as.clone();
            let mut remove = None;
            egui::Grid::new("decode_as_entries")
                .striped(true)
                .show(ui, |ui| {
                    for (k, e) in entries.iter().enumerate() {
                        ui.monospace(e);
                        if ui.small_button("Remove").clicked() {
                            remove = Some(k);
                        }
                        ui.end_row();
                    }
                });
            if let Some(k) = remove {
                entries.remove(k);
                actions.push(Action::SetDecodeAs(entries.clone()));
            }
            ui.separator();
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt("decode_as_table")
                    .selected_text(TABLES.get(form.table).copied().unwrap_or(""))
                    .show_ui(ui, |ui| {
                        for (k, t) in TABLES.iter().enumerate() {
                            ui.selectable_value(&mut form.table, k, *t);
                        }
                    });
                ui.label("==");
                ui.add(
                    egui::TextEdit::singleline(&mut form.value)
                        .desired_width(70.0)
                        .hint_text("4790"),
                );
                ui.label("as");
                egui::ComboBox::from_id_salt("decode_as_protocol")
                    .selected_text(form.protocol.as_str())
                    .show_ui(ui, |ui| {
                        for n in &names {
                            ui.selectable_value(&mut form.protocol, n.clone(), n.as_str());
                        }
                    });
                let ready = !form.value.trim().is_empty() && !form.protocol.is_empty();
                if ui.add_enabled(ready, egui::Button::new("Add")).clicked() {
                    entries.push(form.entry());
                    actions.push(Action::SetDecodeAs(entries));
                    form.value.clear();
                }
            });
            for e in app
                .protocols
                .errors
                .iter()
                .filter(|e| e.file == "Decode As")
            {
                ui.colored_label(egui::Color32::RED, &e.message);
            }
        });
    app.ui.windows.decode_as = open.then_some(form);
    actions
}
