//! The frame: app logic (background results, due work), then shortcuts, drops and the close
//! request, the panels, and the actions they returned.

use super::actions::Action;
use super::app::WirelensApp;
use super::prefs::Theme;
use egui::{Key, KeyboardShortcut, Modifiers};

impl eframe::App for WirelensApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        WirelensApp::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let mut actions = shortcuts(&ctx, self);
        actions.extend(dropped_files(&ctx));
        self.apply_theme(&ctx);
        self.handle_close_request(&ctx);
        actions.extend(self.layout(ui));
        actions.extend(super::dialogs::dialogs_ui(&ctx, self));
        actions.extend(super::stats_windows::stats_windows_ui(&ctx, self));
        actions.extend(super::follow_window::follow_window_ui(&ctx, self));
        actions.extend(super::expert_window::expert_window_ui(&ctx, self));
        actions.extend(super::protocols_window::protocols_window_ui(&ctx, self));
        actions.extend(super::decode_as_window::decode_as_window_ui(&ctx, self));
        actions.extend(super::builder_window::builder_window_ui(&ctx, self));
        actions.extend(super::import_window::import_window_ui(&ctx, self));
        actions.extend(super::replay_window::replay_window_ui(&ctx, self));
        actions.extend(super::coloring_editor::coloring_editor_ui(
            &ctx,
            &mut self.prefs.coloring,
            &mut self.ui.windows.coloring,
        ));
        for a in actions {
            self.apply(a);
        }
        if self.ui.windows.quit_now {
            self.save_prefs();
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.update_title(&ctx);
    }
}

impl WirelensApp {
    fn layout(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        egui::Panel::top("menu_bar").show(ui, |ui| {
            actions.extend(super::menu_bar::menu_bar_ui(ui, self));
        });
        egui::Panel::top("toolbar").show(ui, |ui| {
            actions.extend(super::toolbar::toolbar_ui(ui, self));
        });
        if self.doc.session.is_some() {
            egui::Panel::top("filter_bar").show(ui, |ui| {
                actions.extend(super::filter_bar::filter_bar_ui(
                    ui,
                    &mut self.ui.filter,
                    &mut self.prefs,
                ));
            });
        }
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            actions.extend(super::status_bar::status_bar_ui(ui, self));
        });
        if self.doc.session.is_none() {
            egui::CentralPanel::default().show(ui, |ui| {
                actions.extend(super::welcome::welcome_ui(ui, self));
            });
            return actions;
        }
        if self.prefs.show_plot {
            egui::Panel::bottom("plot")
                .resizable(true)
                .min_size(120.0)
                .default_size(190.0)
                .show(ui, |ui| {
                    actions.extend(super::plot_panel::plot_panel_ui(
                        ui,
                        &self.doc,
                        &mut self.ui.plot,
                    ))
                });
        }
        let details = egui::Panel::bottom("details")
            .resizable(true)
            .min_size(160.0)
            .default_size(self.prefs.details_height)
            .show(ui, |ui| {
                ui.columns(2, |cols| {
                    if let [left, right] = cols {
                        actions.extend(super::detail_tree::detail_tree_ui(left, self));
                        actions.extend(super::hex_view::hex_view_ui(right, &self.doc));
                    }
                });
            });
        self.prefs.details_height = details.response.rect.height();
        egui::CentralPanel::default().show(ui, |ui| {
            actions.extend(super::packet_table::packet_table_ui(ui, self));
        });
        actions
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        let wanted = match self.prefs.theme {
            Theme::System => egui::ThemePreference::System,
            Theme::Light => egui::ThemePreference::Light,
            Theme::Dark => egui::ThemePreference::Dark,
        };
        if ctx.options(|o| o.theme_preference) != wanted {
            ctx.set_theme(wanted);
        }
    }

    /// The window's close button: ask first when a capture is unsaved.
    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.ui.windows.quit_now {
            return;
        }
        if (self.doc.unsaved || self.doc.capturing()) && !self.ui.quit_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.request_close(true);
        } else {
            self.save_prefs();
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.doc.session {
            Some(s) if self.doc.capturing() => format!("{} — wirelens", s.path.display()),
            Some(s) => format!(
                "{}{} — wirelens",
                s.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                if self.doc.unsaved { " (unsaved)" } else { "" }
            ),
            None => "wirelens".to_string(),
        };
        if self.ui.title != title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.ui.title = title;
        }
    }
}

/// Wireshark's shortcuts (they work even while a text field has focus).
fn shortcuts(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let ctrl = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
    let ctrl_shift = |key| KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, key);
    let pressed = |s: KeyboardShortcut| ctx.input_mut(|i| i.consume_shortcut(&s));
    if pressed(ctrl_shift(Key::S)) || pressed(ctrl(Key::S)) {
        actions.push(Action::Save);
    }
    if pressed(ctrl(Key::O)) {
        actions.push(Action::OpenDialog);
    }
    if pressed(ctrl(Key::E)) {
        actions.push(if app.doc.capturing() {
            Action::StopCapture
        } else {
            Action::StartCapture
        });
    }
    if pressed(ctrl(Key::R)) {
        actions.push(Action::RestartCapture);
    }
    let follow =
        |key| KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::ALT | Modifiers::SHIFT, key);
    use crate::stats::follow::Follow;
    for (what, key) in Follow::ALL
        .into_iter()
        .zip([Key::T, Key::U, Key::S, Key::H])
    {
        if pressed(follow(key)) {
            actions.push(Action::Follow(what));
        }
    }
    if pressed(ctrl_shift(Key::L)) {
        actions.push(Action::ReloadProtocols);
    }
    if pressed(ctrl(Key::Slash)) {
        ctx.memory_mut(|m| m.request_focus(egui::Id::unique("display_filter")));
    }
    if pressed(ctrl(Key::W)) {
        actions.push(Action::Close);
    }
    if pressed(ctrl(Key::Q)) {
        actions.push(Action::Quit);
    }
    if pressed(ctrl(Key::G)) && app.doc.session.is_some() {
        app.ui.windows.go_to.get_or_insert_with(String::new);
    }
    if pressed(ctrl(Key::F)) && app.doc.session.is_some() {
        app.ui.windows.find.get_or_insert_with(Default::default);
    }
    if pressed(ctrl(Key::M)) {
        actions.push(Action::ToggleMark);
    }
    if pressed(ctrl(Key::T)) {
        actions.push(Action::ToggleTimeRef);
    }
    actions
}

/// Files dropped on the window: opened (several are merged).
fn dropped_files(ctx: &egui::Context) -> Vec<Action> {
    let paths: Vec<std::path::PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    match paths.len() {
        0 => Vec::new(),
        1 => paths.into_iter().map(Action::Open).collect(),
        _ => vec![Action::OpenMany(paths)],
    }
}
