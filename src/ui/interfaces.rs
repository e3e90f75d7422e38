//! Interfaces for the welcome screen, found on a worker (discovery never delays the first
//! frame), with each one's packet rate sampled twice a second for the sparklines.
//!
//! Where the list and the counters come from is injected ([`InterfaceProbe`]): libpcap and
//! `/proc/net/dev` in the program, a fixed list in tests. The watch's worker never wakes the
//! UI: the welcome screen asks for a repaint every [`SAMPLE_EVERY`] while it is shown, and the
//! worker ends as soon as the watch is dropped (a capture opened).

use crate::capture::{Interface, list_interfaces, packet_counters};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, bounded};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Rate samples kept per interface.
const HISTORY: usize = 60;
/// Time between samples (the welcome screen repaints this often).
pub const SAMPLE_EVERY: Duration = Duration::from_millis(500);
/// Updates buffered between the worker and the UI: a list and a few samples.
const UPDATES: usize = 4;

/// Where interfaces and their packet counters come from.
pub trait InterfaceProbe: Send + Sync {
    /// The interfaces that can be captured on, or why they cannot be listed.
    fn interfaces(&self) -> Result<Vec<Interface>, String>;
    /// Packets received plus sent so far, per interface name.
    fn counters(&self) -> Vec<(String, u64)>;
}

/// libpcap's device list and `/proc/net/dev` (no privilege needed for either).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemInterfaces;

impl InterfaceProbe for SystemInterfaces {
    fn interfaces(&self) -> Result<Vec<Interface>, String> {
        list_interfaces()
    }

    fn counters(&self) -> Vec<(String, u64)> {
        packet_counters()
    }
}

/// A fixed list whose counters never move (tests, benchmarks).
#[derive(Debug, Clone, Default)]
pub struct FixedInterfaces(pub Vec<Interface>);

impl InterfaceProbe for FixedInterfaces {
    fn interfaces(&self) -> Result<Vec<Interface>, String> {
        Ok(self.0.clone())
    }

    fn counters(&self) -> Vec<(String, u64)> {
        self.0.iter().map(|i| (i.name.clone(), 0)).collect()
    }
}

enum Update {
    Interfaces(Result<Vec<Interface>, String>),
    Counters(Vec<(String, u64)>, Instant),
}

/// The interface list and recent rates, kept up to date by a worker while the watch lives.
pub struct InterfaceWatch {
    updates: Receiver<Update>,
    /// Dropped with the watch: the worker sees the disconnection at once and ends.
    _stop: Sender<()>,
    /// The interfaces, once listed (or why they could not be).
    pub interfaces: Option<Result<Vec<Interface>, String>>,
    /// Packets per second, oldest first, per interface.
    pub rates: HashMap<String, VecDeque<f32>>,
    last: HashMap<String, (u64, Instant)>,
}

impl InterfaceWatch {
    /// Starts the worker over `probe`; it ends when the watch is dropped.
    pub fn start(probe: Arc<dyn InterfaceProbe>) -> InterfaceWatch {
        let (tx, updates) = bounded(UPDATES);
        let (stop, stopped) = bounded::<()>(0);
        super::jobs::spawn_named("interfaces", move || watch(&*probe, &tx, &stopped));
        InterfaceWatch {
            updates,
            _stop: stop,
            interfaces: None,
            rates: HashMap::new(),
            last: HashMap::new(),
        }
    }

    /// True once the list (or the reason there is none) has arrived.
    pub fn listed(&self) -> bool {
        self.interfaces.is_some()
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

/// The worker: the list once, then a sample every [`SAMPLE_EVERY`] until the watch is dropped.
fn watch(probe: &dyn InterfaceProbe, tx: &Sender<Update>, stopped: &Receiver<()>) {
    if tx.send(Update::Interfaces(probe.interfaces())).is_err() {
        return;
    }
    loop {
        // A full channel means the UI is not polling (the welcome screen is hidden): skip
        // the sample rather than block, so a drop of the watch is noticed at once.
        let sample = Update::Counters(probe.counters(), Instant::now());
        if let Err(crossbeam_channel::TrySendError::Disconnected(_)) = tx.try_send(sample) {
            return;
        }
        match stopped.recv_timeout(SAMPLE_EVERY) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
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

#[cfg(test)]
mod tests {
    use super::{FixedInterfaces, InterfaceProbe, InterfaceWatch};
    use std::sync::Arc;

    #[test]
    fn the_list_arrives_and_the_worker_ends_with_the_watch() {
        let probe: Arc<dyn InterfaceProbe> = Arc::new(FixedInterfaces::default());
        let mut w = InterfaceWatch::start(probe.clone());
        while !w.listed() {
            w.poll();
            std::thread::yield_now();
        }
        assert_eq!(w.interfaces, Some(Ok(Vec::new())));
        drop(w);
        // The worker drops its handle on the probe when it ends.
        while Arc::strong_count(&probe) > 1 {
            std::thread::yield_now();
        }
    }

    #[test]
    fn a_fixed_list_has_counters_for_each_interface() {
        let lo = crate::capture::Interface {
            name: "lo".into(),
            description: None,
            addresses: Vec::new(),
            up: true,
            running: true,
            loopback: true,
            wireless: false,
        };
        let p = FixedInterfaces(vec![lo]);
        assert_eq!(p.counters(), vec![("lo".to_string(), 0)]);
    }
}
