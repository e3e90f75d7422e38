//! `wirelens read`: tshark-like reading, filtering, printing and writing.

use super::columns::{Column, precision_digits};
use super::{OutputKind, WriteFormat};
use crate::dissect::{Dissection, Field, format};
use crate::session::Session;
use anyhow::{Context as _, bail};
use clap::Args;
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// Arguments of `read`.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Capture file to read (pcap, pcapng, optionally gzip-compressed).
    #[arg(short = 'r', long = "read-file")]
    pub file: PathBuf,
    /// Display filter.
    #[arg(short = 'Y', long = "display-filter")]
    pub filter: Option<String>,
    /// Stop after this many matching packets.
    #[arg(short = 'c', long = "count")]
    pub count: Option<usize>,
    /// Write matching packets here instead of printing them.
    #[arg(short = 'w', long = "write")]
    pub write: Option<PathBuf>,
    /// Format for `-w`.
    #[arg(short = 'F', long = "format", value_enum, default_value = "pcapng")]
    pub write_format: WriteFormat,
    /// Output format.
    #[arg(short = 'T', long = "output", value_enum, default_value = "text")]
    pub output: OutputKind,
    /// Field to print with `-T fields` (repeatable).
    #[arg(short = 'e', long = "field")]
    pub fields: Vec<String>,
    /// Print a header line with the field names (`-T fields`).
    #[arg(long = "header")]
    pub header: bool,
    /// A preference, as tshark's `-o`: `ip.check_checksum:TRUE`, `udp.check_checksum:TRUE`,
    /// `tcp.check_checksum:TRUE`, `tcp.analyze_sequence_numbers:FALSE` (repeatable).
    #[arg(short = 'o', long = "option")]
    pub prefs: Vec<String>,
    /// Print no packets (with `-z`, only the statistics).
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
    /// A statistic after the packets, as tshark's `-z` (repeatable): `expert`.
    #[arg(short = 'z', long = "statistics")]
    pub statistics: Vec<String>,
}

