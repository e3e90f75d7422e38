//! Capture ▸ Replay Displayed Packets: send the displayed packets on an interface with the
//! CLI's timing options (original gaps, a speed factor, a rate, top speed) and passes, with
//! progress, Stop and the result.

use super::actions::Action;
use super::app::WirelensApp;
use crate::capture::SendReport;

/// How a replay is timed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReplayTiming {
    /// The capture's gaps divided by this (1 keeps them).
    Original {
        /// 2.0 is twice as fast.
        speed: f64,
    },
    /// Packets per second.
    Rate(f64),
    /// As fast as the interface takes them.
    TopSpeed,
}

/// The replay window's form.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayForm {
    /// Interface.
    pub interface: String,
    /// Timing.
    pub timing: ReplayTiming,
    /// Passes over the packets.
    pub loops: u64,
}

impl Default for ReplayForm {
    fn default() -> Self {
        ReplayForm {
            interface: String::new(),
            timing: ReplayTiming::Original { speed: 1.0 },
            loops: 1,
        }
    }
}

/// Draws the window when open.
pub fn replay_window_ui(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(mut form) = app.ui.replay.take() else {
        return actions;
    };
    let mut open = true;
    let displayed = app.doc.view.len();
    egui::Window::new("Replay Displayed Packets")
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "{displayed} displayed packets (filter: {})",
                if app.ui.filter.applied.is_empty() {
                    "none"
                } else {
                    &app.ui.filter.applied
                }
            ));
            ui.horizontal(|ui| {
                let label = ui.label("Interface:");
                ui.add(egui::TextEdit::singleline(&mut form.interface).desired_width(120.0))
                    .labelled_by(label.id);
                let label = ui.label("Passes:");
                ui.add(egui::DragValue::new(&mut form.loops).range(1..=10_000))
                    .labelled_by(label.id);
            });
            timing_ui(ui, &mut form.timing);
            ui.horizontal(|ui| match &app.jobs.send {
                Some(job) => {
                    ui.add(egui::ProgressBar::new(job.job.fraction()).desired_width(240.0));
                    if ui.button("■ Stop").clicked() {
                        actions.push(Action::StopSend);
                    }
                }
                None => {
                    let ready = displayed > 0 && !form.interface.trim().is_empty();
                    if ui
                        .add_enabled(ready, egui::Button::new("▶ Replay"))
                        .clicked()
                    {
                        actions.push(Action::StartReplay);
                    }
                }
            });
            if let Some(o) = app
                .ui
                .last_send
                .as_ref()
                .filter(|o| o.origin == super::sending::SendOrigin::Replay)
            {
                result_line(ui, &o.result);
            }
        });
    if open {
        app.ui.replay = Some(form);
    }
    actions
}

fn timing_ui(ui: &mut egui::Ui, timing: &mut ReplayTiming) {
    ui.horizontal(|ui| {
        let original = matches!(timing, ReplayTiming::Original { .. });
        let radio = ui.radio(original, "Capture's timing, speed ×");
        if radio.clicked() && !original {
            *timing = ReplayTiming::Original { speed: 1.0 };
        }
        if let ReplayTiming::Original { speed } = timing {
            ui.add(egui::DragValue::new(speed).range(0.001..=1000.0).speed(0.1))
                .labelled_by(radio.id);
        }
        let rate = matches!(timing, ReplayTiming::Rate(_));
        let radio = ui.radio(rate, "packets/s");
        if radio.clicked() && !rate {
            *timing = ReplayTiming::Rate(1000.0);
        }
        if let ReplayTiming::Rate(r) = timing {
            ui.add(egui::DragValue::new(r).range(0.001..=10_000_000.0))
                .labelled_by(radio.id);
        }
        if ui
            .radio(matches!(timing, ReplayTiming::TopSpeed), "top speed")
            .clicked()
        {
            *timing = ReplayTiming::TopSpeed;
        }
    });
}

/// "Sent N packets …" or why nothing was sent.
pub fn result_line(ui: &mut egui::Ui, result: &Result<SendReport, String>) {
    match result {
        Ok(r) => {
            let mut text = format!(
                "Sent {} packets ({} bytes) in {:.3} s: {:.0} packets/s; {} failed",
                r.sent,
                r.bytes,
                r.elapsed.as_secs_f64(),
                r.rate(),
                r.failures()
            );
            if let Some((p50, p99, _)) = r.lateness_us {
                text.push_str(&format!("; lateness p50 {p50:.0} µs, p99 {p99:.0} µs"));
            }
            if r.stopped {
                text.push_str(" (stopped)");
            }
            ui.label(text);
            if let Some(e) = &r.first_error {
                ui.colored_label(egui::Color32::RED, e);
            }
        }
        Err(e) => {
            ui.colored_label(egui::Color32::RED, egui::RichText::new(e).monospace());
        }
    }
}
