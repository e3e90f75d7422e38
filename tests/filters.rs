//! Display filters against tshark: for every capture in tests/golden/FILTER_CAPTURES and every
//! filter in tests/golden/FILTERS, wirelens selects exactly tshark's frames (golden files made
//! by scripts/regen-golden.sh).

mod common;

use std::path::Path;
use wirelens::session::Session;

#[test]
fn filters_select_the_same_frames_as_tshark() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let list =
        std::fs::read_to_string(root.join("tests/golden/FILTER_CAPTURES")).expect("capture list");
    let (mut compared, mut failures) = (0, Vec::new());
    for cap in list.lines().filter(|l| !l.is_empty()) {
        let name = Path::new(cap)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let golden = std::fs::read_to_string(
            root.join("tests/golden/filters")
                .join(format!("{name}.tsv")),
        )
        .expect("golden file");
        let session = Session::open(&root.join(cap)).expect("capture opens");
        let (n, f) = common::compare_filters(&session, name, &golden);
        compared += n;
        failures.extend(f);
    }
    assert!(compared >= 700, "only {compared} filter runs");
    assert!(
        failures.is_empty(),
        "{} of {compared} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
