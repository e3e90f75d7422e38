//! The welcome screen: interfaces with live packet-rate sparklines, a capture filter checked
//! by libpcap as you type, capture options and Start; the permission fix when capturing is
//! not allowed; Open, open by path, recent files and the bundled samples.

use super::actions::Action;
use super::app::WirelensApp;
use super::interfaces::sparkline;
use crate::capture::Permission;
use std::path::PathBuf;

const VALID: egui::Color32 = egui::Color32::from_rgb(0xaf, 0xff, 0xaf);
const INVALID: egui::Color32 = egui::Color32::from_rgb(0xff, 0xaf, 0xaf);

/// Bundled sample captures: next to the binary's project, the working dir, or installed.
pub fn samples() -> Vec<PathBuf> {
    let dirs = [
        PathBuf::from("assets/samples"),
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/samples")),
        PathBuf::from("/usr/share/wirelens/samples"),
    ];
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
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Welcome to wirelens");
        ui.add_space(6.0);
        ui.columns(2, |cols| {
            if let [left, right] = cols {
                capture_section(left, app, &mut actions);
                open_section(right, app, &mut actions);
            }
        });
    });
    actions
}

fn capture_section(ui: &mut egui::Ui, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    ui.strong("Capture");
    if let Permission::Missing { setcap } = &app.ui.welcome.permission {
        permission_notice(ui, setcap);
    }
    let Some(watch) = &app.jobs.interfaces else {
        // Started by app logic before the next frame.
        ui.label("Looking for interfaces…");
        capture_options_ui(ui, app, actions);
        return;
    };
    match &watch.interfaces {
        None => {
            // A plain label, not a spinner: discovery takes a moment and the list wakes
            // the screen when it comes.
            ui.label("Looking for interfaces…");
        }
        Some(Err(e)) => {
            ui.colored_label(egui::Color32::RED, e);
        }
        Some(Ok(list)) => {
            egui::Grid::new("interfaces").striped(true).show(ui, |ui| {
                ui.weak("Interface");
                ui.weak("Packets/s");
                ui.weak("State and addresses");
                ui.end_row();
                for iface in list {
                    let chosen = app.prefs.capture.interface == iface.name;
                    let r = ui.selectable_label(chosen, &iface.name);
                    if r.clicked() {
                        app.prefs.capture.interface = iface.name.clone();
                    }
                    if r.double_clicked() {
                        actions.push(Action::StartCapture);
                    }
                    let rates = watch.rates.get(&iface.name);
                    ui.horizontal(|ui| {
                        sparkline(ui, rates, egui::vec2(90.0, 16.0));
                        let now = rates.and_then(|r| r.back()).copied().unwrap_or(0.0);
                        ui.weak(format!("{now:.0}"));
                    });
                    ui.label(flags(iface)).on_hover_text(details(iface));
                    ui.end_row();
                }
            });
        }
    }
    ui.add_space(6.0);
    capture_options_ui(ui, app, actions);
}

fn permission_notice(ui: &mut egui::Ui, setcap: &str) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "You may not capture packets: this program lacks the CAP_NET_RAW capability.",
        );
        let label = ui.label("Grant it once (then restart wirelens):");
        let mut cmd = setcap.to_string();
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut cmd)
                    .code_editor()
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
            if ui.button("Copy").clicked() {
                ui.ctx().copy_text(setcap.into());
            }
        });
        ui.label(
            "With the .deb package, add yourself to the wirelens group instead: \
             sudo usermod -aG wirelens $USER (then log in again).",
        );
        ui.label("Meanwhile, open a capture file or a sample on the right.");
    });
}

fn flags(i: &crate::capture::Interface) -> String {
    let mut f = Vec::new();
    if i.up {
        f.push("up");
    }
    if i.running {
        f.push("running");
    }
    if i.loopback {
        f.push("loopback");
    }
    if i.wireless {
        f.push("wireless");
    }
    let addrs: Vec<String> = i
        .addresses
        .iter()
        .take(2)
        .map(|(a, _)| a.to_string())
        .collect();
    format!("{}  {}", f.join(", "), addrs.join(" "))
}

