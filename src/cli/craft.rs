//! `wirelens craft`: build packets from the text form, write them to a capture file or print
//! their dissection (layer tree and hex dump).

use super::WriteFormat;
use crate::craft::{self, Spec};
use crate::dissect::{self, FrameContext, FrameInfo, LinkType, format};
use crate::pcapfile::{Interface, PacketToWrite, write_atomically};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `craft`.
#[derive(Debug, Args)]
pub struct CraftArgs {
    /// The packet, e.g. `eth/ip(dst=198.18.0.2)/udp(dstport=9)/data(data="hi")`.
    pub spec: String,
    /// Number of packets (ranges step and `random` draws once per packet).
    #[arg(short = 'c', long = "count", default_value_t = 1)]
    pub count: u64,
    /// Seed for `random` values (same seed, same packets).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Pad Ethernet frames to the 60-byte minimum (the NIC does this when sending).
    #[arg(long)]
    pub pad: bool,
    /// Write the packets here instead of printing them.
    #[arg(short = 'w', long = "write")]
    pub write: Option<PathBuf>,
    /// Format for `-w`.
    #[arg(short = 'F', long = "format", value_enum, default_value = "pcapng")]
    pub format: WriteFormat,
}

/// Largest `-c` accepted (a file of that many packets is already big).
const MAX_COUNT: u64 = 100_000_000;

/// Parses a spec, with the error pointed at by line and column.
pub fn parse_spec(text: &str) -> anyhow::Result<Spec> {
    craft::parse(text).map_err(|e| anyhow::anyhow!("invalid packet spec: {}", e.render(text)))
}

/// Packet `k` of `spec`, padded to 60 bytes when asked and it is Ethernet.
pub fn packet(spec: &Spec, k: u64, seed: u64, pad: bool) -> anyhow::Result<Vec<u8>> {
    let mut bytes = craft::build(spec, k, seed).map_err(|e| anyhow::anyhow!("{e}"))?;
    if pad && craft::link_of_spec(spec) == LinkType::ETHERNET && bytes.len() < 60 {
        bytes.resize(60, 0);
    }
    Ok(bytes)
}

/// Runs `craft`.
pub fn run(args: &CraftArgs) -> anyhow::Result<i32> {
    let spec = parse_spec(&args.spec)?;
    if args.count > MAX_COUNT {
        anyhow::bail!("-c {} is more than {MAX_COUNT} packets", args.count);
    }
    let link = craft::link_of_spec(&spec);
    match &args.write {
        Some(path) => write(&spec, args, link, path),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for k in 0..args.count {
                print(&mut out, &packet(&spec, k, args.seed, args.pad)?, k, link)?;
            }
            out.flush()?;
            Ok(0)
        }
    }
}

fn write(
    spec: &Spec,
    args: &CraftArgs,
    link: LinkType,
    path: &std::path::Path,
) -> anyhow::Result<i32> {
    let iface = Interface {
        link,
        snaplen: 262_144,
        ts_units_per_sec: 1_000_000_000,
        ts_offset_s: 0,
        name: Some("craft".into()),
    };
    let start_ns = chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0);
    let packets = (0..args.count).map(|k| {
        let bytes = packet(spec, k, args.seed, args.pad).map_err(std::io::Error::other)?;
        Ok(PacketToWrite {
            // One microsecond apart, in order.
            ts_ns: start_ns + i64::try_from(k).unwrap_or(0) * 1_000,
            orig_len: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            data: bytes.into(),
            interface: 0,
        })
    });
    let n = write_atomically(path, args.format.into(), &[iface], packets)?;
    eprintln!("wirelens: wrote {n} packets to {}", path.display());
    Ok(0)
}

/// The layer tree and a hex dump of one packet.
fn print(out: &mut impl Write, bytes: &[u8], k: u64, link: LinkType) -> std::io::Result<()> {
    let info = FrameInfo::standalone(k + 1, link, bytes.len());
    let d = dissect::dissect(&info, bytes, &FrameContext::default(), true);
    for n in d.tree.nodes.iter().filter(|n| !n.hidden && n.source == 0) {
        writeln!(
            out,
            "{}{}",
            "    ".repeat(usize::from(n.depth)),
            format::label(n)
        )?;
    }
    for note in &d.tree.notes {
        writeln!(out, "    [Expert: {}] {}", note.layer, note.message)?;
    }
    writeln!(out, "{}", format::hex_dump(bytes))
}
