//! The welcome screen: open a capture by path, or one of the bundled samples.

use super::app::{Action, WirelensApp};
use std::path::PathBuf;

/// Bundled sample captures, looked up next to the executable's project and the working dir.
fn samples() -> Vec<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("assets/samples"),
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/samples")),
    ];
    dirs.push(PathBuf::from("/usr/share/wirelens/samples"));
    for d in dirs {
        if let Ok(rd) = std::fs::read_dir(&d) {
            let mut files: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
            files.sort();
            if !files.is_empty() {
                return files;
            }
        }
    }
    Vec::new()
}

/// Draws the welcome screen.
pub fn welcome_ui(ui: &mut egui::Ui, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("wirelens");
    ui.label("Open a capture (pcap, pcapng, also gzip-compressed).");
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let label = ui.label("Capture file:");
        let r = ui
            .add(egui::TextEdit::singleline(&mut app.path_text).desired_width(500.0))
            .labelled_by(label.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (enter || ui.button("Open").clicked()) && !app.path_text.trim().is_empty() {
            actions.push(Action::Open(PathBuf::from(app.path_text.trim())));
        }
    });
    ui.add_space(12.0);
    ui.strong("Sample captures");
    for s in samples() {
        let name = s
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if ui.link(name).clicked() {
            actions.push(Action::Open(s));
        }
    }
    actions
}
