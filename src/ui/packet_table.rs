//! The packet list with its own virtual scrolling: the position is a row number (usize), not
//! an f32 pixel offset, so 10 million rows scroll as smoothly as 10. Only visible rows are
//! dissected (summary and colouring), and cached.

use super::actions::Action;
use super::app::WirelensApp;
use super::row_context::row_menu;
use super::sorting::column;
use super::table_state::RowText;
use super::time_format::{PacketTimes, format_time};
use crate::session::Session;

/// Row height in points.
pub const ROW_HEIGHT: f32 = 18.0;
const HEADER_HEIGHT: f32 = 22.0;
const SCROLLBAR_WIDTH: f32 = 14.0;
const NAMES: [&str; 7] = [
    "No.",
    "Time",
    "Source",
    "Destination",
    "Protocol",
    "Length",
    "Info",
];
const SELECTED_BG: egui::Color32 = egui::Color32::from_rgb(0x2f, 0x6f, 0xc0);
const MARKED_BG: egui::Color32 = egui::Color32::from_rgb(0x10, 0x10, 0x10);

/// Draws the packet list.
pub fn packet_table_ui(ui: &mut egui::Ui, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(session) = app.doc.session.clone() else {
        return actions;
    };
    let full = ui.available_rect_before_wrap();
    let header = egui::Rect::from_min_size(full.min, egui::vec2(full.width(), HEADER_HEIGHT));
    header_ui(ui, app, header, &mut actions);
    let body = egui::Rect::from_min_max(
        egui::pos2(full.min.x, header.max.y),
        egui::pos2(full.max.x - SCROLLBAR_WIDTH, full.max.y),
    );
    let rows = app.doc.view.len();
    let visible = ((body.height() / ROW_HEIGHT).floor() as usize).max(1);
    app.doc.table.visible_rows = visible;
    let body_response = ui.interact(
        body,
        ui.scope_id().with("packet_rows"),
        egui::Sense::hover(),
    );
    scroll_input(ui, app, &body_response, rows, &mut actions);
    let max_first = rows.saturating_sub(visible);
    let live = app.doc.capturing();
    let table = &mut app.doc.table;
    if let Some(r) = table.scroll_request.take() {
        table.first_row = table.first_row_showing(r);
    }
    if table.follow && live {
        table.first_row = max_first;
    }
    table.first_row = table.first_row.min(max_first);
    scrollbar_ui(ui, &mut app.doc.table, body, rows, visible);
    let selected = app.doc.selected_row();
    let first = app.doc.table.first_row;
    for (k, row) in (first..(first + visible).min(rows)).enumerate() {
        let Some(packet) = app.doc.view.get(row) else {
            continue;
        };
        let y = body.min.y + k as f32 * ROW_HEIGHT;
        let rect = egui::Rect::from_min_size(
            egui::pos2(body.min.x, y),
            egui::vec2(body.width(), ROW_HEIGHT),
        );
        let text = row_text(app, &session, packet);
        let style = RowStyle::of(ui, app, &text, selected == Some(row), packet, k);
        let response = ui.interact(rect, ui.scope_id().with(("row", row)), egui::Sense::click());
        ui.painter().rect_filled(rect, 0.0, style.background);
        let cells = cells(app, &session, packet, &text);
        draw_cells(ui, app, rect, &cells, style.text);
        if response.clicked() || response.secondary_clicked() {
            actions.push(Action::SelectRow(row));
        }
        response.context_menu(|ui| row_menu(ui, app, &session, packet, &text, &mut actions));
    }
    app.doc.table.trim_cache();
    ui.allocate_rect(full, egui::Sense::hover());
    actions
}

/// Colours of one row.
struct RowStyle {
    background: egui::Color32,
    text: egui::Color32,
}

impl RowStyle {
    fn of(
        ui: &egui::Ui,
        app: &WirelensApp,
        text: &RowText,
        selected: bool,
        packet: usize,
        k: usize,
    ) -> RowStyle {
        let visuals = ui.visuals();
        if selected {
            return RowStyle {
                background: SELECTED_BG,
                text: egui::Color32::WHITE,
            };
        }
        if app.doc.marks.contains(&packet) {
            return RowStyle {
                background: MARKED_BG,
                text: egui::Color32::WHITE,
            };
        }
        match text.colors {
            Some((bg, fg)) => RowStyle {
                background: bg,
                text: fg,
            },
            None => RowStyle {
                background: if k % 2 == 1 {
                    visuals.faint_bg_color
                } else {
                    visuals.panel_fill
                },
                text: visuals.text_color(),
            },
        }
    }
}

