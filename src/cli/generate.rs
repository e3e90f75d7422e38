//! `wirelens generate`: write a deterministic synthetic capture (tests, benchmarks, demos).

use super::WriteFormat;
use crate::dissect::LinkType;
use crate::generate::Generator;
use crate::pcapfile::{Interface, OutputFormat, PacketToWrite, write_atomically};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Output file.
    #[arg(short = 'w', long = "write")]
    pub out: PathBuf,
    /// Number of packets.
    #[arg(short = 'c', long = "count", default_value_t = 10_000)]
    pub count: u64,
    /// Random seed (same seed, same capture).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// File format.
    #[arg(short = 'F', long = "format", value_enum, default_value = "pcapng")]
    pub format: WriteFormat,
}

/// Runs `generate`.
pub fn run(args: &GenerateArgs) -> anyhow::Result<i32> {
    let iface = Interface {
        link: LinkType::ETHERNET,
        snaplen: 262_144,
        ts_units_per_sec: 1_000_000_000,
        ts_offset_s: 0,
        name: Some("gen0".into()),
    };
    let format: OutputFormat = args.format.into();
    let packets = Generator::new(args.count, args.seed).map(|p| {
        let len = u32::try_from(p.data.len()).unwrap_or(u32::MAX);
        Ok(PacketToWrite {
            ts_ns: p.ts_ns,
            data: p.data.into(),
            orig_len: len,
            interface: 0,
        })
    });
    let n = write_atomically(&args.out, format, &[iface], packets)?;
    eprintln!("wirelens: wrote {n} packets to {}", args.out.display());
    Ok(0)
}
