//! Expert Information: the notes of the capture grouped by severity, then by summary (with
//! group and protocol), with counts; each opens to its packets, a click selects one. The tally
//! comes from app logic; this view only draws it and returns actions.

use super::actions::Action;
use super::app::WirelensApp;
use crate::dissect::tree::Severity;
use crate::stats::expert::ExpertTally;

/// Packets listed under one entry (the count is always exact).
const LISTED: usize = 500;

/// The colour of a severity (the status bar indicator uses it too).
pub fn severity_color(s: Severity) -> egui::Color32 {
    match s {
        Severity::Error => egui::Color32::from_rgb(0xd0, 0x30, 0x30),
        Severity::Warning => egui::Color32::from_rgb(0xe0, 0xa0, 0x20),
        Severity::Note => egui::Color32::from_rgb(0x40, 0x90, 0xd0),
        Severity::Chat => egui::Color32::from_rgb(0x80, 0x80, 0x80),
    }
}

/// The plural title tshark's report uses for a severity.
pub fn severity_title(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Note => "Notes",
        Severity::Chat => "Chats",
    }
}

/// Draws Expert Information when it is open.
pub fn expert_window_ui(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(mut view) = app.ui.windows.expert.clone() else {
        return actions;
    };
    let tally = app
        .doc
        .caches
        .expert
        .as_ref()
        .map(|(k, t)| (k.filter.clone(), t.clone()));
    let mut open = true;
    egui::Window::new("Expert Information")
        .open(&mut open)
        .default_size([640.0, 460.0])
        .show(ctx, |ui| {
            ui.checkbox(&mut view.displayed_only, "Limit to display filter");
            match &tally {
                None => {
                    ui.label("Collecting expert information…");
                }
                Some((filter, t)) => {
                    if let Some(f) = filter {
                        ui.label(format!("Packets matching {f:?}"));
                    }
                    egui::ScrollArea::vertical().show(ui, |ui| entries(ui, t, &mut actions));
                }
            }
        });
    app.ui.windows.expert = open.then_some(view);
    actions
}

fn entries(ui: &mut egui::Ui, t: &ExpertTally, actions: &mut Vec<Action>) {
    if t.entries.is_empty() {
        ui.label("No expert information.");
    }
    for severity in [
        Severity::Error,
        Severity::Warning,
        Severity::Note,
        Severity::Chat,
    ] {
        let count = t.count(severity);
        if count == 0 {
            continue;
        }
        let title = egui::RichText::new(format!("{} ({count})", severity_title(severity)))
            .color(severity_color(severity))
            .strong();
        egui::CollapsingHeader::new(title)
            .id_salt(severity_title(severity))
            .default_open(true)
            .show(ui, |ui| {
                for (k, e) in t.of(severity).enumerate() {
                    let label = format!(
                        "{}   [{} · {}]   ({})",
                        e.summary,
                        e.group.name(),
                        e.protocol,
                        e.frames.len()
                    );
                    egui::CollapsingHeader::new(label)
                        .id_salt((severity_title(severity), k))
                        .show(ui, |ui| {
                            for frame in e.frames.iter().take(LISTED) {
                                if ui.link(format!("Packet {frame}")).clicked() {
                                    actions.push(Action::GoTo(*frame));
                                }
                            }
                            if e.frames.len() > LISTED {
                                ui.label(format!("… {} more", e.frames.len() - LISTED));
                            }
                        });
                }
            });
    }
}