/// The cached summary and colours of `packet` (dissected on first sight).
fn row_text(app: &mut WirelensApp, session: &Session, packet: usize) -> RowText {
    if let Some(t) = app.doc.table.rows.get(&packet) {
        return t.clone();
    }
    let text = match (session.bytes(packet), session.frame_info(packet)) {
        (Ok(bytes), Some(info)) => {
            let d = crate::dissect::dissect_for_row(&info, &bytes, &session.context(packet));
            let colors = app.prefs.coloring.colors_for(&d.tree, &bytes);
            let s = d.tree.summary;
            RowText {
                source: s.source,
                destination: s.destination,
                protocol: s.protocol,
                info: s.info,
                colors,
            }
        }
        (Err(e), _) => RowText {
            info: format!("[cannot read this packet: {e}]"),
            ..RowText::default()
        },
        (_, None) => RowText::default(),
    };
    app.doc.table.rows.insert(packet, text.clone());
    text
}

/// The seven cells of a row.
fn cells(app: &WirelensApp, session: &Session, packet: usize, text: &RowText) -> [String; 7] {
    let record = session.record(packet).copied().unwrap_or_default();
    let reference_ns = app
        .doc
        .time_refs
        .range(..=packet)
        .next_back()
        .and_then(|&r| session.record(r)?.time_ns());
    // A packet without a time stamp (pcapng Simple Packet Block) has an empty Time cell.
    let time = session.times(packet).map_or(String::new(), |t| {
        let times = PacketTimes {
            ts_ns: t.ts_ns,
            first_ns: t.first_ns,
            prev_ns: t.prev_ns,
            reference_ns,
            is_reference: app.doc.time_refs.contains(&packet),
        };
        format_time(app.prefs.time_format, times)
    });
    [
        (packet + 1).to_string(),
        time,
        text.source.clone(),
        text.destination.clone(),
        text.protocol.clone(),
        record.orig_len.to_string(),
        text.info.clone(),
    ]
}

fn draw_cells(
    ui: &mut egui::Ui,
    app: &WirelensApp,
    rect: egui::Rect,
    cells: &[String; 7],
    color: egui::Color32,
) {
    let mut x = rect.min.x;
    for (c, text) in cells.iter().enumerate() {
        let width = column_width(app, c, x, rect.max.x);
        let cell = egui::Rect::from_min_size(
            egui::pos2(x + 4.0, rect.min.y),
            egui::vec2(width - 6.0, ROW_HEIGHT),
        );
        if cell.width() > 4.0 {
            let label = egui::Label::new(egui::RichText::new(text).color(color))
                .truncate()
                .selectable(false);
            let align = if c == column::NUMBER || c == column::LENGTH {
                egui::Layout::right_to_left(egui::Align::Center)
            } else {
                egui::Layout::left_to_right(egui::Align::Center)
            };
            ui.scope_builder(egui::UiBuilder::new().max_rect(cell).layout(align), |ui| {
                ui.add(label)
            });
        }
        x += width;
    }
}

/// Width of column `c` starting at `x`: its set width, or the rest of the row for Info.
fn column_width(app: &WirelensApp, c: usize, x: f32, right: f32) -> f32 {
    if c == column::INFO {
        (right - x).max(10.0)
    } else {
        app.prefs.column_widths[c]
    }
}

/// Column headers: click to sort, drag the right edge to resize.
fn header_ui(
    ui: &mut egui::Ui,
    app: &mut WirelensApp,
    rect: egui::Rect,
    actions: &mut Vec<Action>,
) {
    ui.painter()
        .rect_filled(rect, 0.0, ui.visuals().widgets.noninteractive.bg_fill);
    let mut x = rect.min.x;
    for (c, name) in NAMES.iter().enumerate() {
        let width = column_width(app, c, x, rect.max.x);
        let cell =
            egui::Rect::from_min_size(egui::pos2(x, rect.min.y), egui::vec2(width, rect.height()));
        let arrow = match app.doc.table.sort {
            Some((s, true)) if s == c => " ▲",
            Some((s, false)) if s == c => " ▼",
            _ => "",
        };
        let button = egui::Button::new(egui::RichText::new(format!("{name}{arrow}")).strong())
            .frame(false)
            .min_size(cell.size());
        if ui.put(cell.shrink2(egui::vec2(2.0, 0.0)), button).clicked() {
            actions.push(Action::Sort(c));
        }
        if c != column::INFO {
            let handle = egui::Rect::from_center_size(
                egui::pos2(cell.max.x, cell.center().y),
                egui::vec2(6.0, cell.height()),
            );
            let r = ui
                .interact(
                    handle,
                    ui.scope_id().with(("resize", c)),
                    egui::Sense::drag(),
                )
                .on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
            if r.dragged() {
                let w = &mut app.prefs.column_widths[c];
                *w = (*w + r.drag_delta().x).clamp(30.0, 800.0);
            }
            ui.painter().vline(
                cell.max.x,
                cell.y_range(),
                ui.visuals().widgets.noninteractive.bg_stroke,
            );
        }
        x += width;
    }
}

