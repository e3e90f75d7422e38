//! The status bar: file, packets, displayed, marked, dropped, load/filter/save progress with
//! Cancel, memory used by the index, last message.

use super::actions::Action;
use super::app::WirelensApp;
use super::document::{CaptureCounts, FeedState};

/// Draws the status bar.
pub fn status_bar_ui(ui: &mut egui::Ui, app: &WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let doc = &app.doc;
    ui.horizontal(|ui| {
        if let Some(s) = &doc.session {
            let name = s
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| s.path.display().to_string());
            ui.label(if doc.unsaved {
                format!("{name} (unsaved)")
            } else {
                name
            });
            ui.separator();
            ui.label(format!("Packets: {}", s.len()));
            ui.separator();
            ui.label(format!("Displayed: {}", doc.view.len()));
            ui.separator();
            ui.label(format!("Marked: {}", doc.marks.len()));
            ui.separator();
            ui.label(format!("Index: {}", human_bytes(index_bytes(s))));
            expert_indicator(ui, app, &mut actions);
        }
        match doc.feed_state {
            FeedState::Loading { done, total } => {
                let frac = if total == 0 {
                    0.0
                } else {
                    done as f32 / total as f32
                };
                if progress(ui, "Loading", frac, "Cancel") {
                    actions.push(Action::CancelLoad);
                }
            }
            FeedState::Capturing {
                received,
                dropped,
                dropped_by_app,
            } => {
                ui.separator();
                ui.colored_label(egui::Color32::from_rgb(0xd0, 0x30, 0x30), "● Capturing");
                ui.label(format!(
                    "Received: {received}  Dropped: {}",
                    dropped + dropped_by_app
                ));
            }
            FeedState::Idle => {
                if let Some(CaptureCounts { received, dropped }) = doc.capture_counts {
                    ui.separator();
                    ui.label(format!("Received: {received}  Dropped: {dropped}"));
                }
            }
        }
        if let Some(view) = &app.jobs.view {
            let (label, fraction) = view.job.progress();
            if progress(ui, label, fraction, "Cancel") {
                actions.push(Action::CancelJob);
            }
        }
        if let Some(save) = &app.jobs.save
            && progress(
                ui,
                save.job.job.label,
                save.job.job.fraction(),
                "Cancel saving",
            )
        {
            actions.push(Action::CancelSave);
        }
        if let Some(m) = &app.ui.message {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, m);
        }
        if doc.session.is_none() && app.ui.message.is_none() && app.jobs.feed.is_none() {
            ui.label("No capture open");
        }
    });
    actions
}

/// A labelled progress bar with a cancel button; true when the button was clicked.
fn progress(ui: &mut egui::Ui, label: &str, fraction: f32, cancel: &str) -> bool {
    ui.separator();
    ui.add(
        egui::ProgressBar::new(fraction)
            .desired_width(150.0)
            .text(format!("{label} {:.0}%", fraction * 100.0)),
    );
    ui.small_button(cancel).clicked()
}

/// Records, flows and stacks of the index.
fn index_bytes(s: &crate::session::Session) -> usize {
    s.store.index_bytes() + s.flows.len() * std::mem::size_of::<crate::store::Flow>()
}

/// 1536 → "1.5 KiB".
pub fn human_bytes(n: usize) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < units.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", units[u])
    }
}

/// The highest expert severity of the capture, in its colour; a click opens the window.
fn expert_indicator(ui: &mut egui::Ui, app: &WirelensApp, actions: &mut Vec<Action>) {
    let Some((_, tally)) = &app.doc.caches.expert else {
        return;
    };
    let Some(highest) = tally.highest() else {
        return;
    };
    ui.separator();
    let color = super::expert_window::severity_color(highest);
    let text = egui::RichText::new(format!("● Expert: {}", highest.name())).color(color);
    if ui
        .add(egui::Button::new(text).frame(false))
        .on_hover_text("Expert Information")
        .clicked()
    {
        actions.push(Action::OpenExpert);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_like_a_human_wrote_them() {
        assert_eq!(super::human_bytes(512), "512 B");
        assert_eq!(super::human_bytes(1536), "1.5 KiB");
        assert_eq!(super::human_bytes(40_000_000), "38.1 MiB");
    }
}
