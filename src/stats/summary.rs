//! A capinfos-like summary of a capture.

use crate::dissect::value::format_seconds_ns;
use crate::session::Session;

/// Summary numbers of a capture.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureSummary {
    /// Packets.
    pub packets: u64,
    /// Bytes on the wire, all packets.
    pub data_bytes: u64,
    /// Bytes captured, all packets.
    pub captured_bytes: u64,
    /// First packet time, ns since the epoch.
    pub first_ns: Option<i64>,
    /// Last packet time, ns since the epoch.
    pub last_ns: Option<i64>,
    /// TCP and UDP conversations.
    pub flows: usize,
}

/// Computes the summary from the index.
pub fn summarize(s: &Session) -> CaptureSummary {
    let mut sum = CaptureSummary {
        packets: 0,
        data_bytes: 0,
        captured_bytes: 0,
        first_ns: None,
        last_ns: None,
        flows: s.flows.len(),
    };
    for i in 0..s.len() {
        let Some(r) = s.record(i) else { continue };
        sum.packets += 1;
        sum.data_bytes += u64::from(r.orig_len);
        sum.captured_bytes += u64::from(r.cap_len);
        if let Some(ts) = r.time_ns() {
            sum.first_ns = Some(sum.first_ns.map_or(ts, |f| f.min(ts)));
            sum.last_ns = Some(sum.last_ns.map_or(ts, |l| l.max(ts)));
        }
    }
    sum
}

/// Renders the summary like capinfos.
pub fn render(s: &Session, sum: &CaptureSummary) -> String {
    let duration_ns = match (sum.first_ns, sum.last_ns) {
        (Some(f), Some(l)) => l - f,
        _ => 0,
    };
    let secs = duration_ns as f64 / 1e9;
    let rate = |v: f64| if secs > 0.0 { v / secs } else { 0.0 };
    let links: Vec<String> = s
        .interfaces
        .iter()
        .map(|i| i.link.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut out = String::new();
    let mut line = |k: &str, v: String| out.push_str(&format!("{k:<28}{v}\n"));
    line("File name:", s.path.display().to_string());
    line("File type:", s.format.name().to_string());
    line("File encapsulation:", links.join(", "));
    line("Number of interfaces:", s.interfaces.len().to_string());
    line("File size:", format!("{} bytes", s.file_bytes));
    line("Number of packets:", sum.packets.to_string());
    line("Data size:", format!("{} bytes", sum.data_bytes));
    line("Captured size:", format!("{} bytes", sum.captured_bytes));
    line(
        "Capture duration:",
        format!("{} seconds", format_seconds_ns(duration_ns)),
    );
    line(
        "First packet time:",
        sum.first_ns
            .map(format_seconds_ns)
            .unwrap_or_else(|| "n/a".into()),
    );
    line(
        "Last packet time:",
        sum.last_ns
            .map(format_seconds_ns)
            .unwrap_or_else(|| "n/a".into()),
    );
    line(
        "Data byte rate:",
        format!("{:.0} bytes/s", rate(sum.data_bytes as f64)),
    );
    line(
        "Data bit rate:",
        format!("{:.0} bits/s", rate(sum.data_bytes as f64 * 8.0)),
    );
    line(
        "Average packet size:",
        format!(
            "{:.2} bytes",
            if sum.packets > 0 {
                sum.data_bytes as f64 / sum.packets as f64
            } else {
                0.0
            }
        ),
    );
    line(
        "Average packet rate:",
        format!("{:.0} packets/s", rate(sum.packets as f64)),
    );
    line("Conversations (TCP/UDP):", sum.flows.to_string());
    let flow_bytes = s.flows.len() * (std::mem::size_of::<crate::store::Flow>() + 64);
    let index = s.store.index_bytes() + flow_bytes;
    line(
        "Index size:",
        format!(
            "{index} bytes ({:.1} bytes/packet incl. {} flows)",
            index as f64 / sum.packets.max(1) as f64,
            s.flows.len()
        ),
    );
    if let Some(stop) = &s.stop {
        line("Warning:", format!("loading stopped early: {stop}"));
    }
    out
}
