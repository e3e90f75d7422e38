//! Statistics ▸ Conversations and Endpoints: Ethernet, IPv4, IPv6, TCP and UDP tabs, counted
//! on a worker once per session; sortable tables (rows built and sorted once per session and
//! sort); right-click or double-click a row to apply it as a filter.

use super::app::{Action, WirelensApp};
use super::jobs::Job;
use crate::stats::conversations::{self, Conversations, KINDS};
use egui_extras::{Column, TableBuilder};
use std::sync::Arc;

/// Draws the Conversations and Endpoints windows when open.
pub fn conversations_windows_ui(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    if app.windows.conversations.is_some() || app.windows.endpoints.is_some() {
        ensure_conversations(app);
    }
    conversations_window(ctx, app, &mut actions);
    endpoints_window(ctx, app, &mut actions);
    actions
}

/// Starts counting conversations for the current session if not done yet.
fn ensure_conversations(app: &mut WirelensApp) {
    if let Some(result) = app.conversations_job.as_ref().and_then(Job::poll) {
        app.conversations_job = None;
        if let Some(c) = result {
            app.conversations = Some((app.generation, Arc::new(c)));
        }
    }
    let fresh = app
        .conversations
        .as_ref()
        .is_some_and(|(g, _)| *g == app.generation);
    if fresh || app.conversations_job.is_some() || app.feed.is_some() {
        return;
    }
    let Some(s) = app.session.clone() else { return };
    app.conversations_job = Some(Job::spawn(
        "Counting conversations",
        s.len(),
        app.repainter(),
        move |control| conversations::conversations(&s, control),
    ));
}

fn current(app: &WirelensApp) -> Option<Arc<Conversations>> {
    app.conversations.as_ref().map(|(_, c)| c.clone())
}

fn tabs(ui: &mut egui::Ui, tab: &mut usize, counts: [usize; 5]) {
    ui.horizontal(|ui| {
        for (k, name) in KINDS.iter().enumerate() {
            ui.selectable_value(tab, k, format!("{name} · {}", counts[k]));
        }
    });
}

fn waiting(ui: &mut egui::Ui, app: &WirelensApp) {
    match &app.conversations_job {
        Some(job) => {
            ui.add(egui::ProgressBar::new(job.fraction()).text("Counting…"));
        }
        None if app.feed.is_some() => {
            ui.label("Available when loading or capturing ends.");
        }
        None => {
            ui.spinner();
        }
    }
}

/// One statistics row: the cells, the numbers to sort by (NaN: sort by text), its filter.
pub type StatRow = (Vec<String>, Vec<f64>, String);

/// Rows of one statistics table as built and sorted for a session generation.
pub struct TableCache {
    generation: u64,
    sort: (usize, bool),
    rows: Arc<Vec<StatRow>>,
}

/// A sortable table of rows built by `build` (only when the session or the sort changed);
/// returns a filter to apply.
fn sortable_table(
    ui: &mut egui::Ui,
    app: &mut WirelensApp,
    id: &str,
    columns: &[&str],
    build: impl FnOnce(&WirelensApp) -> Vec<StatRow>,
) -> Option<String> {
    let key = egui::Id::unique((id, "sort"));
    let (mut col, mut asc) = ui.data(|d| {
        d.get_temp::<(usize, bool)>(key)
            .unwrap_or((usize::MAX, true))
    });
    let fresh = app
        .windows
        .tables
        .get(id)
        .is_some_and(|c| c.generation == app.generation && c.sort == (col, asc));
    if !fresh {
        let mut rows = build(app);
        sort_rows(&mut rows, col, asc);
        let cache = TableCache {
            generation: app.generation,
            sort: (col, asc),
            rows: Arc::new(rows),
        };
        app.windows.tables.insert(id.to_string(), cache);
    }
    let rows = app
        .windows
        .tables
        .get(id)
        .map(|c| c.rows.clone())
        .unwrap_or_default();
    let mut apply = None;
    let mut table = TableBuilder::new(ui)
        .id_salt(id)
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .min_scrolled_height(200.0);
    for (k, _) in columns.iter().enumerate() {
        table = table.column(if k < 2 {
            Column::initial(170.0).at_least(60.0).clip(true)
        } else {
            Column::initial(112.0).at_least(50.0)
        });
    }
    table
        .header(20.0, |mut h| {
            for (k, name) in columns.iter().enumerate() {
                h.col(|ui| {
                    let arrow = if col == k {
                        if asc { " ▲" } else { " ▼" }
                    } else {
                        ""
                    };
                    if ui.button(format!("{name}{arrow}")).clicked() {
                        if col == k {
                            asc = !asc;
                        } else {
                            col = k;
                            asc = false;
                        }
                    }
                });
            }
        })
        .body(|body| {
            body.rows(18.0, rows.len(), |mut row| {
                let Some((cells, _, filter)) = rows.get(row.index()) else {
                    return;
                };
                for c in cells {
                    row.col(|ui| {
                        ui.label(c);
                    });
                }
                let r = row.response();
                r.context_menu(|ui| {
                    if ui.button("Apply as Filter").clicked() {
                        apply = Some(filter.clone());
                        ui.close();
                    }
                    if ui.button("Copy Filter").clicked() {
                        ui.ctx().copy_text(filter.clone());
                        ui.close();
                    }
                });
                if r.double_clicked() {
                    apply = Some(filter.clone());
                }
            });
        });
    ui.data_mut(|d| d.insert_temp(key, (col, asc)));
    apply
}

