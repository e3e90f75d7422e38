//! Display filters against tshark: for every capture in tests/golden/FILTER_CAPTURES and every
//! filter in tests/golden/FILTERS, wirelens selects exactly tshark's frames (golden files made
//! by scripts/regen-golden.sh).

use std::path::Path;
use wirelens::filter::Filter;
use wirelens::session::Session;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn filters_select_the_same_frames_as_tshark() {
    let list = std::fs::read_to_string(root().join("tests/golden/FILTER_CAPTURES")).expect("capture list");
    let mut compared = 0;
    let mut failures = Vec::new();
    for cap in list.lines().filter(|l| !l.is_empty()) {
        let name = Path::new(cap).file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let golden = std::fs::read_to_string(root().join("tests/golden/filters").join(format!("{name}.tsv"))).expect("golden file");
        let session = Session::open(&root().join(cap)).expect("capture opens");
        for line in golden.lines() {
            let (text, frames) = line.split_once('\t').unwrap_or((line, ""));
            let filter = match Filter::compile(text) {
                Ok(f) => f,
                Err(e) => {
                    failures.push(format!("{text}: does not compile: {}", e.render(text)));
                    continue;
                }
            };
            let got: Vec<String> = session.filter(&filter).iter().map(|i| (i + 1).to_string()).collect();
            let got = got.join(",");
            compared += 1;
            if got != frames {
                let clip = |s: &str| s.chars().take(100).collect::<String>();
                failures.push(format!("{name}: {text}\n    tshark   {}\n    wirelens {}", clip(frames), clip(&got)));
            }
        }
    }
    assert!(compared >= 700, "only {compared} filter runs");
    assert!(failures.is_empty(), "{} of {compared} differ:\n{}", failures.len(), failures.join("\n"));
}
