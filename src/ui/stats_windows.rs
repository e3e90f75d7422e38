//! Statistics windows: Capture File Properties and Protocol Hierarchy (computed by app logic
//! once per session version and filter); Conversations and Endpoints live in
//! `conversations_window`.

use super::actions::Action;
use super::app::WirelensApp;
use crate::stats::HierarchyNode;

/// Draws every open statistics window.
pub fn stats_windows_ui(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    properties_window(ctx, app);
    hierarchy_window(ctx, app, &mut actions);
    actions.extend(super::conversations_window::conversations_windows_ui(
        ctx, app,
    ));
    actions
}

fn properties_window(ctx: &egui::Context, app: &mut WirelensApp) {
    if !app.ui.windows.properties {
        return;
    }
    let Some(text) = app.doc.caches.stats.as_ref().map(|c| &c.properties) else {
        return;
    };
    let text = format!("{text}Marked packets:      {}\n", app.doc.marks.len());
    let mut open = true;
    egui::Window::new("Capture File Properties")
        .open(&mut open)
        .default_size([520.0, 420.0])
        .show(ctx, |ui| {
            if ui.button("Copy").clicked() {
                ui.ctx().copy_text(text.clone());
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.add(egui::Label::new(egui::RichText::new(&text).monospace()).selectable(true));
            });
        });
    app.ui.windows.properties = open;
}

fn hierarchy_window(ctx: &egui::Context, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    if !app.ui.windows.hierarchy {
        return;
    }
    let Some(root) = app.doc.caches.stats.as_ref().map(|c| &c.hierarchy) else {
        return;
    };
    let applied = &app.ui.filter.applied;
    let filtered = !applied.is_empty();
    let mut open = true;
    egui::Window::new("Protocol Hierarchy")
        .open(&mut open)
        .default_size([560.0, 420.0])
        .show(ctx, |ui| {
            ui.label(if filtered {
                format!("Displayed packets (filter: {applied})")
            } else {
                "All packets".to_string()
            });
            let total = root.frames.max(1);
            egui::ScrollArea::vertical().show(ui, |ui| {
                egui::Grid::new("hierarchy").striped(true).show(ui, |ui| {
                    ui.strong("Protocol");
                    ui.strong("% Packets");
                    ui.strong("Packets");
                    ui.strong("Bytes");
                    ui.end_row();
                    for c in &root.children {
                        hierarchy_rows(ui, c, 0, total, actions);
                    }
                });
            });
        });
    app.ui.windows.hierarchy = open;
}

fn hierarchy_rows(
    ui: &mut egui::Ui,
    n: &HierarchyNode,
    depth: usize,
    total: u64,
    actions: &mut Vec<Action>,
) {
    let r = ui.label(format!("{}{}", "    ".repeat(depth), n.name));
    r.context_menu(|ui| {
        if ui.button(format!("Apply as Filter: {}", n.name)).clicked() {
            actions.push(Action::SetFilter(n.name.clone()));
            ui.close();
        }
    });
    ui.label(format!("{:.1}", n.frames as f64 * 100.0 / total as f64));
    ui.label(n.frames.to_string());
    ui.label(n.bytes.to_string());
    ui.end_row();
    for c in &n.children {
        hierarchy_rows(ui, c, depth + 1, total, actions);
    }
}
