//! Counting traffic for the plot, by app logic: from scratch when the counts are dirty (on a
//! worker for big captures, the old plot stays meanwhile), then incrementally within a frame
//! budget as packets arrive.

use super::app::WirelensApp;
use super::background::{Tagged, take_finished};
use super::jobs::Job;
use super::plot_data::Series;
use crate::session::Session;

/// Packets counted into the plot per frame (≈ 1 ms).
const PLOT_BUDGET: usize = 200_000;

impl WirelensApp {
    /// Keeps a finished recount of this document (another's is dropped, and a recount of
    /// this one is then due).
    pub fn poll_plot(&mut self) {
        if let Some((doc, series)) = take_finished(&mut self.jobs.plot) {
            if doc == self.doc.id {
                self.doc.caches.plot.series = series;
            } else {
                self.doc.caches.plot.dirty = true;
            }
        }
    }

    /// Counts new packets into the plot; returns true when packets are left for next frame.
    pub fn update_plot(&mut self) -> bool {
        let Some(s) = self.doc.session.clone() else {
            return false;
        };
        let live = self.doc.capturing();
        let displayed = self.ui.plot.displayed_only.then_some(&self.doc.view);
        let counts = &mut self.doc.caches.plot;
        if counts.dirty {
            counts.dirty = false;
            self.jobs.plot = None;
            let mut series = Series::new(bin_for(&s, live, self.ui.plot.window_s));
            let total = displayed.map_or(s.len(), super::view::View::len);
            if total <= PLOT_BUDGET {
                counts.series = series;
            } else {
                let view = displayed.cloned();
                let job = Job::spawn("Plotting", total, self.env.waker(), move |_| {
                    series.update(&s, view.as_ref(), usize::MAX);
                    series
                });
                self.jobs.plot = Some(Tagged::new(self.doc.id, job));
                return false;
            }
        }
        if self.jobs.plot.is_some() {
            return false;
        }
        counts.series.update(&s, displayed, PLOT_BUDGET);
        counts.series.behind(&s, displayed)
    }
}

/// A bin width giving at most ~`MAX_BINS` bins over a file, or 100 bins per capture window.
fn bin_for(s: &Session, live: bool, window_s: f64) -> i64 {
    if live {
        return ((window_s * 1e9) / 100.0) as i64;
    }
    let first = s.first_time_ns().unwrap_or(0);
    let last = s
        .len()
        .checked_sub(1)
        .and_then(|i| s.times(i))
        .map_or(first, |t| t.ts_ns);
    let span = (last - first).max(1);
    let mut bin = 1_000_i64; // 1 µs
    while span / bin > super::plot_data::MAX_BINS as i64 {
        bin *= 10;
    }
    bin
}
