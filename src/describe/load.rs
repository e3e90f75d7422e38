//! Where descriptions come from (bundled, the user's directory, `--protocols`), loading
//! them into one set, Decode As entries, and installing the set for dissection.

use super::compile::{Source, compile};
use super::error::DescError;
use super::layers::Installed;
use super::plan::Plan;
use crate::dissect::custom::{self, Table};
use crate::dissect::field::registry;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The descriptions shipped inside the binary (also installed as files by the .deb).
pub const BUNDLED: &[(&str, &str)] = &[
    ("cdp.wlp", include_str!("../../assets/protocols/cdp.wlp")),
    ("dtp.wlp", include_str!("../../assets/protocols/dtp.wlp")),
    ("gre.wlp", include_str!("../../assets/protocols/gre.wlp")),
    ("lldp.wlp", include_str!("../../assets/protocols/lldp.wlp")),
    ("ntp.wlp", include_str!("../../assets/protocols/ntp.wlp")),
    ("rip.wlp", include_str!("../../assets/protocols/rip.wlp")),
    ("tftp.wlp", include_str!("../../assets/protocols/tftp.wlp")),
    (
        "vxlan.wlp",
        include_str!("../../assets/protocols/vxlan.wlp"),
    ),
];

/// Where a description file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Shipped with wirelens.
    Bundled,
    /// `$XDG_CONFIG_HOME/wirelens/protocols/`.
    User,
    /// `--protocols PATH`.
    CommandLine,
}

