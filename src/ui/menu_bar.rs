//! The menu bar: File, Edit, View, Go, Capture, Statistics, Help, with Wireshark's shortcuts
//! shown next to the entries.

use super::actions::Action;
use super::app::WirelensApp;
use super::prefs::Theme;
use super::time_format::TimeFormat;

/// Draws the menu bar.
pub fn menu_bar_ui(ui: &mut egui::Ui, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu(ui, app, &mut actions));
        ui.menu_button("Edit", |ui| edit_menu(ui, app, &mut actions));
        ui.menu_button("View", |ui| view_menu(ui, app, &mut actions));
        ui.menu_button("Go", |ui| go_menu(ui, app, &mut actions));
        ui.menu_button("Capture", |ui| capture_menu(ui, app, &mut actions));
        ui.menu_button("Analyze", |ui| analyze_menu(ui, app, &mut actions));
        ui.menu_button("Statistics", |ui| statistics_menu(ui, app));
        ui.menu_button("Help", |ui| {
            if ui.button("About wirelens").clicked() {
                app.ui.windows.about = true;
                ui.close();
            }
        });
    });
    actions
}

fn item(ui: &mut egui::Ui, enabled: bool, text: &str, shortcut: &str) -> bool {
    let mut b = egui::Button::new(text);
    if !shortcut.is_empty() {
        b = b.shortcut_text(shortcut);
    }
    let clicked = ui.add_enabled(enabled, b).clicked();
    if clicked {
        ui.close();
    }
    clicked
}

fn file_menu(ui: &mut egui::Ui, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let has = app.doc.session.is_some();
    let capturing = app.doc.capturing();
    if item(ui, true, "Open…", "Ctrl+O") {
        actions.push(Action::OpenDialog);
    }
    ui.menu_button("Open Recent", |ui| {
        let recent = &app.prefs.recent;
        if recent.is_empty() {
            ui.weak("No recent files");
        }
        for p in recent {
            if ui.button(p.display().to_string()).clicked() {
                actions.push(Action::Open(p.clone()));
                ui.close();
            }
        }
    });
    if item(ui, true, "Open by Path…", "") {
        app.ui.windows.path_fallback = true;
    }
    if item(ui, true, "Import from Hex Dump…", "") {
        app.open_import();
    }
    ui.separator();
    if item(ui, has && !capturing, "Save…", "Ctrl+S") {
        actions.push(Action::Save);
    }
    if item(ui, has && !capturing, "Save As…", "Ctrl+Shift+S") {
        actions.push(Action::Save);
    }
    if item(ui, has && !capturing, "Export Specified Packets…", "") {
        actions.push(Action::ExportDialog);
    }
    ui.separator();
    if item(ui, has, "Close", "Ctrl+W") {
        actions.push(Action::Close);
    }
    if item(ui, true, "Quit", "Ctrl+Q") {
        actions.push(Action::Quit);
    }
}

fn edit_menu(ui: &mut egui::Ui, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let has = app.doc.session.is_some();
    let selected = app.doc.selection.is_some();
    if item(ui, has, "Find Packet…", "Ctrl+F") {
        app.ui.windows.find.get_or_insert_with(Default::default);
    }
    if item(ui, selected, "Mark/Unmark Packet", "Ctrl+M") {
        actions.push(Action::ToggleMark);
    }
    if item(ui, !app.doc.marks.is_empty(), "Unmark All", "") {
        actions.push(Action::UnmarkAll);
    }
    if item(ui, selected, "Set/Unset Time Reference", "Ctrl+T") {
        actions.push(Action::ToggleTimeRef);
    }
    ui.separator();
    if item(ui, true, "Colouring Rules…", "") {
        app.ui.windows.coloring = true;
    }
}

fn view_menu(ui: &mut egui::Ui, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    ui.menu_button("Time Display Format", |ui| {
        for (format, label) in TimeFormat::ALL {
            if ui.radio(app.prefs.time_format == format, label).clicked() {
                app.prefs.time_format = format;
                ui.close();
            }
        }
    });
    ui.menu_button("Theme", |ui| {
        for (theme, label) in [
            (Theme::System, "Follow System"),
            (Theme::Light, "Light"),
            (Theme::Dark, "Dark"),
        ] {
            if ui.radio(app.prefs.theme == theme, label).clicked() {
                app.prefs.theme = theme;
                ui.close();
            }
        }
    });
    if ui
        .checkbox(&mut app.prefs.coloring.enabled, "Colorize Packet List")
        .changed()
    {
        actions.push(Action::ColoringChanged);
    }
    if ui
        .checkbox(
            &mut app.prefs.validate_checksums,
            "Validate IPv4, TCP and UDP Checksums",
        )
        .changed()
    {
        actions.push(Action::ChecksumValidationChanged);
    }
    ui.checkbox(&mut app.prefs.show_plot, "Traffic Plot");
    ui.checkbox(&mut app.doc.table.follow, "Auto Scroll in Live Capture");
}

