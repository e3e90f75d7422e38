//! wirelens entry point: parse the command line, run a headless command or the GUI.
#![forbid(unsafe_code)]

use clap::Parser;
use wirelens::cli::{Cli, run};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(command) => match run(command) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("wirelens: {e:#}");
                1
            }
        },
        None => {
            eprintln!("wirelens: the GUI is not built yet; use a subcommand (see --help)");
            2
        }
    };
    std::process::exit(code);
}
