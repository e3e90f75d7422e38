//! Draws an `io,stat` table exactly as tshark 4.0 does: column widths from the widest values,
//! the interval column from the capture's duration, centred labels, the last row to `Dur`.

use super::io_stat::{Calc, Cell, Column, Counted, IoStat, count_column};
use crate::session::Session;
use std::fmt::Write as _;

/// Digits of `v` (at least 1, at most `max`).
fn magnitude(mut v: u64, max: u32) -> u32 {
    let mut m = 0;
    for _ in 0..max {
        m += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    m
}

/// A column label centred as tshark's `printcenter` does (which prints nothing for wide
/// columns).
fn center(label: &str, width: usize) -> String {
    let len = 6 - ((width as i64 - label.len() as i64) / 2 + 1);
    if len > 0 && len < 6 {
        let pad = " ".repeat((6 - len) as usize);
        if (width as i64 - label.len() as i64) % 2 == 0 {
            format!("{pad}{label}{pad}|")
        } else {
            format!(" {pad}{label}{pad}|")
        }
    } else if len > 0 && len <= 15 {
        format!("{label}|")
    } else {
        String::new()
    }
}

/// Widths of one column: frames and value.
struct Widths {
    frames: usize,
    value: usize,
}

fn widths(c: &Column, counted: &Counted) -> (Widths, usize) {
    let fr = magnitude(counted.max_frames, 15).max(6) as usize;
    let val_mag = magnitude(counted.max_value, 15) as usize;
    match c.calc {
        Calc::FramesAndBytes => {
            let val = val_mag.max(5);
            (
                Widths {
                    frames: fr,
                    value: val,
                },
                fr + 3 + val + 3,
            )
        }
        Calc::Frames => (
            Widths {
                frames: fr,
                value: 0,
            },
            fr + 3,
        ),
        Calc::Bytes | Calc::Count => {
            let val = val_mag.max(5);
            (
                Widths {
                    frames: 0,
                    value: val,
                },
                val + 3,
            )
        }
        calc => {
            let val = val_mag.max(calc.name().len());
            (
                Widths {
                    frames: 0,
                    value: val,
                },
                val + 3,
            )
        }
    }
}

fn cell_text(c: &Column, w: &Widths, cell: Cell) -> String {
    match c.calc {
        Calc::FramesAndBytes => format!(
            " {:>fw$} | {:>vw$} |",
            cell.frames,
            cell.counter,
            fw = w.frames,
            vw = w.value
        ),
        Calc::Frames => format!(" {:>fw$} |", cell.frames, fw = w.frames),
        Calc::Avg => format!(
            " {:>vw$} |",
            cell.counter / cell.num.max(1) as i64,
            vw = w.value
        ),
        _ => format!(" {:>vw$} |", cell.counter, vw = w.value),
    }
}

/// Seconds of `us` with `precision` decimals, truncated.
fn seconds(us: u64, precision: u32) -> String {
    if precision == 0 {
        return (us / 1_000_000).to_string();
    }
    let frac = (us % 1_000_000) / 10u64.pow(6 - precision);
    format!("{}.{frac:0p$}", us / 1_000_000, p = precision as usize)
}

/// The duration tshark 4.0 prints over whole-second intervals: microseconds, space-padded
/// (`2.     0`, `13.781281`).
fn duration_in_microseconds(us: u64) -> String {
    format!("{}.{:>6}", us / 1_000_000, us % 1_000_000)
}

/// `ns` rounded half up to `precision` decimals, in µs.
fn rounded(ns: u64, precision: u32) -> u64 {
    let dv = 10u64.pow(9 - precision);
    (ns + dv / 2) / dv * dv / 1000
}

/// The most rows a table may have: a capture whose clock jumps by years cannot make one
/// that exhausts memory or never ends.
const MAX_ROWS: u64 = 1_000_000;

fn line(text: String, border: usize) -> String {
    let pad = border.saturating_sub(text.len()).max(1);
    format!("{text}{:>pad$}\n", "|")
}

impl IoStat {
    /// The table over `packets` (0-based, ascending), as tshark prints it.
    pub fn report(&self, session: &Session, packets: &[usize]) -> anyhow::Result<String> {
        let first = session.first_time_ns().unwrap_or(0);
        let elapsed_ns = (0..session.len())
            .filter_map(|i| session.record(i).map(|r| r.ts_ns - first))
            .max()
            .unwrap_or(0)
            .max(0) as u64;
        let mut duration = (elapsed_ns + 500) / 1000;
        if let Some(us) = self.interval_us
            && duration / us > MAX_ROWS
        {
            anyhow::bail!(
                "io,stat: the capture spans {} s, {} intervals of {} s; give a longer interval \
                 (at most {MAX_ROWS} rows)",
                duration / 1_000_000,
                duration / us,
                seconds(us, 6)
            );
        }
        let counted = self
            .columns
            .iter()
            .map(|c| count_column(session, packets, c, self.interval_us))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let whole = self.interval_us.is_none_or(|i| i >= duration);
        let mut interval = if whole {
            duration
        } else {
            self.interval_us.unwrap_or(duration)
        };
        let dur_mag = magnitude(duration / 1_000_000, 5) as usize;
        let (precision, mut border) = if whole {
            let p = match dur_mag {
                0 => 6,
                1 => 3,
                _ => 1,
            };
            (p, 30 + dur_mag + if p == 0 { 0 } else { p as usize + 1 })
        } else {
            let invl_mag = magnitude(interval / 1_000_000, 5) as usize;
            let p = self.precision;
            (
                p,
                25 + invl_mag.max(dur_mag) + if p == 0 { 0 } else { p as usize + 1 },
            )
        };
        let dv = 10u64.pow(6 - precision);
        if duration % dv > 5 * (dv / 10) {
            duration = (duration + 5 * (dv / 10)) / dv * dv;
        }
        let dur_mag = magnitude(duration / 1_000_000, 5) as usize;
        if whole {
            interval = duration;
        }
        let invl_col = if precision == 0 {
            2 * dur_mag + 8
        } else {
            2 * dur_mag + 2 * precision as usize + 10
        }
        .max(12);
        let cols: Vec<(Widths, usize)> = self
            .columns
            .iter()
            .zip(&counted)
            .map(|(c, n)| widths(c, n))
            .collect();
        let tabrow = invl_col + cols.iter().map(|(_, w)| w).sum::<usize>();
        border = border.max(tabrow);
        let widest_filter = self
            .columns
            .iter()
            .map(|c| c.text.as_ref().map_or(26, |t| t.len() + 11))
            .max()
            .unwrap_or(0);
        if widest_filter > border && border < 102 {
            border = widest_filter.min(102);
        }
        if border == tabrow + 1 {
            border += 1;
        }
        let mut out = String::new();
        self.header(&mut out, border, elapsed_ns, interval, precision);
        self.header_rows(&mut out, border, &cols, invl_col, tabrow);
        self.rows(
            &mut out,
            &counted,
            &cols,
            (duration, interval, precision, dur_mag),
            (border, tabrow),
        );
        out.push_str(&"=".repeat(border));
        out.push('\n');
        Ok(out)
    }

    fn header(
        &self,
        out: &mut String,
        border: usize,
        elapsed_ns: u64,
        interval: u64,
        precision: u32,
    ) {
        let inner = border.saturating_sub(2);
        let _ = write!(out, "\n{}\n", "=".repeat(border));
        let _ = writeln!(out, "|{:<inner$}|", " IO Statistics");
        let _ = writeln!(out, "|{:inner$}|", "");
        let dur_precision = if precision == 0 { 6 } else { precision };
        let dur_mag = magnitude(elapsed_ns / 1_000_000_000, 5) as usize;
        let dur_w = dur_mag
            + if precision == 0 {
                0
            } else {
                precision as usize + 1
            };
        let duration_us = rounded(elapsed_ns, dur_precision);
        let duration = if precision == 0 {
            duration_in_microseconds(duration_us)
        } else {
            seconds(duration_us, dur_precision)
        };
        out.push_str(&line(
            format!("| Duration: {duration:>dur_w$} secs"),
            border,
        ));
        let interval = seconds(interval, precision);
        out.push_str(&line(
            format!("| Interval: {interval:>dur_w$} secs"),
            border,
        ));
        let _ = writeln!(out, "|{:inner$}|", "");
        for (j, c) in self.columns.iter().enumerate() {
            let lead = if j == 0 { "| Col " } else { "|     " };
            let mut text = format!("{lead}{}: ", j + 1);
            let mut rest = c.text.as_deref().unwrap_or("Frames and bytes");
            let max_w = border.saturating_sub(11).max(1);
            while c.text.is_some() && rest.len() > max_w {
                let cut = rest
                    .get(..max_w)
                    .and_then(|head| head.rfind(' '))
                    .map_or((max_w, max_w), |sp| (sp, sp + 1));
                text.push_str(rest.get(..cut.0).unwrap_or(rest));
                out.push_str(&line(
                    std::mem::replace(&mut text, "|         ".into()),
                    border,
                ));
                rest = rest.get(cut.1..).unwrap_or("");
            }
            text.push_str(rest);
            out.push_str(&line(text, border));
        }
        let _ = writeln!(out, "|-{}|", "-".repeat(border.saturating_sub(3)));
    }

    fn header_rows(
        &self,
        out: &mut String,
        border: usize,
        cols: &[(Widths, usize)],
        invl_col: usize,
        tabrow: usize,
    ) {
        let filler = (tabrow < border).then(|| format!("{:>w$}", "|", w = border - tabrow));
        let filler = filler.unwrap_or_default();
        let _ = write!(out, "|{:>w$}", "|", w = invl_col.saturating_sub(1));
        for (j, (c, (w, _))) in self.columns.iter().zip(cols).enumerate() {
            let padding = match c.calc {
                Calc::FramesAndBytes => w.frames + w.value + 3,
                Calc::Frames => w.frames,
                _ => w.value,
            };
            let _ = write!(out, "{:<2}{:padding$}|", j + 1, "");
        }
        let _ = writeln!(out, "{filler}");
        let label = "| Interval";
        let _ = write!(
            out,
            "{label}{:>w$}",
            "|",
            w = invl_col.saturating_sub(label.len())
        );
        for (c, (w, _)) in self.columns.iter().zip(cols) {
            match c.calc {
                Calc::FramesAndBytes => {
                    out.push_str(&center("Frames", w.frames));
                    out.push_str(&center("Bytes", w.value));
                }
                Calc::Frames => out.push_str(&center("FRAMES", w.frames)),
                calc => out.push_str(&center(calc.name(), w.value)),
            }
        }
        let _ = writeln!(out, "{filler}");
        let _ = writeln!(out, "|-{}|{filler}", "-".repeat(tabrow.saturating_sub(3)));
    }

    fn rows(
        &self,
        out: &mut String,
        counted: &[Counted],
        cols: &[(Widths, usize)],
        (duration, interval, precision, dur_mag): (u64, u64, u32, usize),
        (border, tabrow): (usize, usize),
    ) {
        if interval == 0 {
            return;
        }
        let dv = 10u64.pow(6 - precision);
        let mut t = 0u64;
        let mut row = 0usize;
        while t < duration {
            let mut end = t + interval;
            let last = end >= duration;
            if last {
                end = duration;
            }
            let m = dur_mag;
            if precision == 0 {
                let lead = if dur_mag == 1 { "  " } else { " " };
                if last {
                    let maxw = if dur_mag >= 3 { dur_mag + 1 } else { 3 };
                    let _ = write!(out, "|{lead}{:>m$} <> {:<maxw$}|", t / 1_000_000, "Dur");
                } else {
                    let tail = if dur_mag == 1 { "  " } else { " " };
                    let _ = write!(
                        out,
                        "|{lead}{:>m$} <> {:>m$}{tail}|",
                        t / 1_000_000,
                        end / 1_000_000
                    );
                }
            } else {
                let p = precision as usize;
                let _ = write!(
                    out,
                    "| {:>m$}.{:0p$} <> {:>m$}.{:0p$} |",
                    t / 1_000_000,
                    (t % 1_000_000) / dv,
                    end / 1_000_000,
                    (end % 1_000_000) / dv
                );
            }
            for ((c, n), (w, _)) in self.columns.iter().zip(counted).zip(cols) {
                let cell = n.cells.get(&row).copied().unwrap_or_default();
                out.push_str(&cell_text(c, w, cell));
            }
            if tabrow < border {
                let _ = write!(out, "{:>w$}", "|", w = border - tabrow);
            }
            out.push('\n');
            t += interval;
            row += 1;
        }
    }
}
