//! `-z io,stat,INTERVAL[,COLUMN]…` as tshark counts and prints it: per interval of relative
//! time, frames and bytes of the packets matching each column's filter, or `FRAMES()`,
//! `BYTES()`, `COUNT(field)`, `SUM(field)`, `MIN(field)`, `MAX(field)`, `AVG(field)` of an
//! integer field. (tshark's `LOAD()` and float or time fields are refused with a message.)
//! This file parses and counts; [`super::io_stat_table`] draws the table.

use crate::dissect::Field;
use crate::dissect::field::Kind;
use crate::dissect::value::Value;
use crate::filter::Filter;
use crate::session::Session;
use anyhow::{Context as _, bail};

/// What a column computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Calc {
    FramesAndBytes,
    Frames,
    Bytes,
    Count,
    Sum,
    Min,
    Max,
    Avg,
}

impl Calc {
    const NAMED: [(&'static str, Calc); 7] = [
        ("FRAMES", Calc::Frames),
        ("BYTES", Calc::Bytes),
        ("COUNT", Calc::Count),
        ("SUM", Calc::Sum),
        ("MIN", Calc::Min),
        ("MAX", Calc::Max),
        ("AVG", Calc::Avg),
    ];

    pub(super) fn name(self) -> &'static str {
        Calc::NAMED
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("Frames", |(n, _)| n)
    }
}

/// One column: its text as given, what it computes, on which field, for which packets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Column {
    pub(super) text: Option<String>,
    pub(super) calc: Calc,
    field: Option<Field>,
    filter: Option<String>,
}

/// A parsed `io,stat` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoStat {
    /// Interval in µs; `None` is 0: the whole capture.
    pub(super) interval_us: Option<u64>,
    /// Decimal places the user gave the interval.
    pub(super) precision: u32,
    pub(super) columns: Vec<Column>,
}

fn column(text: &str) -> anyhow::Result<Column> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Column {
            text: None,
            calc: Calc::FramesAndBytes,
            field: None,
            filter: None,
        });
    }
    let Some((name, calc)) = Calc::NAMED.iter().find(|(n, _)| text.starts_with(n)) else {
        return Ok(Column {
            text: Some(text.into()),
            calc: Calc::FramesAndBytes,
            field: None,
            filter: Some(text.into()),
        });
    };
    let rest = text.get(name.len()..).unwrap_or("");
    let inner = rest
        .strip_prefix('(')
        .with_context(|| format!("{text}: {name} needs parentheses, as {name}(…)"))?;
    let (arg, filter) = inner
        .split_once(')')
        .with_context(|| format!("{text}: closing parenthesis missing"))?;
    let field = match (calc, arg.trim()) {
        (Calc::Frames | Calc::Bytes, "") => None,
        (Calc::Frames | Calc::Bytes, _) => bail!("{text}: {name} takes no field"),
        (_, "") => bail!("{text}: {name} needs a field name"),
        (_, f) => Some(integer_field(text, name, f)?),
    };
    let filter = (!filter.trim().is_empty()).then(|| filter.trim().to_string());
    Ok(Column {
        text: Some(text.into()),
        calc: *calc,
        field,
        filter,
    })
}

fn integer_field(text: &str, func: &str, name: &str) -> anyhow::Result<Field> {
    let field = Field::by_name(name).with_context(|| format!("{text}: no field named {name}"))?;
    match (func, field.def().kind) {
        (_, Kind::UInt { .. } | Kind::Int) | ("COUNT", _) => Ok(field),
        _ => bail!("{text}: {name} is not an integer field; {func}() takes integer fields"),
    }
}

impl IoStat {
    /// Parses what follows `io,stat,`.
    pub fn parse(args: &str) -> anyhow::Result<IoStat> {
        let (interval, columns) = match args.split_once(',') {
            Some((i, c)) => (i, Some(c)),
            None => (args, None),
        };
        let seconds: f64 = interval
            .trim()
            .parse()
            .ok()
            .filter(|s: &f64| s.is_finite() && *s >= 0.0)
            .with_context(|| format!("io,stat: {interval:?} is not an interval in seconds"))?;
        let interval_us = (seconds > 0.0).then_some((seconds * 1e6 + 0.5) as u64);
        if interval_us == Some(0) {
            bail!("io,stat: the interval must be ≥ 0.000001 seconds or 0 for the whole capture");
        }
        let columns = match columns {
            None => vec![column("")?],
            Some(c) => c.split(',').map(column).collect::<anyhow::Result<_>>()?,
        };
        for c in &columns {
            if let Some(f) = &c.filter {
                Filter::compile(f).map_err(|e| anyhow::anyhow!("io,stat: {}", e.render(f)))?;
            }
        }
        Ok(IoStat {
            interval_us,
            precision: interval_us.map_or(0, |us| precision(us, interval)),
            columns,
        })
    }
}

