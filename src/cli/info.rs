//! `wirelens interfaces` and `wirelens stats`.

use crate::capture::list_interfaces;
use crate::session::Session;
use crate::stats::{hierarchy, protocol_hierarchy, summarize, summary};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Capture file.
    #[arg(short = 'r', long = "read-file")]
    pub file: PathBuf,
    /// Only packets matching this display filter.
    #[arg(short = 'Y', long = "display-filter")]
    pub filter: Option<String>,
}

/// Runs `interfaces`: like `tshark -D`, plus addresses and flags.
pub fn interfaces() -> anyhow::Result<i32> {
    let list = list_interfaces().map_err(anyhow::Error::msg)?;
    for (i, d) in list.iter().enumerate() {
        let mut flags = Vec::new();
        for (on, name) in [
            (d.up, "up"),
            (d.running, "running"),
            (d.loopback, "loopback"),
            (d.wireless, "wireless"),
        ] {
            if on {
                flags.push(name);
            }
        }
        let desc = d
            .description
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        println!("{}. {}{desc} [{}]", i + 1, d.name, flags.join(","));
        for (addr, prefix) in &d.addresses {
            match prefix {
                Some(p) => println!("      {addr}/{p}"),
                None => println!("      {addr}"),
            }
        }
    }
    Ok(0)
}

/// Runs `stats`.
pub fn stats(args: &StatsArgs) -> anyhow::Result<i32> {
    let session = Session::open(&args.file)?;
    let selected = match &args.filter {
        Some(text) => {
            let f = crate::filter::Filter::compile(text)
                .map_err(|e| anyhow::anyhow!("{}", e.render(text)))?;
            Some(session.filter(&f))
        }
        None => None,
    };
    let mut out = std::io::stdout().lock();
    write!(out, "{}", summary::render(&session, &summarize(&session)))?;
    write!(
        out,
        "{}",
        hierarchy::render(&protocol_hierarchy(&session, selected.as_deref()), None)
    )?;
    out.flush()?;
    Ok(0)
}
