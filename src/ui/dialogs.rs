//! Small windows: Go to packet, Find, Export Specified Packets, open by path, the unsaved
//! capture prompt, a capture that could not start, About.

use super::actions::Action;
use super::app::WirelensApp;
use super::windows::{ExportForm, ExportScope, FindKind, Prompt, PromptAnswer};
use crate::pcapfile::OutputFormat;
use std::path::PathBuf;

/// Draws every open dialog.
pub fn dialogs_ui(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    go_to_window(ctx, app, &mut actions);
    find_window(ctx, app, &mut actions);
    export_window(ctx, app, &mut actions);
    path_window(ctx, app, &mut actions);
    prompt_window(ctx, app, &mut actions);
    capture_error_window(ctx, app);
    about_window(ctx, app);
    actions
}

fn go_to_window(ctx: &egui::Context, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let Some(mut text) = app.ui.windows.go_to.take() else {
        return;
    };
    let mut open = true;
    let mut done = false;
    egui::Window::new("Go to Packet")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Packet number:");
                let r = ui
                    .add(egui::TextEdit::singleline(&mut text).desired_width(120.0))
                    .labelled_by(label.id);
                r.request_focus();
                let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                if enter || ui.button("Go").clicked() {
                    match text.trim().parse::<u64>() {
                        Ok(n) if n > 0 => {
                            actions.push(Action::GoTo(n));
                            done = true;
                        }
                        _ => {
                            app.ui.message =
                                Some(format!("\"{}\" is not a packet number", text.trim()))
                        }
                    }
                }
            });
        });
    if open && !done {
        app.ui.windows.go_to = Some(text);
    }
}

fn find_window(ctx: &egui::Context, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let Some(mut query) = app.ui.windows.find.take() else {
        return;
    };
    let mut open = true;
    egui::Window::new("Find Packet")
        .open(&mut open)
        .collapsible(false)
        .default_width(520.0)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.radio_value(&mut query.kind, FindKind::DisplayFilter, "Display filter");
                ui.radio_value(&mut query.kind, FindKind::Hex, "Hex value");
                ui.radio_value(&mut query.kind, FindKind::String, "String");
            });
            ui.horizontal(|ui| {
                let label = ui.label("Find:");
                let r = ui
                    .add(egui::TextEdit::singleline(&mut query.text).desired_width(360.0))
                    .labelled_by(label.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let busy = app.jobs.find.is_some();
                if (enter
                    || ui
                        .add_enabled(!busy, egui::Button::new("Find Next"))
                        .clicked())
                    && !query.text.trim().is_empty()
                {
                    actions.push(Action::Find(query.clone()));
                }
            });
            if let Some(find) = &app.jobs.find {
                ui.add(egui::ProgressBar::new(find.job.fraction()).text("Searching…"));
            }
            if let Some(e) = &app.ui.windows.find_error {
                ui.colored_label(egui::Color32::RED, egui::RichText::new(e).monospace());
            }
        });
    if open {
        app.ui.windows.find = Some(query);
    }
}