impl Origin {
    /// How `proto list` names it.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Bundled => "bundled",
            Origin::User => "user",
            Origin::CommandLine => "--protocols",
        }
    }
}

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--protocols` files and directories.
    pub paths: Vec<PathBuf>,
    /// Also read the user's protocol directory.
    pub user_dir: bool,
    /// Leave out the bundled descriptions.
    pub no_bundled: bool,
}

/// A loaded set.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The compiled set.
    pub plan: Plan,
    /// Each file that went in, with where it came from.
    pub files: Vec<(Source, Origin)>,
    /// Files left out because of these errors (user-directory files only: a broken file
    /// there must not stop the program; an explicit `--protocols` file stops it instead).
    pub skipped: Vec<DescError>,
}

/// The user's protocol directory.
pub fn user_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("wirelens").join("protocols"))
}

/// Reads the description files of `path`: the file itself, or a directory's `*.wlp`.
pub fn read_path(path: &Path) -> Result<Vec<Source>, DescError> {
    let shown = path.display().to_string();
    if path.is_dir() {
        let entries =
            std::fs::read_dir(path).map_err(|e| DescError::whole_file(&shown, e.to_string()))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "wlp"))
            .collect();
        files.sort();
        return files.iter().map(|f| read_file(f)).collect();
    }
    Ok(vec![read_file(path)?])
}

/// The most bytes a description file may have.
pub const MAX_FILE: u64 = 1 << 20;

fn read_file(path: &Path) -> Result<Source, DescError> {
    let shown = path.display().to_string();
    let len = std::fs::metadata(path)
        .map_err(|e| DescError::whole_file(&shown, e.to_string()))?
        .len();
    if len > MAX_FILE {
        return Err(DescError::whole_file(
            &shown,
            format!("{len} bytes is larger than a description may be (1 MiB)"),
        ));
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| DescError::whole_file(&shown, e.to_string()))?;
    Ok(Source { file: shown, text })
}

/// Loads the set `options` names. Errors in bundled or `--protocols` files fail the load;
/// a broken file in the user's directory is left out and reported in [`Loaded::skipped`].
pub fn load(options: &Options) -> Result<Loaded, Vec<DescError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if !options.no_bundled {
        for (name, text) in BUNDLED {
            let file = format!("<bundled>/{name}");
            files.push((
                Source {
                    file,
                    text: (*text).to_string(),
                },
                Origin::Bundled,
            ));
        }
    }
    if options.user_dir
        && let Some(dir) = user_dir().filter(|d| d.is_dir())
    {
        match read_path(&dir) {
            Ok(v) => files.extend(v.into_iter().map(|s| (s, Origin::User))),
            Err(e) => errors.push(e),
        }
    }
    for p in &options.paths {
        match read_path(p) {
            Ok(v) => files.extend(v.into_iter().map(|s| (s, Origin::CommandLine))),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    drop_overridden(&mut files);
    let mut skipped = Vec::new();
    loop {
        let sources: Vec<Source> = files.iter().map(|(s, _)| s.clone()).collect();
        match compile(&sources) {
            Ok(plan) => {
                return Ok(Loaded {
                    plan,
                    files,
                    skipped,
                });
            }
            Err(errs) => {
                let fatal: Vec<DescError> = errs
                    .iter()
                    .filter(|e| origin_of(&files, &e.file) != Some(Origin::User))
                    .cloned()
                    .collect();
                if !fatal.is_empty() {
                    return Err(errs);
                }
                files.retain(|(s, _)| !errs.iter().any(|e| e.file == s.file));
                skipped.extend(errs);
            }
        }
    }
}

fn origin_of(files: &[(Source, Origin)], file: &str) -> Option<Origin> {
    files.iter().find(|(s, _)| s.file == file).map(|(_, o)| *o)
}

/// A user's or `--protocols` file that describes a bundled protocol replaces the bundled file.
fn drop_overridden(files: &mut Vec<(Source, Origin)>) {
    let names = |s: &Source| -> Vec<String> {
        super::parser::parse(&s.text)
            .map(|f| f.protocols.into_iter().map(|p| p.name.text).collect())
            .unwrap_or_default()
    };
    let mine: Vec<String> = files
        .iter()
        .filter(|(_, o)| *o != Origin::Bundled)
        .flat_map(|(s, _)| names(s))
        .collect();
    files.retain(|(s, o)| *o != Origin::Bundled || !names(s).iter().any(|n| mine.contains(n)));
}

/// What a Decode As entry decodes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeAsTarget {
    /// A described protocol (its index in the plan).
    Described(usize),
    /// A built-in application dissector (UDP and TCP ports only).
    Builtin(crate::dissect::app::App),
}

/// One Decode As entry: a table, a value, what it decodes as.
pub type DecodeAs = (Table, u32, DecodeAsTarget);

/// Parses a tshark-style Decode As entry, `udp.port==4790,vxlan` or `tcp.port==8888,http`.
pub fn decode_as(spec: &str, plan: &Plan) -> Result<DecodeAs, String> {
    let bad = |why: &str| {
        format!("-d {spec}: {why} (expected TABLE==VALUE,PROTOCOL, e.g. udp.port==4790,vxlan)")
    };
    let (selector, proto) = spec
        .split_once(',')
        .ok_or_else(|| bad("no protocol after the comma"))?;
    let (table, value) = selector.split_once("==").ok_or_else(|| bad("no =="))?;
    let table = match table.trim() {
        "ethertype" => Table::EtherType,
        "wtap_encap" => Table::Link,
        t => Table::by_name(t).ok_or_else(|| {
            bad(&format!(
                "unknown table {t} (known: udp.port, tcp.port, eth.type, ip.proto, link)"
            ))
        })?,
    };
    let value = super::lexer::integer(value.trim())
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| bad("the value is not a number"))?;
    let name = proto.trim().to_ascii_lowercase();
    if let Some(index) = plan.protocol(&name) {
        return Ok((table, value, DecodeAsTarget::Described(index)));
    }
    use crate::dissect::app;
    match (app::by_name(&name), table) {
        (Some(a), Table::UdpPort | Table::TcpPort) => {
            Ok((table, value, DecodeAsTarget::Builtin(a)))
        }
        (Some(_), _) => Err(bad(&format!(
            "the built-in {name} can be chosen for udp.port and tcp.port only"
        ))),
        (None, _) => {
            let mut known: Vec<&str> = plan.protocols.iter().map(|p| p.name.as_str()).collect();
            let builtin: Vec<&str> = app::DECODE_AS_NAMES
                .iter()
                .copied()
                .filter(|n| !known.contains(n))
                .collect();
            known.extend(builtin);
            Err(bad(&format!(
                "{name} is not a protocol Decode As knows (known: {})",
                known.join(", ")
            )))
        }
    }
}

static ACTIVE: std::sync::RwLock<Option<Arc<Installed>>> = std::sync::RwLock::new(None);

/// The installed set (for crafting and the GUI), if any.
pub fn active() -> Option<Arc<Installed>> {
    ACTIVE.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Registers the set's fields and makes it the set dissection uses. Returns the installed
/// set (with its fields), or an error when the process ran out of field numbers.
pub fn install(mut plan: Plan, decode_as: &[DecodeAs]) -> Result<Arc<Installed>, String> {
    // A description that replaces a built-in protocol reuses the built-in fields it names.
    let builtin: Vec<Option<crate::dissect::Field>> = plan
        .defs
        .iter()
        .map(|d| crate::dissect::Field::by_name(&d.name).filter(|f| !f.is_described()))
        .collect();
    let new: Vec<registry::FieldSpec> = plan
        .defs
        .iter()
        .zip(&builtin)
        .filter(|(_, b)| b.is_none())
        .map(|(d, _)| d.clone())
        .collect();
    let mut registered = registry::install(&new)
        .ok_or("too many fields registered by descriptions in this process")?
        .into_iter();
    plan.fields = builtin
        .iter()
        .filter_map(|b| b.or_else(|| registered.next()))
        .collect();
    for p in &mut plan.protocols {
        p.layer = plan.fields.get(p.field).map_or("", |f| f.name());
    }
    let set = Arc::new(Installed::new(plan, decode_as));
    custom::install(Some(set.clone()));
    *ACTIVE.write().unwrap_or_else(|e| e.into_inner()) = Some(set.clone());
    Ok(set)
}
