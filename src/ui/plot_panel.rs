//! The traffic plot: packets/s or bytes/s stacked by protocol with explicit fill colours; a
//! rolling window during a live capture, the whole timeline for a file; drag across it to
//! filter the table to that time range.

use super::app::{Action, WirelensApp};
use super::jobs::Job;
use super::plot_data::{CLASSES, COLORS, Series};
use egui_plot::{FilledArea, Legend, Plot};

/// Packets counted into the plot per frame (≈ 1 ms).
const PLOT_BUDGET: usize = 200_000;

/// Rolling window choices during a capture, seconds.
const WINDOWS: [f64; 4] = [10.0, 30.0, 60.0, 300.0];

/// The plot's settings and data.
#[derive(Debug)]
pub struct PlotState {
    /// Counted traffic.
    pub series: Series,
    /// Bytes/s instead of packets/s.
    pub bytes: bool,
    /// Count only the displayed packets.
    pub displayed_only: bool,
    /// Rolling window during a capture, seconds.
    pub window_s: f64,
    /// Recount from scratch on the next frame.
    pub dirty: bool,
    /// Where a drag started (seconds on the x axis).
    drag_from: Option<f64>,
    /// A big capture counted on a worker, for the capture id given.
    job: Option<(u64, Job<Series>)>,
}

impl Default for PlotState {
    fn default() -> Self {
        PlotState {
            series: Series::new(1_000_000_000),
            bytes: false,
            displayed_only: false,
            window_s: 30.0,
            dirty: true,
            drag_from: None,
            job: None,
        }
    }
}

impl WirelensApp {
    /// The plot must be recounted (new session, new filter).
    pub fn plot_dirty(&mut self) {
        self.plot.dirty = true;
    }

    /// Counts new packets into the plot: from scratch when dirty (on a worker for big
    /// captures, the old plot stays meanwhile), then incrementally within a frame budget.
    pub fn update_plot(&mut self) {
        let Some(s) = self.session.clone() else {
            return;
        };
        if let Some((generation, job)) = &self.plot.job
            && let Some(series) = job.poll()
        {
            if *generation == self.capture_id {
                self.plot.series = series;
            } else {
                self.plot.dirty = true;
            }
            self.plot.job = None;
        }
        let displayed = self.plot.displayed_only.then_some(&self.view);
        if self.plot.dirty {
            self.plot.dirty = false;
            let mut series = Series::new(bin_for(&s, self.capturing(), self.plot.window_s));
            let total = displayed.map_or(s.len(), super::view::View::len);
            if total <= PLOT_BUDGET {
                self.plot.series = series;
            } else {
                let view = displayed.cloned();
                let job = Job::spawn("Plotting", total, self.repainter(), move |_| {
                    series.update(&s, view.as_ref(), usize::MAX);
                    series
                });
                self.plot.job = Some((self.capture_id, job));
                return;
            }
        }
        if self.plot.job.is_some() {
            return;
        }
        self.plot.series.update(&s, displayed, PLOT_BUDGET);
        if self.plot.series.behind(&s, displayed)
            && let Some(ctx) = self.repaint.get()
        {
            ctx.request_repaint();
        }
    }
}

/// A bin width giving at most ~`MAX_BINS` bins over a file, or 100 bins per capture window.
fn bin_for(s: &crate::session::Session, live: bool, window_s: f64) -> i64 {
    if live {
        return ((window_s * 1e9) / 100.0) as i64;
    }
    let first = s.record(0).map_or(0, |r| r.ts_ns);
    let last = s
        .len()
        .checked_sub(1)
        .and_then(|i| s.record(i))
        .map_or(first, |r| r.ts_ns);
    let span = (last - first).max(1);
    let mut bin = 1_000_i64; // 1 µs
    while span / bin > super::plot_data::MAX_BINS as i64 {
        bin *= 10;
    }
    bin
}

/// Draws the plot panel.
pub fn plot_panel_ui(ui: &mut egui::Ui, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    app.update_plot();
    let live = app.capturing();
    ui.horizontal(|ui| {
        ui.strong("Traffic");
        let mut changed = false;
        changed |= ui
            .selectable_value(&mut app.plot.bytes, false, "Packets/s")
            .changed();
        changed |= ui
            .selectable_value(&mut app.plot.bytes, true, "Bytes/s")
            .changed();
        changed |= ui
            .checkbox(&mut app.plot.displayed_only, "Displayed packets only")
            .changed();
        if live {
            ui.label("Window:");
            for w in WINDOWS {
                changed |= ui
                    .selectable_value(&mut app.plot.window_s, w, format!("{w:.0} s"))
                    .changed();
            }
        }
        if changed {
            app.plot_dirty();
        }
        ui.weak("Drag across the plot to show that time range.");
    });
    let first_ns = app
        .session
        .as_ref()
        .and_then(|s| s.record(0))
        .map_or(0, |r| r.ts_ns);
    let (xs, levels) = app.plot.series.stacked(first_ns, app.plot.bytes);
    let end = xs.last().copied().unwrap_or(0.0) + app.plot.series.bin_ns as f64 / 1e9;
    let mut plot = Plot::new("traffic")
        .legend(Legend::default())
        .allow_drag(false)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .x_axis_label("seconds since the first packet")
        .y_axis_label(if app.plot.bytes {
            "bytes/s"
        } else {
            "packets/s"
        });
    if live {
        plot = plot.auto_bounds(egui::Vec2b::new(false, true));
    }
    let window = app.plot.window_s;
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
        app.plot.drag_from = pointer;
    }
    if let (Some(from), Some(x)) = (app.plot.drag_from, pointer) {
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
            app.plot.drag_from = None;
            let (lo, hi) = (from.min(x).max(0.0), from.max(x));
            if hi - lo > 1e-6 {
                actions.push(Action::SetFilter(format!(
                    "frame.time_relative >= {lo:.6} && frame.time_relative <= {hi:.6}"
                )));
            }
        }
    } else if stopped {
        app.plot.drag_from = None;
    }
    actions
}
