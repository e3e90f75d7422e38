//! tshark's `_ws.col.*` names for `-T fields -e`: the default packet-list columns.

use crate::dissect::{Dissection, FrameInfo};

/// One of Wireshark's default columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// `_ws.col.No.`
    Number,
    /// `_ws.col.Time`: seconds since the first packet, at the capture's precision.
    Time,
    /// `_ws.col.Source`
    Source,
    /// `_ws.col.Destination`
    Destination,
    /// `_ws.col.Protocol`
    Protocol,
    /// `_ws.col.Length`
    Length,
    /// `_ws.col.Info`
    Info,
}

impl Column {
    /// The column a `_ws.col.*` name stands for (names as tshark 4.0 spells them).
    pub fn by_name(name: &str) -> Option<Column> {
        Some(match name.strip_prefix("_ws.col.")? {
            "No." => Column::Number,
            "Time" => Column::Time,
            "Source" => Column::Source,
            "Destination" => Column::Destination,
            "Protocol" => Column::Protocol,
            "Length" => Column::Length,
            "Info" => Column::Info,
            _ => return None,
        })
    }

    /// The column's text for one packet; `digits` is the capture's time stamp precision.
    pub fn text(self, info: &FrameInfo, d: &Dissection, digits: usize) -> String {
        let summary = &d.tree.summary;
        match self {
            Column::Number => info.number.to_string(),
            Column::Time if !info.timestamped => String::new(),
            Column::Time => seconds(info.rel_ns, digits),
            Column::Source => summary.source.clone(),
            Column::Destination => summary.destination.clone(),
            Column::Protocol => summary.protocol.clone(),
            Column::Length => info.orig_len.to_string(),
            Column::Info => summary.info.clone(),
        }
    }
}

/// Decimal digits of a time stamp resolution (1e6 units per second: 6), as Wireshark's
/// automatic time precision shows them.
pub fn precision_digits(units_per_sec: u64) -> usize {
    let mut digits = 0;
    let mut unit = 1u64;
    while unit < units_per_sec && digits < 9 {
        unit = unit.saturating_mul(10);
        digits += 1;
    }
    digits
}

/// `ns` as seconds with `digits` decimals, truncated as Wireshark does.
fn seconds(ns: i64, digits: usize) -> String {
    let sign = if ns < 0 { "-" } else { "" };
    let abs = ns.unsigned_abs();
    let whole = abs / 1_000_000_000;
    if digits == 0 {
        return format!("{sign}{whole}");
    }
    let frac = (abs % 1_000_000_000) / 10u64.pow(9 - digits.min(9) as u32);
    format!("{sign}{whole}.{frac:0digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_precision_and_seconds() {
        assert_eq!(Column::by_name("_ws.col.Info"), Some(Column::Info));
        assert_eq!(Column::by_name("_ws.col.No."), Some(Column::Number));
        assert_eq!(Column::by_name("_ws.col.info"), None);
        assert_eq!(Column::by_name("ip.src"), None);
        assert_eq!(precision_digits(1_000_000), 6);
        assert_eq!(precision_digits(1_000_000_000), 9);
        assert_eq!(precision_digits(1_000), 3);
        assert_eq!(precision_digits(1), 0);
        assert_eq!(seconds(35_637_932, 9), "0.035637932");
        assert_eq!(seconds(121_000, 6), "0.000121");
        assert_eq!(seconds(1_999_999_999, 6), "1.999999");
        assert_eq!(seconds(-1_500_000_000, 3), "-1.500");
        assert_eq!(seconds(7_000_000_000, 0), "7");
    }
}
