//! Traffic over time for the plot panel: packets and bytes per time bin, split by protocol
//! class, computed from the index records alone (no dissection), incrementally as packets
//! arrive.

use super::view::View;
use crate::dissect::Field;
use crate::session::Session;
use crate::store::ProtoSet;

/// Protocol classes, stacked bottom to top, each packet in exactly one.
pub const CLASSES: [&str; 8] = ["TCP", "UDP", "DNS", "HTTP", "TLS", "ICMP", "ARP", "Other"];

/// Fill colours of [`CLASSES`] (egui_plot gives filled areas no colour of their own).
pub const COLORS: [egui::Color32; 8] = [
    egui::Color32::from_rgb(0x4e, 0x79, 0xa7),
    egui::Color32::from_rgb(0xf2, 0x8e, 0x2b),
    egui::Color32::from_rgb(0xed, 0xc9, 0x48),
    egui::Color32::from_rgb(0x59, 0xa1, 0x4f),
    egui::Color32::from_rgb(0x76, 0xb7, 0xb2),
    egui::Color32::from_rgb(0xe1, 0x57, 0x59),
    egui::Color32::from_rgb(0xb0, 0x7a, 0xa1),
    egui::Color32::from_rgb(0x9c, 0x9c, 0x9c),
];

/// Most bins kept (older ones are merged when a file's timeline grows).
pub const MAX_BINS: usize = 600;

/// The class of a packet from its protocol bits.
pub fn class_of(protocols: u32) -> usize {
    let set = ProtoSet(protocols);
    let order = [
        (Field::Dns, 2),
        (Field::Http, 3),
        (Field::Tls, 4),
        (Field::Icmp, 5),
        (Field::Icmpv6, 5),
        (Field::Arp, 6),
        (Field::Tcp, 0),
        (Field::Udp, 1),
    ];
    order
        .iter()
        .find(|(f, _)| set.contains(*f))
        .map_or(7, |(_, c)| *c)
}

/// Counts per bin and class.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Start of bin 0, ns since the epoch.
    pub origin_ns: i64,
    /// Bin width, ns.
    pub bin_ns: i64,
    /// Packets per bin and class.
    pub packets: Vec<[u32; 8]>,
    /// Bytes per bin and class.
    pub bytes: Vec<[u64; 8]>,
    /// Packets of the session already counted.
    pub counted: usize,
}

impl Series {
    /// Starts empty with bins of `bin_ns`.
    pub fn new(bin_ns: i64) -> Series {
        Series {
            bin_ns: bin_ns.max(1),
            ..Series::default()
        }
    }

    /// Counts one packet.
    pub fn add(&mut self, ts_ns: i64, wire_len: u32, protocols: u32) {
        if self.packets.is_empty() && self.counted == 0 {
            self.origin_ns = ts_ns - ts_ns.rem_euclid(self.bin_ns);
        }
        let mut bin = (ts_ns - self.origin_ns).div_euclid(self.bin_ns);
        if bin < 0 {
            // Out-of-order timestamp before the origin: count it in the first bin.
            bin = 0;
        }
        while bin as usize >= MAX_BINS * 4 {
            self.coarsen();
            bin = (ts_ns - self.origin_ns).div_euclid(self.bin_ns);
        }
        let bin = bin as usize;
        if self.packets.len() <= bin {
            self.packets.resize(bin + 1, [0; 8]);
            self.bytes.resize(bin + 1, [0; 8]);
        }
        let class = class_of(protocols);
        if let (Some(p), Some(b)) = (self.packets.get_mut(bin), self.bytes.get_mut(bin)) {
            p[class] += 1;
            b[class] += u64::from(wire_len);
        }
    }

    /// Doubles the bin width, merging pairs of bins.
    fn coarsen(&mut self) {
        self.bin_ns *= 2;
        let pairs = |v: &[[u64; 8]]| -> Vec<[u64; 8]> {
            v.chunks(2)
                .map(|c| {
                    let mut sum = [0; 8];
                    for row in c {
                        for (s, x) in sum.iter_mut().zip(row) {
                            *s += x;
                        }
                    }
                    sum
                })
                .collect()
        };
        self.bytes = pairs(&self.bytes);
        let widened: Vec<[u64; 8]> = self.packets.iter().map(|p| p.map(u64::from)).collect();
        self.packets = pairs(&widened)
            .into_iter()
            .map(|p| p.map(|x| u32::try_from(x).unwrap_or(u32::MAX)))
            .collect();
    }

