//! Every corpus capture opens without a panic, and the packet count equals capinfos'
//! wherever capinfos reads the file (MANIFEST.tsv).

use std::path::Path;
use wirelens::pcapfile::{ReadProgress, Reader};

fn count(path: &Path) -> Result<(u64, Option<String>), String> {
    let mut reader = Reader::open(path).map_err(|e| e.to_string())?;
    let mut n = 0u64;
    while reader.read_batch(4096, |_, _, _| n += 1) == ReadProgress::More {}
    Ok((n, reader.stop_reason().map(ToString::to_string)))
}

#[test]
fn corpus_counts_match_capinfos() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/tcpdump");
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv"))
        .expect("MANIFEST.tsv is part of the repo");
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, packets, status) = (cols[0], cols[6], cols[7]);
        let got = count(&dir.join(file));
        if status != "ok" {
            continue;
        }
        let want: u64 = packets.parse().expect("numeric count");
        match got {
            Ok((n, _)) if n == want => checked += 1,
            other => mismatches.push(format!("{file}: capinfos {want}, wirelens {other:?}")),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(checked > 800, "only {checked} files checked");
}