fn export_window(ctx: &egui::Context, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let Some(ExportForm {
        mut request,
        path_text: mut path,
    }) = app.ui.windows.export.take()
    else {
        return;
    };
    let mut open = true;
    let mut submit = false;
    let mut browse = false;
    let (mut first, mut last) = match request.scope {
        ExportScope::Range { first, last } => (first.to_string(), last.to_string()),
        _ => (String::from("1"), app.doc.packets().max(1).to_string()),
    };
    egui::Window::new("Export Specified Packets")
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label("Packets:");
            let counts = |scope| app.doc.count_in(scope);
            for (scope, label) in [
                (ExportScope::All, "All captured"),
                (ExportScope::Displayed, "All displayed"),
                (ExportScope::Selected, "Selected packet"),
                (ExportScope::Marked, "Marked packets"),
            ] {
                ui.radio_value(
                    &mut request.scope,
                    scope,
                    format!("{label} ({})", counts(scope)),
                );
            }
            ui.horizontal(|ui| {
                let is_range = matches!(request.scope, ExportScope::Range { .. });
                if ui.radio(is_range, "Range of displayed packets:").clicked() {
                    request.scope = ExportScope::Range { first: 1, last: 1 };
                }
                ui.add(egui::TextEdit::singleline(&mut first).desired_width(80.0));
                ui.label("–");
                ui.add(egui::TextEdit::singleline(&mut last).desired_width(80.0));
            });
            if let ExportScope::Range { .. } = request.scope {
                let first = first.trim().parse().unwrap_or(1);
                let last = last.trim().parse().unwrap_or(first);
                request.scope = ExportScope::Range { first, last };
            }
            ui.separator();
            ui.horizontal(|ui| {
                ui.label("Format:");
                ui.radio_value(&mut request.format, OutputFormat::PcapNg, "pcapng");
                ui.radio_value(
                    &mut request.format,
                    OutputFormat::PcapNanos,
                    "pcap (nanoseconds)",
                );
                ui.radio_value(
                    &mut request.format,
                    OutputFormat::Pcap,
                    "pcap (microseconds)",
                );
            });
            ui.horizontal(|ui| {
                let label = ui.label("File:");
                ui.add(egui::TextEdit::singleline(&mut path).desired_width(360.0))
                    .labelled_by(label.id);
                browse = ui.button("Browse…").clicked();
            });
            ui.weak("Written to a temporary file and renamed into place: never half-written.");
            submit = ui.button("Save").clicked();
        });
    request.path = PathBuf::from(path.trim());
    if browse {
        actions.push(Action::BrowseSave(request));
        return;
    }
    if submit {
        actions.push(Action::Export(request));
        return;
    }
    if open {
        app.ui.windows.export = Some(ExportForm {
            request,
            path_text: path,
        });
    }
}

fn path_window(ctx: &egui::Context, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    if !app.ui.windows.path_fallback || app.doc.session.is_none() {
        return;
    }
    let mut open = true;
    egui::Window::new("Open Capture by Path")
        .open(&mut open)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Path:");
                let r = ui
                    .add(egui::TextEdit::singleline(&mut app.ui.path_text).desired_width(420.0))
                    .labelled_by(label.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let text = app.ui.path_text.trim();
                if (enter || ui.button("Open").clicked()) && !text.is_empty() {
                    actions.push(Action::Open(PathBuf::from(text)));
                }
            });
        });
    app.ui.windows.path_fallback = open && actions.is_empty();
}

fn prompt_window(ctx: &egui::Context, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let Some(Prompt::Unsaved(after)) = app.ui.windows.prompt.clone() else {
        return;
    };
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("unsaved_prompt")).show(ctx, |ui| {
        ui.heading("Unsaved packets");
        ui.label(if app.doc.capturing() {
            "A capture is running. Its packets are not saved to a file yet."
        } else {
            "The captured packets are not saved to a file yet."
        });
        ui.label("Save them before continuing?");
        ui.horizontal(|ui| {
            if ui.button("Save…").clicked() {
                answer = Some(PromptAnswer::Save);
            }
            if ui.button("Continue without Saving").clicked() {
                answer = Some(PromptAnswer::Discard(after.clone()));
            }
            if ui.button("Cancel").clicked() {
                answer = Some(PromptAnswer::Cancel);
            }
        });
    });
    if let Some(answer) = answer {
        actions.push(Action::AnswerPrompt(answer));
    }
}

fn capture_error_window(ctx: &egui::Context, app: &mut WirelensApp) {
    let Some(text) = app.ui.windows.capture_error.clone() else {
        return;
    };
    let mut open = true;
    egui::Window::new("The capture did not start")
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.add(egui::Label::new(egui::RichText::new(&text).monospace()).selectable(true));
            if ui.button("Copy").clicked() {
                ui.ctx().copy_text(text.clone());
            }
        });
    if !open {
        app.ui.windows.capture_error = None;
    }
}

fn about_window(ctx: &egui::Context, app: &mut WirelensApp) {
    egui::Window::new("About wirelens")
        .open(&mut app.ui.windows.about)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.heading(format!("wirelens {}", env!("CARGO_PKG_VERSION")));
            ui.label("A fast, crash-proof packet analyzer.");
            ui.label(
                "Shortcuts: Ctrl+O open · Ctrl+S save · Ctrl+Shift+S save as · Ctrl+E start/stop",
            );
            ui.label("Ctrl+R restart · Ctrl+/ filter · Ctrl+F find · Ctrl+G go to · Ctrl+M mark");
            ui.label("Ctrl+T time reference · Ctrl+W close · Ctrl+Q quit");
        });
}
