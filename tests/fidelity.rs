//! Field fidelity against tshark (the oracle): for every capture with a golden file, every
//! packet whose tshark protocol stack lies entirely within the protocols wirelens dissects
//! must give exactly tshark's `-T fields` text for every field in tests/golden/FIELDS.

mod common;

use std::path::PathBuf;

#[test]
fn fields_match_tshark() {
    let mut report = common::Report::new();
    let mut goldens: Vec<PathBuf> = std::fs::read_dir(common::golden_dir())
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    goldens.sort();
    for g in &goldens {
        common::compare_file(g, &mut report);
    }
    let summary = report.summary(goldens.len());
    eprintln!("{summary}");
    assert!(
        report.packets_compared > 5000,
        "too few packets compared\n{summary}"
    );
    assert!(report.mismatches.is_empty(), "{summary}");
}
