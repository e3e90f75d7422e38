//! TCP sequence analysis against tshark (the oracle): for every capture with TCP, every TCP
//! packet whose tshark stack we dissect gives exactly tshark's `tcp.analysis.*`,
//! `tcp.connection.*` and `tcp.time_*` values, and the same `[TCP …]` Info prefixes.
//! Goldens: tests/golden/tcp-analysis (scripts/regen-tcp-analysis.sh).

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use wirelens::dissect::Field;
use wirelens::session::Session;

/// Fuzzed packets where we knowingly differ: tshark 4.0 shows no `[SEQ/ACK analysis]` tree
/// (URG with reserved bits in a truncated segment: tshark stops early), or we show a damaged
/// first fragment's payload as data where tshark tries TCP (rpki-rtr-oobr).
const KNOWN: &[(&str, usize)] = &[
    ("rpki-rtr-oobr.pcap", 1),
    ("beep-oobr.pcap", 2),
    ("heapoverflow-tcp_print.pcap", 1),
    ("tcp-auth-heapoverflow.pcap", 1),
];

/// The `[TCP …] ` prefixes at the start of an Info column.
fn analysis_prefix(info: &str) -> String {
    let mut rest = info;
    let mut out = String::new();
    while rest.starts_with("[TCP ") {
        let Some(end) = rest.find("] ") else { break };
        out.push_str(&rest[..end + 2]);
        rest = &rest[end + 2..];
    }
    out
}

/// tshark's stack per frame number, from the capture's fields golden.
fn stacks(capture: &str) -> HashMap<String, String> {
    let path = common::golden_dir().join(format!("{capture}.tsv"));
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let at = |n: &str| header.iter().position(|h| *h == n);
    let (Some(num), Some(stack)) = (at("frame.number"), at("frame.protocols")) else {
        return HashMap::new();
    };
    lines
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter_map(|c| Some((c.get(num)?.to_string(), c.get(stack)?.to_string())))
        .collect()
}

#[derive(Default)]
struct Tally {
    packets: usize,
    values: usize,
    skipped: usize,
    mismatches: Vec<String>,
}

fn compare(golden: &Path, tally: &mut Tally) {
    let Some(capture) = common::capture_of(golden) else {
        return;
    };
    let name = capture
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let text = std::fs::read_to_string(golden).expect("golden");
    compare_text(&capture, &text, Some(&stacks(&name)), tally);
}

/// Compares tshark's output `text` for `capture`; with `stacks`, packets whose layers below
/// TCP we do not dissect are skipped.
fn compare_text(
    capture: &Path,
    text: &str,
    stacks: Option<&HashMap<String, String>>,
    tally: &mut Tally,
) {
    let name = capture
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let session = Session::open(capture).expect("opens");
    let times_exempt = common::unnormalised_timestamps(&name);
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        let number = cells.first().copied().unwrap_or("");
        let n: usize = number.parse().expect("frame number");
        // What lies above TCP does not change its analysis.
        let dissected = stacks.is_none_or(|stacks| {
            let stack = stacks.get(number).map_or("", String::as_str);
            common::stack_dissected(stack.split(":tcp").next().unwrap_or(""))
        });
        if !dissected || KNOWN.contains(&(name.as_str(), n)) {
            tally.skipped += 1;
            continue;
        }
        let d = session.dissect(n - 1, true).expect("dissects");
        let frame = session.bytes(n - 1).expect("bytes");
        tally.packets += 1;
        for (k, column) in header.iter().enumerate().skip(1) {
            let want = cells.get(k).copied().unwrap_or("");
            let (want, got) = if *column == "_ws.col.Info" {
                (analysis_prefix(want), analysis_prefix(&d.tree.summary.info))
            } else {
                let is_time = column.contains("time") || column.ends_with("rtt");
                if times_exempt && is_time {
                    continue;
                }
                let field = Field::by_name(column).expect("known field");
                let got = d.tree.texts(field, &frame).collect::<Vec<_>>().join(",");
                (want.to_string(), got)
            };
            tally.values += 1;
            if want != got && tally.mismatches.len() < 60 {
                tally.mismatches.push(format!(
                    "{name}#{n} {column}: tshark {want:?} wirelens {got:?}"
                ));
            } else if want != got {
                tally.mismatches.push(String::new());
            }
        }
    }
}

