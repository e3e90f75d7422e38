//! Analyze ▸ Protocol Descriptions: what loaded (each protocol, where from, its bindings and
//! fields), the errors with their line and column, and Reload. Only draws; reloading is an
//! action.

use super::actions::Action;
use super::app::WirelensApp;
use crate::describe::plan::Plan;

/// Draws the window when it is open.
pub fn protocols_window_ui(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut open = app.ui.windows.protocols;
    if !open {
        return actions;
    }
    egui::Window::new("Protocol Descriptions")
        .open(&mut open)
        .default_size([620.0, 480.0])
        .default_pos([330.0, 120.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                if ui.button("↻ Reload").clicked() {
                    actions.push(Action::ReloadProtocols);
                }
                let dir = crate::describe::load::user_dir()
                    .map_or("-".into(), |d| d.display().to_string());
                ui.weak(format!("Your descriptions: {dir}"));
            });
            errors(ui, app);
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| match &app.protocols.loaded {
                Some(loaded) => protocols(ui, &loaded.plan, &loaded.files),
                None => {
                    ui.weak("No descriptions loaded.");
                }
            });
        });
    app.ui.windows.protocols = open;
    actions
}

fn errors(ui: &mut egui::Ui, app: &WirelensApp) {
    for e in &app.protocols.errors {
        ui.colored_label(egui::Color32::RED, e.headline());
        if !e.excerpt.is_empty() {
            ui.label(egui::RichText::new(&e.excerpt).monospace());
        }
        if let Some(h) = &e.hint {
            ui.weak(format!("hint: {h}"));
        }
    }
}

fn protocols(
    ui: &mut egui::Ui,
    plan: &Plan,
    files: &[(crate::describe::Source, crate::describe::load::Origin)],
) {
    use crate::describe::load::Origin;
    let origin_of = |p: &crate::describe::plan::ProtoPlan| {
        files
            .iter()
            .find(|(s, _)| s.file == p.file)
            .map(|(_, o)| *o)
    };
    // Your descriptions first, then the bundled ones.
    let mut order: Vec<usize> = (0..plan.protocols.len()).collect();
    order.sort_by_key(|i| plan.protocols.get(*i).and_then(origin_of) == Some(Origin::Bundled));
    for i in order {
        let Some(p) = plan.protocols.get(i) else {
            continue;
        };
        let origin = files
            .iter()
            .find(|(s, _)| s.file == p.file)
            .map_or("", |(_, o)| o.name());
        let header = format!("{} — {}   ({origin}: {})", p.name, p.title, p.file);
        egui::CollapsingHeader::new(header)
            .id_salt(("protocol", i))
            .show(ui, |ui| {
                ui.label(format!("Bound to: {}", bindings(plan, i)));
                let prefix = format!("{}.", p.name);
                egui::Grid::new(("fields", i)).striped(true).show(ui, |ui| {
                    for d in plan.defs.iter().filter(|d| d.name.starts_with(&prefix)) {
                        ui.monospace(&d.name);
                        ui.label(&d.display);
                        ui.end_row();
                    }
                });
            });
    }
}

fn bindings(plan: &Plan, i: usize) -> String {
    let texts = plan.binding_texts(i);
    if texts.is_empty() {
        return "nothing (reached through another protocol or Decode As)".into();
    }
    texts.join(", ")
}