/// Wheel and keyboard: the wheel scrolls, keys move the selection (and the view with it).
fn scroll_input(
    ui: &egui::Ui,
    app: &mut WirelensApp,
    body: &egui::Response,
    rows: usize,
    actions: &mut Vec<Action>,
) {
    let table = &mut app.doc.table;
    if body.hovered() {
        let delta = ui.input(|i| i.smooth_scroll_delta.y);
        table.scroll_remainder += delta;
        let whole = (table.scroll_remainder / ROW_HEIGHT).trunc();
        if whole != 0.0 {
            table.scroll_remainder -= whole * ROW_HEIGHT;
            let step = whole.abs() as usize;
            if whole > 0.0 {
                table.first_row = table.first_row.saturating_sub(step);
                table.follow = false;
            } else {
                table.first_row = table.first_row.saturating_add(step);
                if table.first_row + table.visible_rows >= rows {
                    table.follow = true;
                }
            }
        }
    }
    let page = app.doc.table.visible_rows;
    if let Some(row) = keyboard_target(ui, app.doc.selected_row(), rows, page) {
        actions.push(Action::SelectRow(row));
    }
}

/// ↑ ↓ PgUp PgDn Home End when no text field has focus.
fn keyboard_target(
    ui: &egui::Ui,
    selected: Option<usize>,
    rows: usize,
    page: usize,
) -> Option<usize> {
    if rows == 0 || ui.memory(|m| m.focused().is_some()) {
        return None;
    }
    let last = rows - 1;
    let page = page.saturating_sub(1).max(1);
    ui.input(|i| {
        let from = selected.unwrap_or(0);
        if i.key_pressed(egui::Key::ArrowDown) {
            Some(selected.map_or(0, |s| (s + 1).min(last)))
        } else if i.key_pressed(egui::Key::ArrowUp) {
            Some(from.saturating_sub(1))
        } else if i.key_pressed(egui::Key::PageDown) {
            Some((from + page).min(last))
        } else if i.key_pressed(egui::Key::PageUp) {
            Some(from.saturating_sub(page))
        } else if i.key_pressed(egui::Key::Home) {
            Some(0)
        } else if i.key_pressed(egui::Key::End) {
            Some(last)
        } else {
            None
        }
    })
}

/// A scrollbar whose thumb position is computed in f64 rows, exact at any row count.
fn scrollbar_ui(
    ui: &mut egui::Ui,
    table: &mut super::table_state::TableState,
    body: egui::Rect,
    rows: usize,
    visible: usize,
) {
    let track = egui::Rect::from_min_max(
        egui::pos2(body.max.x, body.min.y),
        egui::pos2(body.max.x + SCROLLBAR_WIDTH, body.max.y),
    );
    let visuals = ui.visuals().clone();
    ui.painter()
        .rect_filled(track, 0.0, visuals.extreme_bg_color);
    if rows <= visible {
        return;
    }
    let max_first = (rows - visible) as f64;
    let thumb_h = (track.height() * visible as f32 / rows as f32).max(24.0);
    let travel = (track.height() - thumb_h).max(1.0);
    let response = ui.interact(
        track,
        ui.scope_id().with("scrollbar"),
        egui::Sense::click_and_drag(),
    );
    if let Some(p) = response.interact_pointer_pos()
        && (response.dragged() || response.clicked())
    {
        let frac = f64::from(((p.y - track.min.y - thumb_h / 2.0) / travel).clamp(0.0, 1.0));
        table.first_row = (frac * max_first).round() as usize;
        table.follow = table.first_row as f64 >= max_first;
    }
    let frac = table.first_row as f64 / max_first;
    let top = track.min.y + (frac * f64::from(travel)) as f32;
    let thumb = egui::Rect::from_min_size(
        egui::pos2(track.min.x + 2.0, top),
        egui::vec2(SCROLLBAR_WIDTH - 4.0, thumb_h),
    );
    let color = if response.dragged() || response.hovered() {
        visuals.widgets.active.bg_fill
    } else {
        visuals.widgets.inactive.bg_fill
    };
    ui.painter().rect_filled(thumb, 4.0, color);
}