fn sort_rows(rows: &mut [StatRow], col: usize, asc: bool) {
    if col == usize::MAX {
        return;
    }
    rows.sort_by(|a, b| {
        let o = match (a.1.get(col), b.1.get(col)) {
            (Some(x), Some(y)) if !x.is_nan() && !y.is_nan() => x.total_cmp(y),
            _ => a.0.get(col).cmp(&b.0.get(col)),
        };
        if asc { o } else { o.reverse() }
    });
}

fn conversations_window(ctx: &egui::Context, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let Some(mut tab) = app.windows.conversations else {
        return;
    };
    let mut open = true;
    let data = current(app);
    egui::Window::new("Conversations")
        .open(&mut open)
        .default_size([860.0, 420.0])
        .show(ctx, |ui| {
            let Some(c) = data else {
                waiting(ui, app);
                return;
            };
            tabs(ui, &mut tab, c.kinds.clone().map(|k| k.len()));
            ui.weak("Right-click or double-click a row to filter on it.");
            let columns = [
                "Address A",
                "Address B",
                "Packets",
                "Bytes",
                "Packets A → B",
                "Bytes A → B",
                "Packets B → A",
                "Bytes B → A",
                "Rel Start",
                "Duration",
            ];
            let build = |app: &WirelensApp| conversation_rows(app, &c, tab);
            if let Some(f) = sortable_table(ui, app, &format!("conv{tab}"), &columns, build) {
                actions.push(Action::SetFilter(f));
            }
        });
    app.windows.conversations = open.then_some(tab);
}

fn conversation_rows(app: &WirelensApp, c: &Conversations, tab: usize) -> Vec<StatRow> {
    let first = app
        .session
        .as_ref()
        .and_then(|s| s.record(0))
        .map_or(0, |r| r.ts_ns);
    let Some(list) = c.kinds.get(tab) else {
        return Vec::new();
    };
    list.iter()
        .map(|v| {
            let start = (v.start_ns - first) as f64 / 1e9;
            let duration = (v.end_ns - v.start_ns) as f64 / 1e9;
            let counts = [
                v.packets(),
                v.bytes(),
                v.a_to_b.0,
                v.a_to_b.1,
                v.b_to_a.0,
                v.b_to_a.1,
            ];
            let mut cells = vec![v.a.clone(), v.b.clone()];
            cells.extend(counts.iter().map(u64::to_string));
            cells.push(format!("{start:.6}"));
            cells.push(format!("{duration:.6}"));
            let mut nums = vec![f64::NAN, f64::NAN];
            nums.extend(counts.iter().map(|&n| n as f64));
            nums.extend([start, duration]);
            (cells, nums, v.filter.clone())
        })
        .collect()
}

fn endpoints_window(ctx: &egui::Context, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let Some(mut tab) = app.windows.endpoints else {
        return;
    };
    let mut open = true;
    let data = current(app);
    egui::Window::new("Endpoints")
        .open(&mut open)
        .default_size([700.0, 420.0])
        .show(ctx, |ui| {
            let Some(c) = data else {
                waiting(ui, app);
                return;
            };
            let counts = c.endpoint_counts;
            tabs(ui, &mut tab, counts);
            let columns = [
                "Address",
                "Packets",
                "Bytes",
                "Tx Packets",
                "Tx Bytes",
                "Rx Packets",
                "Rx Bytes",
            ];
            let build = |_: &WirelensApp| endpoint_rows(&c, tab);
            if let Some(f) = sortable_table(ui, app, &format!("endp{tab}"), &columns, build) {
                actions.push(Action::SetFilter(f));
            }
        });
    app.windows.endpoints = open.then_some(tab);
}

fn endpoint_rows(c: &Conversations, tab: usize) -> Vec<StatRow> {
    let list = c.kinds.get(tab).map(Vec::as_slice).unwrap_or(&[]);
    conversations::endpoints(list, tab)
        .iter()
        .map(|e| {
            let counts = [
                e.tx.0 + e.rx.0,
                e.tx.1 + e.rx.1,
                e.tx.0,
                e.tx.1,
                e.rx.0,
                e.rx.1,
            ];
            let mut cells = vec![e.address.clone()];
            cells.extend(counts.iter().map(u64::to_string));
            let mut nums = vec![f64::NAN];
            nums.extend(counts.iter().map(|&n| n as f64));
            (cells, nums, e.filter.clone())
        })
        .collect()
}
