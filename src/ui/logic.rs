//! App logic run once per frame before any view: apply what every background job sent
//! (whatever windows are open), then start what is due. Views never start work.

use super::app::WirelensApp;
use super::interfaces::{InterfaceWatch, SAMPLE_EVERY};
use super::ui_state::BpfVerdict;
use crate::capture::live::check_bpf;
use std::time::Duration;

/// Repaint this often while something runs in the background (≥ 10 updates/s).
const BUSY_REPAINT: Duration = Duration::from_millis(50);

impl WirelensApp {
    /// Polls every job, starts due work, and schedules the next repaint. The views then only
    /// read the state.
    pub fn logic(&mut self, ctx: &egui::Context) {
        self.env.attach(ctx);
        self.poll_background();
        self.keep_interface_watch();
        self.check_capture_filter();
        self.update_statistics();
        self.update_analysis();
        if self.protocols.watches_files() {
            if self.protocols.poll_due(std::time::Instant::now()) {
                self.check_protocol_files();
            }
            ctx.request_repaint_after(super::protocols::POLL_EVERY);
        }
        let plot_behind = self.prefs.show_plot && self.update_plot();
        if plot_behind {
            // Counting continues next frame (a bounded amount of work per frame).
            ctx.request_repaint();
        }
        if !self.is_idle() {
            ctx.request_repaint_after(BUSY_REPAINT);
        }
        if self.jobs.interfaces.is_some() {
            // The sparklines move; the watch's worker itself never wakes the UI.
            ctx.request_repaint_after(SAMPLE_EVERY);
        }
    }

    /// Applies results from every background job.
    pub fn poll_background(&mut self) {
        self.poll_feed();
        self.poll_view_job();
        self.poll_find();
        self.poll_save();
        self.poll_conversations();
        self.poll_analysis();
        self.poll_plot();
        self.poll_dialog();
        self.poll_send();
        if let Some(w) = &mut self.jobs.interfaces {
            w.poll();
        }
    }

    /// The welcome screen (no capture open) watches the interfaces; once a capture opens the
    /// watch and its worker stop.
    fn keep_interface_watch(&mut self) {
        let welcome = self.doc.session.is_none();
        match (&self.jobs.interfaces, welcome) {
            (None, true) => {
                let watch = InterfaceWatch::start(self.env.interfaces.clone());
                self.jobs.interfaces = Some(watch);
            }
            (Some(_), false) => self.jobs.interfaces = None,
            _ => {}
        }
    }

    /// Has libpcap check the capture filter when its text changed (welcome screen only).
    fn check_capture_filter(&mut self) {
        if self.doc.session.is_some() {
            return;
        }
        let text = self.prefs.capture_filter.trim();
        if self.ui.welcome.bpf.as_ref().is_some_and(|v| v.text == text) {
            return;
        }
        let result = if text.is_empty() {
            Ok(())
        } else {
            check_bpf(text, 1).map_err(|e| e.to_string())
        };
        self.ui.welcome.bpf = Some(BpfVerdict {
            text: text.to_string(),
            result,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::ui::WirelensApp;
    use crate::ui::background::{SaveJob, Tagged};
    use crate::ui::document::DocumentId;
    use crate::ui::jobs::Job;

    /// Polls until every job slot named by `done` is empty.
    fn poll_until(app: &mut WirelensApp, done: impl Fn(&WirelensApp) -> bool) {
        while !done(app) {
            app.poll_background();
            std::thread::yield_now();
        }
    }

    #[test]
    fn a_find_for_another_document_is_dropped_when_it_finishes() {
        let mut app = WirelensApp::default();
        let job = Job::spawn("Finding", 1, || {}, |_| Some(0_usize));
        app.jobs.find = Some(Tagged::new(DocumentId::next(), job));
        poll_until(&mut app, |a| a.jobs.find.is_none());
        // Applied, it would have said "No packet matched" (this document has no packets).
        assert_eq!(app.ui.message, None);
        assert!(app.doc.selection.is_none());
    }

    #[test]
    fn a_save_for_another_document_is_reported_but_does_not_mark_this_one_saved() {
        let mut app = WirelensApp::default();
        app.doc.unsaved = true;
        let job = Job::spawn("Saving", 1, || {}, |_| Ok(7));
        let save = SaveJob {
            job,
            path: "/nonexistent/old.pcapng".into(),
            whole: true,
        };
        app.jobs.save = Some(Tagged::new(DocumentId::next(), save));
        poll_until(&mut app, |a| a.jobs.save.is_none());
        assert!(app.doc.unsaved);
        assert_eq!(
            app.ui.message.as_deref(),
            Some("Saved 7 packets to /nonexistent/old.pcapng")
        );
    }
}