    /// Counts up to `budget` of the packets not yet counted: all the session's, or only the
    /// rows of `displayed`. A frame never spends long on it; big captures fill in over a few
    /// frames.
    pub fn update(&mut self, session: &Session, displayed: Option<&View>, budget: usize) {
        let total = displayed.map_or(session.len(), View::len);
        let end = total.min(self.counted.saturating_add(budget));
        for k in self.counted..end {
            let packet = displayed.map_or(Some(k), |v| v.get(k));
            if let Some(r) = packet.and_then(|p| session.record(p)) {
                // Packets without a time stamp have no place on a time axis.
                if let Some(ts_ns) = r.time_ns() {
                    self.add(ts_ns, r.orig_len, r.protocols);
                }
            }
        }
        self.counted = end.max(self.counted);
    }

    /// True while packets remain to be counted.
    pub fn behind(&self, session: &Session, displayed: Option<&View>) -> bool {
        self.counted < displayed.map_or(session.len(), View::len)
    }

    /// Stacked rates per class: for each class, (x seconds, lower, upper) per bin, where x is
    /// relative to `zero_ns` and rates are per second. `bytes` picks bytes/s over packets/s.
    pub fn stacked(&self, zero_ns: i64, bytes: bool) -> (Vec<f64>, Vec<Vec<f64>>) {
        let per_second = 1e9 / self.bin_ns as f64;
        let xs: Vec<f64> = (0..self.packets.len())
            .map(|b| (self.origin_ns + b as i64 * self.bin_ns - zero_ns) as f64 / 1e9)
            .collect();
        let mut levels = vec![vec![0.0; xs.len()]];
        for class in 0..CLASSES.len() {
            let below = levels.last().cloned().unwrap_or_default();
            let level: Vec<f64> = below
                .iter()
                .enumerate()
                .map(|(b, base)| {
                    let v = if bytes {
                        self.bytes.get(b).map_or(0, |r| r[class]) as f64
                    } else {
                        f64::from(self.packets.get(b).map_or(0, |r| r[class]))
                    };
                    base + v * per_second
                })
                .collect();
            levels.push(level);
        }
        (xs, levels)
    }
}

#[cfg(test)]
mod tests {
    use super::{CLASSES, Series, class_of};
    use crate::dissect::Field;
    use crate::store::ProtoSet;

    fn bits(fields: &[Field]) -> u32 {
        fields.iter().filter_map(|f| ProtoSet::bit(*f)).sum()
    }

    #[test]
    fn each_packet_falls_in_its_most_specific_class() {
        assert_eq!(
            CLASSES[class_of(bits(&[Field::Ip, Field::Tcp, Field::Tls]))],
            "TLS"
        );
        assert_eq!(
            CLASSES[class_of(bits(&[Field::Ip, Field::Udp, Field::Dns]))],
            "DNS"
        );
        assert_eq!(CLASSES[class_of(bits(&[Field::Ip, Field::Tcp]))], "TCP");
        assert_eq!(CLASSES[class_of(bits(&[Field::Eth, Field::Arp]))], "ARP");
        assert_eq!(CLASSES[class_of(bits(&[Field::Eth]))], "Other");
    }

    #[test]
    fn bins_count_and_coarsen_without_losing_packets() {
        let tcp = bits(&[Field::Tcp]);
        let mut s = Series::new(1_000_000_000);
        s.add(10_000_000_000, 100, tcp);
        s.add(10_500_000_000, 50, tcp);
        s.add(12_000_000_000, 10, tcp);
        assert_eq!(s.packets.len(), 3);
        assert_eq!(s.packets[0][0], 2);
        assert_eq!(s.bytes[0][0], 150);
        // Far in the future: bins double until it fits; totals stay.
        s.add(10_000_000_000 + 5_000 * 1_000_000_000, 1, tcp);
        let total: u32 = s.packets.iter().map(|p| p[0]).sum();
        assert_eq!(total, 4);
        assert!(s.packets.len() <= super::MAX_BINS * 4);
        let (xs, levels) = s.stacked(10_000_000_000, false);
        assert_eq!(xs.len(), s.packets.len());
        assert_eq!(levels.len(), CLASSES.len() + 1);
    }
}
