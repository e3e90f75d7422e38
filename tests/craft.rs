//! Crafting: the packet text form builds exactly scapy's bytes (golden file from
//! `scripts/regen-scapy.py`, and a live run when scapy is installed), round trips through its
//! text, and every packet of the test captures turns into a spec that rebuilds its bytes.

use std::path::Path;
use wirelens::craft;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// (name, spec, hex) rows of a scapy golden table.
fn rows(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .filter_map(|l| {
            let mut p = l.splitn(3, '\t');
            Some((p.next()?.into(), p.next()?.into(), p.next()?.into()))
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn mismatches(table: &[(String, String, String)]) -> Vec<String> {
    let mut wrong = Vec::new();
    for (name, spec, expected) in table {
        let built = craft::parse(spec).and_then(|s| craft::build(&s, 0, 0));
        match built {
            Ok(bytes) if hex(&bytes) == *expected => {}
            Ok(bytes) => wrong.push(format!(
                "{name}:\n  ours  {}\n  scapy {expected}",
                hex(&bytes)
            )),
            Err(e) => wrong.push(format!("{name}: {}", e.render(spec))),
        }
    }
    wrong
}

#[test]
fn specs_build_scapys_bytes() {
    let golden =
        std::fs::read_to_string(root().join("tests/golden/craft/scapy.tsv")).expect("golden table");
    let table = rows(&golden);
    assert!(table.len() >= 30, "{} cases", table.len());
    let wrong = mismatches(&table);
    assert!(
        wrong.is_empty(),
        "{} of {} differ:\n{}",
        wrong.len(),
        table.len(),
        wrong.join("\n")
    );
}

/// With scapy installed (CI installs it), the cases are rebuilt by scapy now and compared.
#[test]
fn specs_build_scapys_bytes_live() {
    let out = std::process::Command::new("python3")
        .arg(root().join("scripts/regen-scapy.py"))
        .arg(root().join("tests/craft/scapy-cases.txt"))
        .output();
    let out = match out {
        Ok(o) if o.status.success() => o,
        _ if std::env::var_os("WIRELENS_REQUIRE_SCAPY").is_some() => {
            panic!("WIRELENS_REQUIRE_SCAPY is set but scripts/regen-scapy.py did not run")
        }
        _ => {
            eprintln!("skipped: scapy is not installed");
            return;
        }
    };
    let table = rows(&String::from_utf8_lossy(&out.stdout));
    let wrong = mismatches(&table);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