/// tshark's interval precision: the decimals the value needs, or the zeros the user wrote.
fn precision(us: u64, text: &str) -> u32 {
    let mut p = 6;
    let mut i = 10;
    while i < 10_000_000 && us.is_multiple_of(i) {
        p -= 1;
        i *= 10;
    }
    if p == 0
        && let Some((_, decimals)) = text.split_once('.')
        && !decimals.is_empty()
    {
        return decimals.len().min(6) as u32;
    }
    p
}

/// One interval of one column.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Cell {
    pub(super) frames: u64,
    pub(super) counter: i64,
    pub(super) num: u64,
}

/// A column's cells and its widest values.
#[derive(Debug, Default)]
pub(super) struct Counted {
    pub(super) cells: std::collections::BTreeMap<usize, Cell>,
    pub(super) max_frames: u64,
    pub(super) max_value: u64,
}

fn values(session: &Session, i: usize, field: Field) -> Vec<i64> {
    let Ok(d) = session.dissect(i, false) else {
        return Vec::new();
    };
    d.tree
        .nodes
        .iter()
        .filter(|n| n.field == field)
        .map(|n| match n.value {
            Value::UInt(v) => i64::try_from(v).unwrap_or(i64::MAX),
            Value::Int(v) => v,
            _ => 0,
        })
        .collect()
}

pub(super) fn count_column(
    session: &Session,
    packets: &[usize],
    c: &Column,
    interval: Option<u64>,
) -> anyhow::Result<Counted> {
    let chosen = match &c.filter {
        Some(f) => {
            let f = Filter::compile(f).map_err(|e| anyhow::anyhow!("{}", e.render(f)))?;
            let matching: rustc_hash::FxHashSet<usize> = session.filter(&f).into_iter().collect();
            packets
                .iter()
                .copied()
                .filter(|i| matching.contains(i))
                .collect()
        }
        None => packets.to_vec(),
    };
    let first = session.first_time_ns().unwrap_or(0);
    let mut out = Counted {
        ..Counted::default()
    };
    let (mut last_us, mut bucket) = (0u64, 0usize);
    for i in chosen {
        let Some(r) = session.record(i) else { continue };
        let rel = r.ts_ns - first;
        if rel >= 0 {
            last_us = (rel as u64).saturating_add(500) / 1000;
        }
        if let Some(us) = interval {
            bucket = bucket.max(usize::try_from(last_us / us).unwrap_or(usize::MAX));
        }
        let cell = out.cells.entry(bucket).or_default();
        cell.frames += 1;
        match (c.calc, c.field) {
            (Calc::FramesAndBytes | Calc::Frames | Calc::Bytes, _) => {
                cell.counter += i64::from(r.orig_len);
            }
            (calc, Some(field)) => {
                let vals = values(session, i, field);
                apply(cell, calc, &vals);
            }
            _ => {}
        }
        out.max_frames = out.max_frames.max(cell.frames);
        let shown = match c.calc {
            Calc::Avg if cell.num == 0 => 0,
            Calc::Avg => cell.counter / cell.num as i64,
            _ => cell.counter,
        };
        if c.calc != Calc::Frames {
            out.max_value = out.max_value.max(shown.max(0) as u64);
        }
    }
    Ok(out)
}

fn apply(cell: &mut Cell, calc: Calc, vals: &[i64]) {
    for (k, &v) in vals.iter().enumerate() {
        match calc {
            Calc::Count => cell.counter += 1,
            Calc::Sum => cell.counter += v,
            Calc::Min if (cell.frames == 1 && k == 0) || v < cell.counter => cell.counter = v,
            Calc::Max if v > cell.counter => cell.counter = v,
            Calc::Avg => {
                cell.num += 1;
                cell.counter += v;
            }
            _ => {}
        }
    }
}