/// Runs `read`.
pub fn run(args: &ReadArgs) -> anyhow::Result<i32> {
    super::apply_prefs(&args.prefs)?;
    let session = Session::open(&args.file)?;
    if let Some(stop) = &session.stop {
        eprintln!(
            "wirelens: {}: read {} packets; {stop}",
            args.file.display(),
            session.len()
        );
    }
    let fields = resolve_fields(&args.fields)?;
    let filter = match &args.filter {
        Some(text) => Some(
            crate::filter::Filter::compile(text)
                .map_err(|e| anyhow::anyhow!("{}", e.render(text)))?,
        ),
        None => None,
    };
    let mut selected = match &filter {
        Some(f) => session.filter(f),
        None => (0..session.len()).collect(),
    };
    selected.truncate(args.count.unwrap_or(usize::MAX));
    if let Some(out) = &args.write {
        crate::cli::read::write(&session, &selected, out, args.write_format)?;
        return Ok(0);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let reports = args
        .statistics
        .iter()
        .map(|spec| super::zstats::Statistic::parse(spec))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if !args.quiet {
        print_packets(&session, &selected, args, &fields, &mut out)?;
    }
    // tshark draws its taps last-registered first.
    for statistic in reports.iter().rev() {
        out.write_all(statistic.report(&session, &selected)?.as_bytes())?;
    }
    out.flush()?;
    Ok(0)
}

/// The packets, one line (or block) each, in `args.output`.
fn print_packets(
    session: &Session,
    selected: &[usize],
    args: &ReadArgs,
    fields: &[Wanted],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if args.header && args.output == OutputKind::Fields {
        writeln!(out, "{}", args.fields.join("\t"))?;
    }
    // Chunks are dissected and formatted on all cores, then written in order.
    for chunk in selected.chunks(OUTPUT_CHUNK) {
        let spans = session.read_spans(chunk);
        let texts: Vec<anyhow::Result<Vec<u8>>> = chunk
            .par_iter()
            .enumerate()
            .map(|(k, &i)| {
                let data = spans
                    .get(k)
                    .with_context(|| format!("reading packet {}", i + 1))?;
                format_packet(session, i, data, args.output, fields)
            })
            .collect();
        for t in texts {
            out.write_all(&t?)?;
        }
    }
    Ok(())
}

/// Packets formatted together before writing.
const OUTPUT_CHUNK: usize = 4096;

/// One packet's output line(s).
fn format_packet(
    session: &Session,
    i: usize,
    data: &[u8],
    output: OutputKind,
    fields: &[Wanted],
) -> anyhow::Result<Vec<u8>> {
    let info = session
        .frame_info(i)
        .ok_or_else(|| anyhow::anyhow!("no packet {}", i + 1))?;
    if output == OutputKind::Spec {
        let spec = crate::craft::from_packet::spec_of(info.link, data);
        return Ok(format!("{spec}\n").into_bytes());
    }
    let ctx = session.context(i);
    let wants_columns = fields.iter().any(|f| matches!(f, Wanted::Column(_)));
    let d = match output {
        OutputKind::Text => crate::dissect::dissect_summary(&info, data, &ctx),
        OutputKind::Fields if wants_columns => crate::dissect::dissect_for_row(&info, data, &ctx),
        OutputKind::Fields => crate::dissect::dissect(&info, data, &ctx, false),
        OutputKind::Json | OutputKind::Spec => crate::dissect::dissect(&info, data, &ctx, true),
    };
    let mut buf = Vec::with_capacity(160);
    match output {
        OutputKind::Fields => {
            let digits = session
                .interfaces
                .get(info.interface as usize)
                .map_or(6, |i| precision_digits(i.ts_units_per_sec));
            print_fields(&mut buf, &d, data, fields, (&info, digits))?
        }
        OutputKind::Text => print_summary(&mut buf, session, i, &d)?,
        OutputKind::Json | OutputKind::Spec => print_json(&mut buf, i, &d, data)?,
    }
    Ok(buf)
}

/// What `-e` asks for: a field, or one of the packet-list columns (`_ws.col.Info`).
#[derive(Debug, Clone, Copy)]
enum Wanted {
    Field(Field),
    Column(Column),
}

fn resolve_fields(names: &[String]) -> anyhow::Result<Vec<Wanted>> {
    let mut unknown = Vec::new();
    let fields = names
        .iter()
        .filter_map(|n| {
            let wanted = Field::by_name(n)
                .map(Wanted::Field)
                .or_else(|| Column::by_name(n).map(Wanted::Column));
            if wanted.is_none() {
                unknown.push(n.as_str());
            }
            wanted
        })
        .collect();
    if !unknown.is_empty() {
        bail!("some fields aren't valid: {}", unknown.join(", "));
    }
    Ok(fields)
}

/// One tab-separated line: each field's occurrences joined by commas.
fn print_fields(
    out: &mut impl Write,
    d: &Dissection,
    frame: &[u8],
    fields: &[Wanted],
    (info, digits): (&crate::dissect::FrameInfo, usize),
) -> std::io::Result<()> {
    let mut line = String::new();
    for (k, wanted) in fields.iter().enumerate() {
        if k > 0 {
            line.push('\t');
        }
        match wanted {
            Wanted::Field(field) => {
                let texts = d.tree.texts(*field, frame).collect::<Vec<_>>().join(",");
                push_escaped(&mut line, &texts);
            }
            Wanted::Column(column) => push_escaped(&mut line, &column.text(info, d, digits)),
        }
    }
    writeln!(out, "{line}")
}

/// Appends `text` with tabs and line breaks written as `\t`, `\r`, `\n`, as tshark's
/// `-T fields` does (a value never breaks its line or its column).
fn push_escaped(line: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\t' => line.push_str("\\t"),
            '\r' => line.push_str("\\r"),
            '\n' => line.push_str("\\n"),
            c => line.push(c),
        }
    }
}

fn print_summary(
    out: &mut impl Write,
    s: &Session,
    i: usize,
    d: &Dissection,
) -> std::io::Result<()> {
    let info = s.frame_info(i);
    // A packet without a time stamp has an empty Time column, as in tshark.
    let rel = info
        .filter(|f| f.timestamped)
        .map_or(String::new(), |f| format!("{:.6}", f.rel_ns as f64 / 1e9));
    let len = info.map_or(0, |f| f.orig_len);
    let sm = &d.tree.summary;
    writeln!(
        out,
        "{:>6} {rel:>12} {} → {} {} {len} {}",
        i + 1,
        sm.source,
        sm.destination,
        sm.protocol,
        sm.info
    )
}

fn print_json(out: &mut impl Write, i: usize, d: &Dissection, frame: &[u8]) -> std::io::Result<()> {
    let mut s = format!("{{\"frame\":{},\"layers\":[", i + 1);
    for (k, n) in d.tree.nodes.iter().enumerate() {
        if k > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            "{{\"field\":{},\"depth\":{},\"range\":[{},{}],\"value\":{},\"label\":{}}}",
            json_str(n.field.name()),
            n.depth,
            n.range.start,
            n.range.end,
            json_str(&match n.value {
                crate::dissect::Value::Span =>
                    crate::dissect::value::format_hex(d.tree.node_bytes(k, frame)),
                ref v => format::field_text(n.field, v),
            }),
            json_str(&format::label(n))
        ));
    }
    s.push_str("]}");
    writeln!(out, "{s}")
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes the selected packets atomically.
pub fn write(
    s: &Session,
    selected: &[usize],
    out: &std::path::Path,
    format: WriteFormat,
) -> anyhow::Result<()> {
    s.export(
        selected,
        out,
        format.into(),
        &crate::session::JobControl::default(),
    )?;
    Ok(())
}
