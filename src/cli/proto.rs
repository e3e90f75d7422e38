//! `wirelens proto check|test|list`: protocol descriptions from the command line.

use crate::describe::load::{self, Loaded, Options};
use crate::describe::{DescError, examples};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// `wirelens proto …`.
#[derive(Debug, Args)]
pub struct ProtoArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: ProtoAction,
}

/// The `proto` actions.
#[derive(Debug, Subcommand)]
pub enum ProtoAction {
    /// Check description files; print every error and exit non-zero if there is one.
    Check {
        /// Files or directories of `*.wlp`.
        files: Vec<PathBuf>,
    },
    /// Run the examples written in description files (all loaded ones when none is named).
    Test {
        /// Files or directories of `*.wlp`.
        files: Vec<PathBuf>,
    },
    /// List the loaded protocols: fields, bindings and where each came from.
    List,
}

/// Runs a `proto` action with the `--protocols` paths given globally.
pub fn run(args: &ProtoArgs, protocols: &[PathBuf]) -> anyhow::Result<i32> {
    match &args.action {
        ProtoAction::Check { files } => check(files, protocols),
        ProtoAction::Test { files } => test(files, protocols),
        ProtoAction::List => list(protocols),
    }
}

fn options(extra: &[PathBuf], protocols: &[PathBuf]) -> Options {
    let mut paths = protocols.to_vec();
    paths.extend(extra.iter().cloned());
    Options {
        paths,
        user_dir: true,
        no_bundled: false,
    }
}

fn print_errors(errors: &[DescError]) {
    for e in errors {
        eprintln!("{e}");
    }
    let n = errors.len();
    eprintln!("{n} error{}", if n == 1 { "" } else { "s" });
}

fn check(files: &[PathBuf], protocols: &[PathBuf]) -> anyhow::Result<i32> {
    if files.is_empty() {
        anyhow::bail!("proto check: name the description files to check");
    }
    match load::load(&options(files, protocols)) {
        Ok(loaded) => {
            let named = named_files(&loaded, files);
            let n: usize = loaded
                .plan
                .protocols
                .iter()
                .filter(|p| named.contains(&p.file))
                .count();
            println!(
                "ok: {} file{}, {n} protocol{}",
                named.len(),
                plural(named.len()),
                plural(n)
            );
            Ok(0)
        }
        Err(errors) => {
            print_errors(&errors);
            Ok(1)
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The loaded files that came from `paths` (a directory names each of its files).
fn named_files(loaded: &Loaded, paths: &[PathBuf]) -> Vec<String> {
    let wanted: Vec<String> = paths
        .iter()
        .flat_map(|p| {
            load::read_path(p)
                .map(|v| v.into_iter().map(|s| s.file).collect::<Vec<String>>())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>();
    loaded
        .files
        .iter()
        .map(|(s, _)| s.file.clone())
        .filter(|f| wanted.contains(f))
        .collect()
}

fn test(files: &[PathBuf], protocols: &[PathBuf]) -> anyhow::Result<i32> {
    let loaded = match load::load(&options(files, protocols)) {
        Ok(l) => l,
        Err(errors) => {
            print_errors(&errors);
            return Ok(1);
        }
    };
    let named = named_files(&loaded, files);
    let sources: Vec<(String, String)> = loaded
        .files
        .iter()
        .map(|(s, _)| (s.file.clone(), s.text.clone()))
        .collect();
    load::install(loaded.plan.clone(), &[]).map_err(anyhow::Error::msg)?;
    let outcomes = examples::run(&loaded.plan, &named, &sources);
    let mut failed = 0;
    for o in &outcomes {
        match &o.failure {
            None => println!("ok    {}: {}", o.file, o.title),
            Some(why) => {
                failed += 1;
                println!("FAIL  {}: {}\n{why}", o.file, o.title);
            }
        }
    }
    println!("{} passed, {failed} failed", outcomes.len() - failed);
    Ok(i32::from(failed > 0))
}

fn list(protocols: &[PathBuf]) -> anyhow::Result<i32> {
    let loaded = load_all(protocols)?;
    for e in &loaded.skipped {
        eprintln!("skipped: {e}");
    }
    let plan = &loaded.plan;
    for (i, p) in plan.protocols.iter().enumerate() {
        let origin = loaded
            .files
            .iter()
            .find(|(s, _)| s.file == p.file)
            .map_or("", |(_, o)| o.name());
        println!("{} — {} ({origin}: {})", p.name, p.title, p.file);
        let binds = plan.binding_texts(i);
        println!(
            "  bind: {}",
            if binds.is_empty() {
                "(none: next/Decode As only)".to_string()
            } else {
                binds.join(" || ")
            }
        );
        let prefix = format!("{}.", p.name);
        for d in plan.defs.iter().filter(|d| d.name.starts_with(&prefix)) {
            println!("  {:<40} {:<10} {}", d.name, kind_name(d.kind), d.display);
        }
    }
    Ok(0)
}

fn kind_name(k: crate::dissect::field::Kind) -> String {
    use crate::dissect::field::{Base, Kind};
    match k {
        Kind::UInt {
            bits,
            base: Base::Hex,
        } => format!("uint{bits} hex"),
        Kind::UInt { bits, .. } => format!("uint{bits}"),
        Kind::Int => "int".into(),
        Kind::Bool => "bool".into(),
        Kind::Ipv4 => "ipv4".into(),
        Kind::Ipv6 => "ipv6".into(),
        Kind::Ether => "ether".into(),
        Kind::Bytes => "bytes".into(),
        Kind::Str => "string".into(),
        Kind::Text => "subtree".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// The set every command sees; a load error lists every error.
fn load_all(protocols: &[PathBuf]) -> anyhow::Result<Loaded> {
    load::load(&options(&[], protocols)).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("{}", lines.join("\n"))
    })
}

/// Loads the descriptions every command sees (bundled, the user's, `--protocols`) and the
/// `-d` Decode As entries, and installs them. A broken `--protocols` file is an error.
pub fn install_for_run(protocols: &[PathBuf], decode_as: &[String]) -> anyhow::Result<()> {
    let loaded = load_all(protocols)?;
    for e in &loaded.skipped {
        eprintln!("wirelens: left out a broken description: {e}");
    }
    let entries = decode_as
        .iter()
        .map(|d| load::decode_as(d, &loaded.plan))
        .collect::<Result<Vec<_>, String>>()
        .map_err(anyhow::Error::msg)?;
    load::install(loaded.plan, &entries).map_err(anyhow::Error::msg)?;
    Ok(())
}
