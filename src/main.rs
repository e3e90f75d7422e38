//! wirelens entry point: parse the command line, run a headless command or the GUI.
#![forbid(unsafe_code)]

use clap::Parser;
use wirelens::cli::{Cli, run};

fn main() {
    let cli = Cli::parse();
    let is_proto = matches!(cli.command, Some(wirelens::cli::Command::Proto(_)));
    if !is_proto && let Err(e) = wirelens::cli::install_protocols(&cli) {
        eprintln!("wirelens: {e:#}");
        std::process::exit(2);
    }
    let code = match cli.command {
        Some(command) => match run(command, &cli.protocols) {
            Ok(code) => code,
            // A reader that went away (`| head`) ends the output, as it ends tshark's.
            Err(e) if is_broken_pipe(&e) => 0,
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
            protocols: cli.protocols,
            decode_as: cli.decode_as,
        }) {
            Ok(()) => 0,
            // A reader that went away (`| head`) ends the output, as it ends tshark's.
            Err(e) if is_broken_pipe(&e) => 0,
            Err(e) => {
                eprintln!("wirelens: {e:#}");
                1
            }
        },
    };
    std::process::exit(code);
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