#[test]
fn tcp_analysis_matches_tshark() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tcp-analysis");
    let mut goldens: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    goldens.sort();
    let mut tally = Tally::default();
    for g in &goldens {
        compare(g, &mut tally);
    }
    let summary = format!(
        "{} files, {} TCP packets, {} values compared, {} skipped, {} different",
        goldens.len(),
        tally.packets,
        tally.values,
        tally.skipped,
        tally.mismatches.len()
    );
    eprintln!("{summary}");
    assert!(tally.packets > 3000, "{summary}");
    let shown: Vec<&String> = tally.mismatches.iter().filter(|m| !m.is_empty()).collect();
    assert!(tally.mismatches.is_empty(), "{summary}\n{shown:#?}");
}

/// CI (which installs tshark, WIRELENS_REQUIRE_TSHARK=1) also compares live, on a fresh seed of
/// the generator with its troubled transfers.
#[test]
fn a_fresh_capture_has_tsharks_analysis_live() {
    let has_tshark = std::process::Command::new("tshark")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        has_tshark || std::env::var_os("WIRELENS_REQUIRE_TSHARK").is_none(),
        "tshark is required here but missing"
    );
    if !has_tshark {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wirelens-tcp-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let cap = dir.join("fresh.pcapng");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["generate", "-c", "3000", "--seed", "20261202", "-w"])
        .arg(&cap)
        .status()
        .expect("generate");
    assert!(made.success());
    let fields = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/TCP_ANALYSIS_FIELDS"),
    )
    .expect("field list");
    let mut tshark = std::process::Command::new("tshark");
    tshark
        .arg("-n")
        .arg("-r")
        .arg(&cap)
        .args(["-Y", "tcp", "-T", "fields"]);
    tshark.args(["-E", "header=y", "-E", "occurrence=a", "-E", "aggregator=,"]);
    for f in fields.split_whitespace() {
        tshark.args(["-e", f]);
    }
    let out = tshark.output().expect("tshark runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut tally = Tally::default();
    compare_text(
        &cap,
        &String::from_utf8_lossy(&out.stdout),
        None,
        &mut tally,
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(tally.packets > 1000, "only {} TCP packets", tally.packets);
    let shown: Vec<&String> = tally.mismatches.iter().filter(|m| !m.is_empty()).collect();
    assert!(tally.mismatches.is_empty(), "{shown:#?}");
}

/// `-o tcp.analyze_sequence_numbers:FALSE` turns the analysis off as in tshark: absolute
/// sequence numbers, `tcp.nxtseq` on every segment, no `tcp.analysis.*`, no Info prefixes
/// (golden from tshark; the preference is process-wide, so the CLI runs it).
#[test]
fn analysis_off_is_tsharks() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-r"])
        .arg(root.join("tests/captures/tcp-netem.pcap"))
        .args(["-T", "fields", "-o", "tcp.analyze_sequence_numbers:FALSE"])
        .args([
            "-e",
            "frame.number",
            "-e",
            "tcp.analysis.flags",
            "-e",
            "tcp.seq",
        ])
        .args(["-e", "tcp.ack", "-e", "tcp.nxtseq", "-e", "_ws.col.Info"])
        .output()
        .expect("wirelens runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let golden =
        std::fs::read_to_string(root.join("tests/golden/tcp-analysis-off.tsv")).expect("golden");
    let ours = String::from_utf8_lossy(&out.stdout);
    assert!(golden.lines().count() > 2000);
    for (n, (a, b)) in golden.lines().zip(ours.lines()).enumerate() {
        assert_eq!(a, b, "line {}", n + 1);
    }
    assert_eq!(golden.lines().count(), ours.lines().count());
}
