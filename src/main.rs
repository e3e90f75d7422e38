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
        None => match wirelens::ui::run(wirelens::ui::Launch {
            files: cli.files,
            interface: cli.interface,
            capture_filter: cli.capture_filter,
            start: cli.start,
        }) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("wirelens: {e:#}");
                1
            }
        },
    };
    std::process::exit(code);
}
