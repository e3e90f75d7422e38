//! Interfaces for the welcome screen, found on a worker (discovery never delays the first
//! frame), with each one's packet rate sampled twice a second for the sparklines.

use crate::capture::{Interface, list_interfaces, packet_counters};
use crossbeam_channel::{Receiver, bounded};
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// Rate samples kept per interface.
const HISTORY: usize = 60;
/// Time between samples.
const SAMPLE_EVERY: Duration = Duration::from_millis(500);

enum Update {
    Interfaces(Result<Vec<Interface>, String>),
    Counters(Vec<(String, u64)>, Instant),
}

/// The interface list and recent rates.
pub struct InterfaceWatch {
    updates: Receiver<Update>,
    /// The interfaces, once listed (or why they could not be).
    pub interfaces: Option<Result<Vec<Interface>, String>>,
    /// Packets per second, oldest first, per interface.
    pub rates: HashMap<String, VecDeque<f32>>,
    last: HashMap<String, (u64, Instant)>,
}

impl InterfaceWatch {
    /// Starts the worker; it ends when the watch is dropped.
    pub fn start(repaint: impl Fn() + Send + 'static) -> InterfaceWatch {
        let (tx, updates) = bounded(4);
        super::jobs::spawn_named("interfaces", move || {
            if tx.send(Update::Interfaces(list_interfaces())).is_err() {
                return;
            }
            repaint();
            loop {
                let sample = Update::Counters(packet_counters(), Instant::now());
                if tx.send(sample).is_err() {
                    return;
                }
                repaint();
                std::thread::sleep(SAMPLE_EVERY);
            }
        });
        InterfaceWatch {
            updates,
            interfaces: None,
            rates: HashMap::new(),
            last: HashMap::new(),
        }
    }

    /// Applies what the worker sent.
    pub fn poll(&mut self) {
        while let Ok(u) = self.updates.try_recv() {
            match u {
                Update::Interfaces(list) => self.interfaces = Some(list),
                Update::Counters(counters, at) => self.sample(counters, at),
            }
        }
    }

    fn sample(&mut self, counters: Vec<(String, u64)>, at: Instant) {
        for (name, packets) in counters {
            if let Some((before, then)) = self.last.get(&name) {
                let secs = at.duration_since(*then).as_secs_f32().max(1e-3);
                let rate = packets.saturating_sub(*before) as f32 / secs;
                let h = self.rates.entry(name.clone()).or_default();
                h.push_back(rate);
                while h.len() > HISTORY {
                    h.pop_front();
                }
            }
            self.last.insert(name, (packets, at));
        }
    }
}

/// Draws a small rate line (no axes) in `size`.
pub fn sparkline(ui: &mut egui::Ui, samples: Option<&VecDeque<f32>>, size: egui::Vec2) {
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let stroke = egui::Stroke::new(1.5, egui::Color32::from_rgb(0x3a, 0x8f, 0xd9));
    ui.painter()
        .rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    let Some(samples) = samples.filter(|s| s.len() > 1) else {
        return;
    };
    let max = samples.iter().copied().fold(1.0_f32, f32::max);
    let step = rect.width() / (HISTORY - 1) as f32;
    let start = rect.max.x - step * (samples.len() - 1) as f32;
    let points: Vec<egui::Pos2> = samples
        .iter()
        .enumerate()
        .map(|(k, v)| {
            egui::pos2(
                start + k as f32 * step,
                rect.max.y - 2.0 - (v / max) * (rect.height() - 4.0),
            )
        })
        .collect();
    ui.painter().add(egui::Shape::line(points, stroke));
}
