//! Statistics ▸ Conversations and Endpoints: Ethernet, IPv4, IPv6, TCP and UDP tabs, counted
//! on a worker once per session (by app logic); sortable tables (rows built and sorted once
//! per session version and sort); right-click or double-click a row to apply it as a filter.

use super::actions::Action;
use super::app::WirelensApp;
use crate::stats::conv_table::TableKind;
use crate::stats::conversations::{self, Conversations};
use egui_extras::{Column, TableBuilder};
use std::sync::Arc;

/// Draws the Conversations and Endpoints windows when open (app logic counts them).
pub fn conversations_windows_ui(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    conversations_window(ctx, app, &mut actions);
    endpoints_window(ctx, app, &mut actions);
    actions
}

fn current(app: &WirelensApp) -> Option<Arc<Conversations>> {
    app.doc
        .caches
        .conversations
        .as_ref()
        .map(|(_, c)| c.clone())
}

fn tabs(ui: &mut egui::Ui, tab: &mut usize, counts: [usize; 5]) {
    ui.horizontal(|ui| {
        for (k, name) in TableKind::ALL.map(TableKind::title).iter().enumerate() {
            ui.selectable_value(tab, k, format!("{name} · {}", counts[k]));
        }
    });
}

fn waiting(ui: &mut egui::Ui, app: &WirelensApp) {
    match &app.jobs.conversations {
        Some(counting) => {
            ui.add(egui::ProgressBar::new(counting.job.job.fraction()).text("Counting…"));
        }
        None if app.jobs.feed.is_some() => {
            ui.label("Available when loading or capturing ends.");
        }
        None => {
            ui.label("Counting…");
        }
    }
}

/// One statistics row.
pub struct StatRow {
    /// The cells as shown.
    cells: Vec<String>,
    /// The numbers to sort by, per column (NaN: sort by the cell's text).
    keys: Vec<f64>,
    /// The display filter selecting this row's packets.
    filter: String,
}

/// Rows of one statistics table as built and sorted for a session version.
pub struct TableCache {
    version: u64,
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
    let version = app.doc.version;
    let tables = &app.doc.caches.tables;
    let fresh = tables
        .get(id)
        .is_some_and(|c| c.version == version && c.sort == (col, asc));
    if !fresh {
        let mut rows = build(app);
        sort_rows(&mut rows, col, asc);
        let cache = TableCache {
            version,
            sort: (col, asc),
            rows: Arc::new(rows),
        };
        app.doc.caches.tables.insert(id.to_string(), cache);
    }
    let rows = app
        .doc
        .caches
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
                let Some(StatRow { cells, filter, .. }) = rows.get(row.index()) else {
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
        let o = match (a.keys.get(col), b.keys.get(col)) {
            (Some(x), Some(y)) if !x.is_nan() && !y.is_nan() => x.total_cmp(y),
            _ => a.cells.get(col).cmp(&b.cells.get(col)),
        };
        if asc { o } else { o.reverse() }
    });
}

fn conversations_window(ctx: &egui::Context, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let Some(mut tab) = app.ui.windows.conversations else {
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
    app.ui.windows.conversations = open.then_some(tab);
}

fn conversation_rows(app: &WirelensApp, c: &Conversations, tab: usize) -> Vec<StatRow> {
    let first = app
        .doc
        .session
        .as_ref()
        .and_then(|s| s.first_time_ns())
        .unwrap_or(0);
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
            let mut keys = vec![f64::NAN, f64::NAN];
            keys.extend(counts.iter().map(|&n| n as f64));
            keys.extend([start, duration]);
            StatRow {
                cells,
                keys,
                filter: v.filter.clone(),
            }
        })
        .collect()
}

fn endpoints_window(ctx: &egui::Context, app: &mut WirelensApp, actions: &mut Vec<Action>) {
    let Some(mut tab) = app.ui.windows.endpoints else {
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
    app.ui.windows.endpoints = open.then_some(tab);
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
            let mut keys = vec![f64::NAN];
            keys.extend(counts.iter().map(|&n| n as f64));
            StatRow {
                cells,
                keys,
                filter: e.filter.clone(),
            }
        })
        .collect()
}
