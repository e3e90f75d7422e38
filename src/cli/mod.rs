//! Command-line interface: clap definitions and the headless commands.

mod capture;
mod columns;
mod craft;
mod generate;
mod info;
mod proto;
mod read;
mod send;
mod zstats;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// wirelens — a fast, crash-proof packet analyzer.
#[derive(Debug, Parser)]
#[command(name = "wirelens", version, about)]
pub struct Cli {
    /// What to do; without a command the GUI opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Capture files to open in the GUI.
    pub files: Vec<PathBuf>,
    /// GUI: the interface to capture on (as Wireshark's -i).
    #[arg(short = 'i', long = "interface")]
    pub interface: Option<String>,
    /// GUI: the capture filter (BPF, as Wireshark's -f).
    #[arg(short = 'f', long = "capture-filter")]
    pub capture_filter: Option<String>,
    /// GUI: start capturing at once (as Wireshark's -k).
    #[arg(short = 'k', long = "start")]
    pub start: bool,
    /// Protocol descriptions to load: a `.wlp` file or a directory of them (repeatable).
    #[arg(long = "protocols", global = true, value_name = "PATH")]
    pub protocols: Vec<PathBuf>,
    /// Decode As, as tshark's -d: `udp.port==4790,vxlan` (repeatable).
    #[arg(
        short = 'd',
        long = "decode-as",
        global = true,
        value_name = "TABLE==VALUE,PROTO"
    )]
    pub decode_as: Vec<String>,
}

/// Output format of `read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputKind {
    /// One summary line per packet (like tshark).
    Text,
    /// Tab-separated values of the `-e` fields (like `tshark -T fields`).
    Fields,
    /// One JSON object per packet with its layer tree.
    Json,
    /// One packet spec per packet (`wirelens craft` builds it back byte for byte).
    Spec,
}

/// File format for `-w`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WriteFormat {
    /// pcap, microsecond timestamps.
    Pcap,
    /// pcap, nanosecond timestamps.
    PcapNs,
    /// pcapng.
    Pcapng,
}

impl From<WriteFormat> for crate::pcapfile::OutputFormat {
    fn from(f: WriteFormat) -> Self {
        match f {
            WriteFormat::Pcap => crate::pcapfile::OutputFormat::Pcap,
            WriteFormat::PcapNs => crate::pcapfile::OutputFormat::PcapNanos,
            WriteFormat::Pcapng => crate::pcapfile::OutputFormat::PcapNg,
        }
    }
}

/// Applies tshark-style `-o name:value` preferences.
pub fn apply_prefs(prefs: &[String]) -> anyhow::Result<()> {
    use crate::dissect::checksum::Validation;
    let mut v = Validation::current();
    for p in prefs {
        let (name, value) = p.split_once(':').ok_or_else(|| {
            anyhow::anyhow!("-o {p}: expected NAME:VALUE, e.g. tcp.check_checksum:TRUE")
        })?;
        let on = match value.to_ascii_uppercase().as_str() {
            "TRUE" | "1" | "YES" => true,
            "FALSE" | "0" | "NO" => false,
            _ => anyhow::bail!("-o {p}: {name} takes TRUE or FALSE"),
        };
        match name {
            "ip.check_checksum" => v.ip = on,
            "udp.check_checksum" => v.udp = on,
            "tcp.check_checksum" => v.tcp = on,
            "tcp.analyze_sequence_numbers" => crate::dissect::tcp_analysis::set_enabled(on),
            _ => anyhow::bail!(
                "-o {p}: unknown preference {name} (known: ip.check_checksum, \
                 udp.check_checksum, tcp.check_checksum, tcp.analyze_sequence_numbers)"
            ),
        }
    }
    v.install();
    Ok(())
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a capture: print, filter and/or write packets.
    Read(read::ReadArgs),
    /// Write a deterministic synthetic capture.
    Generate(generate::GenerateArgs),
    /// Capture summary and protocol hierarchy (like capinfos + `tshark -z io,phs`).
    Stats(info::StatsArgs),
    /// List capture interfaces with addresses and flags.
    Interfaces,
    /// Capture live traffic.
    Capture(capture::CaptureArgs),
    /// Build packets from their text form: print them or write a capture.
    Craft(craft::CraftArgs),
    /// Send crafted packets or replay a capture on an interface.
    Send(send::SendArgs),
    /// Protocol descriptions: check, run their examples, list what is loaded.
    Proto(proto::ProtoArgs),
}

/// Loads the protocol descriptions and Decode As entries every command and the GUI use.
pub fn install_protocols(cli: &Cli) -> anyhow::Result<()> {
    proto::install_for_run(&cli.protocols, &cli.decode_as)
}

/// Runs a headless command; returns the process exit code.
pub fn run(command: Command, protocols: &[PathBuf]) -> anyhow::Result<i32> {
    match command {
        Command::Proto(args) => proto::run(&args, protocols),
        Command::Read(args) => read::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Stats(args) => info::stats(&args),
        Command::Interfaces => info::interfaces(),
        Command::Capture(args) => capture::run(&args),
        Command::Craft(args) => craft::run(&args),
        Command::Send(args) => send::run(&args),
    }
}
