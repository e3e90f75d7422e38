//! The text tshark prints for `-q -z conv,KIND[,FILTER]` and `-q -z endpoints,KIND[,FILTER]`
//! (relative times, no name resolution: `tshark -n`).

use super::conv_table::{ConvRow, EndpointRow, Table, by_frames};
use std::fmt::Write as _;

const RULE: &str =
    "================================================================================\n";

/// A byte count as tshark's `format_size` writes it: `5338 bytes`, `159 kB`, `12 MB`.
pub fn format_size(bytes: u64) -> String {
    const PREFIXES: [(u64, &str); 4] = [
        (1_000_000_000_000, "T"),
        (1_000_000_000, "G"),
        (1_000_000, "M"),
        (1_000, "k"),
    ];
    for (power, prefix) in PREFIXES {
        if bytes / power >= 10 {
            return format!("{} {prefix}B", bytes / power);
        }
    }
    format!("{bytes} bytes")
}

fn title(out: &mut String, table: &Table, what: &str, filter: Option<&str>) {
    out.push_str(RULE);
    let _ = writeln!(out, "{} {what}", table.kind.title());
    let _ = writeln!(out, "Filter:{}", filter.unwrap_or("<No Filter>"));
}

/// `-z conv,…`: rows by total frames, most first.
pub fn conversations(table: &Table, filter: Option<&str>) -> String {
    let mut out = String::new();
    title(&mut out, table, "Conversations", filter);
    let pad = if table.kind.has_ports() {
        "            "
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{pad}                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |"
    );
    let _ = writeln!(
        out,
        "{pad}                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |"
    );
    let rows = &table.conversations;
    for i in by_frames(rows, ConvRow::frames) {
        if let Some(row) = rows.get(i) {
            conversation_line(&mut out, row, table.kind.has_ports());
        }
    }
    out.push_str(RULE);
    out
}

fn conversation_line(out: &mut String, row: &ConvRow, ports: bool) {
    let (src, dst) = if ports {
        (
            format!("{}:{}", row.src, row.ports.0),
            format!("{}:{}", row.dst, row.ports.1),
        )
    } else {
        (row.src.to_string(), row.dst.to_string())
    };
    let width = if ports { 26 } else { 20 };
    let total = (row.tx.0 + row.rx.0, row.tx.1 + row.rx.1);
    let start = row.start_ns as f64 / 1e9;
    let duration = row.stop_ns as f64 / 1e9 - start;
    let _ = writeln!(
        out,
        "{src:<width$} <-> {dst:<width$}  {:>6} {:<9}  {:>6} {:<9}  {:>6} {:<9}  {start:>14.9}   {duration:>12.4}",
        row.rx.0,
        format_size(row.rx.1),
        row.tx.0,
        format_size(row.tx.1),
        total.0,
        format_size(total.1),
    );
}

/// `-z endpoints,…`: rows by total frames, most first.
pub fn endpoints(table: &Table, filter: Option<&str>) -> String {
    let mut out = String::new();
    title(&mut out, table, "Endpoints", filter);
    let port_header = if table.kind.has_ports() {
        "Port  ||  "
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "                       |  {port_header}Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |"
    );
    let rows = &table.endpoints;
    for i in by_frames(rows, EndpointRow::frames) {
        if let Some(row) = rows.get(i) {
            endpoint_line(&mut out, row);
        }
    }
    out.push_str(RULE);
    out
}

fn endpoint_line(out: &mut String, row: &EndpointRow) {
    let address = row.address.to_string();
    let port = row.port.map(|p| format!("{p:>5}     ")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{address:<20}      {port}{:>6}     {:>9}     {:>6}       {:>9}      {:>6}       {:>9}   ",
        row.tx.0 + row.rx.0,
        row.tx.1 + row.rx.1,
        row.tx.0,
        row.tx.1,
        row.rx.0,
        row.rx.1,
    );
}

#[cfg(test)]
mod tests {
    use super::format_size;

    #[test]
    fn sizes_switch_prefix_at_ten_units() {
        for (bytes, text) in [
            (0, "0 bytes"),
            (9_999, "9999 bytes"),
            (10_000, "10 kB"),
            (159_321, "159 kB"),
            (9_999_999, "9999 kB"),
            (10_000_000, "10 MB"),
            (12_345_678_901, "12 GB"),
        ] {
            assert_eq!(format_size(bytes), text);
        }
    }
}
