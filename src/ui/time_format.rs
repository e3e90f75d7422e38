//! The Time column's formats (View ▸ Time Display Format), with Wireshark's time references:
//! a reference packet shows `*REF*` and later packets count from it.

use chrono::{DateTime, Local, Utc};

/// How the Time column is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeFormat {
    /// Seconds since the first packet (or the last time reference).
    #[default]
    SinceStart,
    /// Seconds since the previous captured packet.
    SincePrevious,
    /// Local date and time of day.
    Absolute,
    /// UTC date and time of day.
    Utc,
    /// Seconds since 1970-01-01 UTC.
    Epoch,
}

impl TimeFormat {
    /// Every format, in menu order, with its menu label.
    pub const ALL: [(TimeFormat, &'static str); 5] = [
        (TimeFormat::SinceStart, "Seconds Since Beginning of Capture"),
        (
            TimeFormat::SincePrevious,
            "Seconds Since Previous Captured Packet",
        ),
        (TimeFormat::Absolute, "Date and Time of Day"),
        (TimeFormat::Utc, "UTC Date and Time of Day"),
        (TimeFormat::Epoch, "Seconds Since 1970-01-01"),
    ];

    /// Name used in the settings file.
    pub fn key(self) -> &'static str {
        match self {
            TimeFormat::SinceStart => "relative",
            TimeFormat::SincePrevious => "delta",
            TimeFormat::Absolute => "absolute",
            TimeFormat::Utc => "utc",
            TimeFormat::Epoch => "epoch",
        }
    }

    /// The format named `key` in the settings file.
    pub fn from_key(key: &str) -> Option<TimeFormat> {
        TimeFormat::ALL
            .iter()
            .map(|(f, _)| *f)
            .find(|f| f.key() == key)
    }
}

/// Times around one packet that the formats need (ns since the epoch).
#[derive(Debug, Clone, Copy)]
pub struct PacketTimes {
    /// This packet.
    pub ts_ns: i64,
    /// The first packet of the capture.
    pub first_ns: i64,
    /// The previous captured packet.
    pub prev_ns: i64,
    /// The nearest time reference at or before this packet.
    pub reference_ns: Option<i64>,
    /// This packet is a time reference.
    pub is_reference: bool,
}

/// The Time cell.
pub fn format_time(format: TimeFormat, t: PacketTimes) -> String {
    if t.is_reference && matches!(format, TimeFormat::SinceStart) {
        return "*REF*".into();
    }
    match format {
        TimeFormat::SinceStart => seconds(t.ts_ns - t.reference_ns.unwrap_or(t.first_ns)),
        TimeFormat::SincePrevious => seconds(t.ts_ns - t.prev_ns),
        TimeFormat::Epoch => seconds(t.ts_ns),
        TimeFormat::Utc => date_time(t.ts_ns, true),
        TimeFormat::Absolute => date_time(t.ts_ns, false),
    }
}

fn seconds(ns: i64) -> String {
    let sign = if ns < 0 { "-" } else { "" };
    let abs = ns.unsigned_abs();
    format!("{sign}{}.{:09}", abs / 1_000_000_000, abs % 1_000_000_000)
}

fn date_time(ns: i64, utc: bool) -> String {
    let Some(t) = DateTime::<Utc>::from_timestamp(ns.div_euclid(1_000_000_000), 0) else {
        return seconds(ns);
    };
    let frac = ns.rem_euclid(1_000_000_000);
    let day = if utc {
        t.format("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        t.with_timezone(&Local)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    format!("{day}.{frac:09}")
}

#[cfg(test)]
mod tests {
    use super::{PacketTimes, TimeFormat, format_time};

    fn times(ts_ns: i64) -> PacketTimes {
        PacketTimes {
            ts_ns,
            first_ns: 1_000_000_000,
            prev_ns: ts_ns - 250_000,
            reference_ns: None,
            is_reference: false,
        }
    }

    #[test]
    fn every_format_prints_as_wireshark_does() {
        let t = times(1_700_000_000_123_456_789);
        assert_eq!(format_time(TimeFormat::Epoch, t), "1700000000.123456789");
        assert_eq!(
            format_time(TimeFormat::Utc, t),
            "2023-11-14 22:13:20.123456789"
        );
        assert_eq!(format_time(TimeFormat::SincePrevious, t), "0.000250000");
        let t = times(3_500_000_000);
        assert_eq!(format_time(TimeFormat::SinceStart, t), "2.500000000");
    }

    #[test]
    fn time_references_restart_the_clock() {
        let mut t = times(3_500_000_000);
        t.reference_ns = Some(3_000_000_000);
        assert_eq!(format_time(TimeFormat::SinceStart, t), "0.500000000");
        t.is_reference = true;
        assert_eq!(format_time(TimeFormat::SinceStart, t), "*REF*");
        assert_eq!(format_time(TimeFormat::Epoch, t), "3.500000000");
    }
}
