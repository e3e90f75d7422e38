//! Statistics windows: Capture File Properties and Protocol Hierarchy (cached per session and
//! filter); Conversations and Endpoints live in `conversations_window`.

use super::app::{Action, WirelensApp};
use super::status_bar::human_bytes;
use super::windows::StatsCache;
use crate::stats::{HierarchyNode, protocol_hierarchy, summarize, summary};

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

/// The cached properties and hierarchy of the current session and filter.
fn stats_cache(app: &mut WirelensApp) -> Option<&StatsCache> {
    let s = app.session.clone()?;
    let fresh = app
        .windows
        .stats_cache
        .as_ref()
        .is_some_and(|c| c.generation == app.generation && c.filter == app.filter.applied);
    if !fresh {
        let filtered = !app.filter.applied.is_empty();
        let displayed = filtered.then(|| app.view.packets());
        let properties = format!(
            "{}Displayed packets:   {}\nIndex memory:        {}\n",
            summary::render(&s, &summarize(&s)),
            app.view.len(),
            human_bytes(s.store.index_bytes())
        );
        app.windows.stats_cache = Some(StatsCache {
            generation: app.generation,
            filter: app.filter.applied.clone(),
            properties,
            hierarchy: protocol_hierarchy(&s, displayed.as_deref()),
        });
    }
    app.windows.stats_cache.as_ref()
}

fn properties_window(ctx: &egui::Context, app: &mut WirelensApp) {
    if !app.windows.properties {
        return;
    }
    let Some(text) = stats_cache(app).map(|c| c.properties.clone()) else {
        return;
    };
    let text = format!("{text}Marked packets:      {}\n", app.marks.len());
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
    app.windows.properties = open;
}

fn hierarchy_window(ctx: &egui::Context, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    if !app.windows.hierarchy {
        return;
    }
    let Some(root) = stats_cache(app).map(|c| c.hierarchy.clone()) else {
        return;
    };
    let filtered = !app.filter.applied.is_empty();
    let mut open = true;
    egui::Window::new("Protocol Hierarchy")
        .open(&mut open)
        .default_size([560.0, 420.0])
        .show(ctx, |ui| {
            ui.label(if filtered {
                format!("Displayed packets (filter: {})", app.filter.applied)
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
    app.windows.hierarchy = open;
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
