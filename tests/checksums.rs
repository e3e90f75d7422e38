//! Checksum statuses against tshark (golden tables from `scripts/regen-golden.sh`), with
//! validation off (tshark's default: IPv4, UDP and TCP unverified, ICMP and ICMPv6 always
//! verified) and on (`-o ip.check_checksum:TRUE` and the UDP and TCP equivalents). One test
//! binary of its own: the preference is process-wide.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use wirelens::dissect::checksum::Validation;

/// The table's lines per capture, each with tshark's header line first.
fn per_capture(table: &str) -> BTreeMap<String, String> {
    let mut lines = table.lines();
    let header = lines.next().unwrap_or("");
    let header = header.split_once('\t').map_or("", |(_, rest)| rest);
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for line in lines {
        let Some((capture, rest)) = line.split_once('\t') else {
            continue;
        };
        let text = out
            .entry(capture.to_string())
            .or_insert_with(|| format!("{header}\n"));
        text.push_str(rest);
        text.push('\n');
    }
    out
}

fn compare(mode: &str) -> common::Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let table = std::fs::read_to_string(root.join(format!("tests/golden/checksums-{mode}.tsv")))
        .expect("checksum table");
    let mut report = common::Report::new();
    for (capture, text) in per_capture(&table) {
        let path = ["tests/corpus/tcpdump", "tests/captures"]
            .iter()
            .map(|d| root.join(d).join(&capture))
            .find(|p| p.exists());
        if let Some(path) = path {
            common::compare_text(&path, &text, &mut report);
        }
    }
    report
}

#[test]
fn checksum_statuses_match_tshark_with_validation_off_and_on() {
    Validation::default().install();
    let off = compare("off");
    eprintln!("validation off:\n{}", off.summary(0));
    Validation::ALL.install();
    let on = compare("on");
    eprintln!("validation on:\n{}", on.summary(0));
    Validation::default().install();
    assert!(off.packets_compared > 5000 && on.packets_compared > 5000);
    assert!(off.mismatches.is_empty(), "{}", off.summary(0));
    assert!(on.mismatches.is_empty(), "{}", on.summary(0));
    // Bad TCP checksums show in the Info column as in tshark ("[TCP CHECKSUM INCORRECT]"):
    // the share of equal Info columns stays the same with validation on.
    let share = |r: &common::Report| r.info_column_equal as f64 / r.packets_compared as f64;
    assert!(
        share(&on) >= share(&off) - 0.003,
        "{} vs {}",
        share(&on),
        share(&off)
    );
}