fn details(i: &crate::capture::Interface) -> String {
    let mut s = i.description.clone().unwrap_or_else(|| i.name.clone());
    for (a, p) in &i.addresses {
        s.push_str(&format!(
            "\n{a}{}",
            p.map(|p| format!("/{p}")).unwrap_or_default()
        ));
    }
    s
}

fn capture_options_ui(ui: &mut egui::Ui, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let text = app.prefs.capture_filter.trim().to_string();
    // libpcap's verdict, from app logic; until it has looked at this text, none.
    let verdict = app
        .ui
        .welcome
        .bpf
        .as_ref()
        .filter(|v| v.text == text)
        .map(|v| v.result.clone());
    ui.horizontal(|ui| {
        let label = ui.label("Capture filter:");
        let bg = match (&verdict, text.is_empty()) {
            (_, true) => ui.visuals().extreme_bg_color,
            (Some(Ok(())), _) => VALID,
            _ => INVALID,
        };
        let fg = if text.is_empty() {
            ui.visuals().text_color()
        } else {
            egui::Color32::BLACK
        };
        ui.add(
            egui::TextEdit::singleline(&mut app.prefs.capture_filter)
                .hint_text("BPF, e.g. tcp port 443 or udp port 53")
                .background_color(bg)
                .text_color(fg)
                .desired_width(300.0),
        )
        .labelled_by(label.id);
    });
    if let Some(Err(e)) = &verdict {
        ui.colored_label(egui::Color32::RED, e);
    }
    ui.horizontal(|ui| {
        let snaplen = ui.label("Snaplen:");
        ui.add(egui::DragValue::new(&mut app.prefs.capture.snaplen).range(64..=262_144))
            .labelled_by(snaplen.id);
        ui.checkbox(&mut app.prefs.capture.promiscuous, "Promiscuous");
        let buffer = ui.label("Buffer (MiB):");
        let mut mib = app.prefs.capture.buffer_bytes / (1 << 20);
        if ui
            .add(egui::DragValue::new(&mut mib).range(1..=1024))
            .labelled_by(buffer.id)
            .changed()
        {
            app.prefs.capture.buffer_bytes = mib.max(1) << 20;
        }
    });
    let ready = !app.prefs.capture.interface.is_empty() && matches!(verdict, Some(Ok(())));
    let label = if app.prefs.capture.interface.is_empty() {
        "Start (choose an interface)".to_string()
    } else {
        format!("▶ Start capturing on {}", app.prefs.capture.interface)
    };
    if ui.add_enabled(ready, egui::Button::new(label)).clicked() {
        actions.push(Action::StartCapture);
    }
}

fn open_section(ui: &mut egui::Ui, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    ui.strong("Open a capture file");
    if ui.button("Open capture…").clicked() {
        actions.push(Action::OpenDialog);
    }
    ui.label("pcap, pcapng, also gzip-compressed; several files are merged in time order.");
    ui.horizontal(|ui| {
        let label = ui.label("Capture file:");
        let r = ui
            .add(egui::TextEdit::singleline(&mut app.ui.path_text).desired_width(320.0))
            .labelled_by(label.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (enter || ui.button("Open").clicked()) && !app.ui.path_text.trim().is_empty() {
            actions.push(Action::Open(PathBuf::from(app.ui.path_text.trim())));
        }
    });
    let recent = &app.prefs.recent;
    if !recent.is_empty() {
        ui.add_space(8.0);
        ui.strong("Recent files");
        for p in recent {
            if ui.link(p.display().to_string()).clicked() {
                actions.push(Action::Open(p.clone()));
            }
        }
    }
    ui.add_space(8.0);
    ui.strong("Sample captures");
    for s in &app.ui.welcome.samples {
        let name = s
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if ui.link(name).clicked() {
            actions.push(Action::Open(s.clone()));
        }
    }
}