fn go_menu(ui: &mut egui::Ui, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let rows = app.doc.view.len();
    let has = rows > 0;
    if item(ui, has, "Go to Packet…", "Ctrl+G") {
        app.ui.windows.go_to.get_or_insert_with(String::new);
    }
    let row = app.doc.selected_row();
    if item(ui, has, "Next Packet", "↓") {
        actions.push(Action::SelectRow(row.map_or(0, |r| (r + 1).min(rows - 1))));
    }
    if item(ui, has, "Previous Packet", "↑") {
        actions.push(Action::SelectRow(row.map_or(0, |r| r.saturating_sub(1))));
    }
    if item(ui, has, "First Packet", "Home") {
        actions.push(Action::SelectRow(0));
    }
    if item(ui, has, "Last Packet", "End") {
        actions.push(Action::SelectRow(rows.saturating_sub(1)));
    }
}

fn capture_menu(ui: &mut egui::Ui, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let capturing = app.doc.capturing();
    // The capture options are on the welcome screen, shown once the capture is closed.
    if item(ui, !capturing, "Options…", "") {
        actions.push(Action::Close);
    }
    let can_start = !capturing && !app.prefs.capture.interface.is_empty();
    if item(ui, can_start, "Start", "Ctrl+E") {
        actions.push(Action::StartCapture);
    }
    if item(ui, capturing, "Stop", "Ctrl+E") {
        actions.push(Action::StopCapture);
    }
    if item(ui, capturing, "Restart", "Ctrl+R") {
        actions.push(Action::RestartCapture);
    }
    ui.separator();
    ui.menu_button("Packet Builder", |ui| {
        for t in super::builder::Template::ALL {
            if ui.button(t.label()).clicked() {
                actions.push(Action::OpenBuilder(super::actions::BuilderStart::Template(
                    t,
                )));
                ui.close();
            }
        }
    });
    let selected = app.doc.selection.as_ref().map(|s| s.packet);
    if item(ui, selected.is_some(), "Edit and Resend Packet…", "")
        && let Some(p) = selected
    {
        actions.push(Action::OpenBuilder(super::actions::BuilderStart::Packet(p)));
    }
    if item(
        ui,
        app.doc.session.is_some(),
        "Replay Displayed Packets…",
        "",
    ) {
        app.open_replay();
    }
}

fn analyze_menu(ui: &mut egui::Ui, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    use crate::stats::follow::Follow;
    let has = app.doc.session.is_some();
    ui.menu_button("Follow", |ui| {
        for (what, key) in Follow::ALL.into_iter().zip(["T", "U", "S", "H"]) {
            let enabled = app.selected_stream(what.transport()).is_some();
            let label = format!("{} Stream", what.title());
            if item(ui, enabled, &label, &format!("Ctrl+Alt+Shift+{key}")) {
                actions.push(Action::Follow(what));
            }
        }
    });
    if item(ui, has, "Expert Information", "") {
        actions.push(Action::OpenExpert);
    }
    ui.separator();
    if item(ui, true, "Decode As…", "") {
        app.ui.windows.decode_as = Some(Default::default());
    }
    if item(ui, true, "Protocol Descriptions…", "") {
        app.ui.windows.protocols = true;
    }
    if item(ui, true, "Reload Protocol Descriptions", "Ctrl+Shift+L") {
        actions.push(Action::ReloadProtocols);
    }
}

fn statistics_menu(ui: &mut egui::Ui, app: &mut WirelensApp) {
    let has = app.doc.session.is_some();
    if item(ui, has, "Capture File Properties", "") {
        app.ui.windows.properties = true;
    }
    if item(ui, has, "Protocol Hierarchy", "") {
        app.ui.windows.hierarchy = true;
    }
    if item(ui, has, "Conversations", "") {
        app.ui.windows.conversations = Some(0);
    }
    if item(ui, has, "Endpoints", "") {
        app.ui.windows.endpoints = Some(0);
    }
    if item(ui, has, "I/O Graph (Traffic Plot)", "") {
        app.prefs.show_plot = true;
    }
}
