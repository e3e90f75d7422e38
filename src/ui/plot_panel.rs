//! The traffic plot: packets/s or bytes/s stacked by protocol with explicit fill colours; a
//! rolling window during a live capture, the whole timeline for a file; drag across it to
//! filter the table to that time range. The counts come from app logic (`plotting`).

use super::actions::Action;
use super::document::Document;
use super::plot_data::{CLASSES, COLORS};
use super::ui_state::{PLOT_WINDOWS, PlotControls};
use egui_plot::{FilledArea, Legend, Plot};

/// Draws the plot panel.
pub fn plot_panel_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    controls: &mut PlotControls,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let live = doc.capturing();
    ui.horizontal(|ui| {
        ui.strong("Traffic");
        let mut changed = false;
        changed |= ui
            .selectable_value(&mut controls.show_bytes, false, "Packets/s")
            .changed();
        changed |= ui
            .selectable_value(&mut controls.show_bytes, true, "Bytes/s")
            .changed();
        changed |= ui
            .checkbox(&mut controls.displayed_only, "Displayed packets only")
            .changed();
        if live {
            ui.label("Window:");
            for w in PLOT_WINDOWS {
                changed |= ui
                    .selectable_value(&mut controls.window_s, w, format!("{w:.0} s"))
                    .changed();
            }
        }
        if changed {
            actions.push(Action::Replot);
        }
        ui.weak("Drag across the plot to show that time range.");
    });
    let first_ns = doc
        .session
        .as_ref()
        .and_then(|s| s.first_time_ns())
        .unwrap_or(0);
    let series = &doc.caches.plot.series;
    let (xs, levels) = series.stacked(first_ns, controls.show_bytes);
    let end = xs.last().copied().unwrap_or(0.0) + series.bin_ns as f64 / 1e9;
    let mut plot = Plot::new("traffic")
        .legend(Legend::default())
        .allow_drag(false)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .x_axis_label("seconds since the first packet")
        .y_axis_label(if controls.show_bytes {
            "bytes/s"
        } else {
            "packets/s"
        });
    if live {
        plot = plot.auto_bounds(egui::Vec2b::new(false, true));
    }
    let window = controls.window_s;
    let response = plot.show(ui, |pui| {
        if live {
            pui.set_plot_bounds_x((end - window).max(0.0)..=end.max(window));
        }
        for (class, name) in CLASSES.iter().enumerate() {
            let (Some(lower), Some(upper)) = (levels.get(class), levels.get(class + 1)) else {
                continue;
            };
            if upper.iter().zip(lower).all(|(u, l)| u <= l) {
                continue;
            }
            pui.add(FilledArea::new(*name, &xs, lower, upper).fill_color(COLORS[class]));
        }
        let pointer = pui.pointer_coordinate().map(|p| p.x);
        let r = pui.response();
        (pointer, r.drag_started(), r.drag_stopped(), r.dragged())
    });
    let (pointer, started, stopped, _dragging) = response.inner;
    if started {
        controls.drag_from = pointer;
    }
    if let (Some(from), Some(x)) = (controls.drag_from, pointer) {
        let rect = response.response.rect;
        let to_screen = response.transform;
        let a = to_screen
            .position_from_point(&egui_plot::PlotPoint::new(from, 0.0))
            .x;
        let b = to_screen
            .position_from_point(&egui_plot::PlotPoint::new(x, 0.0))
            .x;
        let band = egui::Rect::from_x_y_ranges(a.min(b)..=a.max(b), rect.y_range());
        ui.painter().rect_filled(
            band,
            0.0,
            egui::Color32::from_rgba_unmultiplied(80, 120, 200, 60),
        );
        if stopped {
            controls.drag_from = None;
            let (lo, hi) = (from.min(x).max(0.0), from.max(x));
            if hi - lo > 1e-6 {
                actions.push(Action::SetFilter(format!(
                    "frame.time_relative >= {lo:.6} && frame.time_relative <= {hi:.6}"
                )));
            }
        }
    } else if stopped {
        controls.drag_from = None;
    }
    actions
}
