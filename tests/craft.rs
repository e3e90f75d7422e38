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

/// Every packet of a capture: its spec rebuilds it exactly. Returns (packets, packets whose
/// buildable layers all stayed structured, a few that did not).
fn rebuild_capture(path: &Path) -> (usize, usize, Vec<String>) {
    let Ok(s) = wirelens::session::Session::open(path) else {
        return (0, 0, Vec::new());
    };
    let (mut n, mut structured, mut degraded) = (0, 0, Vec::new());
    for i in 0..s.len() {
        let (Ok(bytes), Some(info)) = (s.bytes(i), s.frame_info(i)) else {
            continue;
        };
        let spec = craft::from_packet::spec_of(info.link, &bytes);
        let text = spec.to_string();
        let again = craft::parse(&text)
            .unwrap_or_else(|e| panic!("{} #{}: {}", path.display(), i + 1, e.render(&text)));
        let built = craft::build(&again, 0, 0)
            .unwrap_or_else(|e| panic!("{} #{}: {e}", path.display(), i + 1));
        assert!(
            built == bytes,
            "{} #{}: the spec does not rebuild the packet\n{text}",
            path.display(),
            i + 1
        );
        n += 1;
        let tree = craft::from_packet::dissect_plain(info.link, &bytes);
        let buildable = tree
            .nodes
            .iter()
            .filter(|n| n.depth == 0 && craft::Proto::of_field(n.field).is_some())
            .filter(|n| n.field != wirelens::dissect::Field::Data)
            .count();
        let written = spec
            .layers
            .iter()
            .filter(|l| l.proto != craft::Proto::Data)
            .count();
        if written >= buildable {
            structured += 1;
        } else if degraded.len() < 5 {
            degraded.push(format!("{} #{}: {text}", path.display(), i + 1));
        }
    }
    (n, structured, degraded)
}

#[test]
fn every_packet_of_the_test_captures_rebuilds_from_its_spec() {
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["tests/captures", "assets/samples", "tests/corpus/tcpdump"] {
        if let Ok(rd) = std::fs::read_dir(root().join(dir)) {
            files.extend(rd.filter_map(Result::ok).map(|e| e.path()));
        }
    }
    files.retain(|p| p.extension().is_some_and(|e| e == "pcap" || e == "pcapng"));
    files.sort();
    let (mut total, mut structured) = (0, 0);
    for f in &files {
        let (n, s, degraded) = rebuild_capture(f);
        total += n;
        structured += s;
        if !degraded.is_empty() {
            eprintln!(
                "{}: {} of {n} not fully structured, e.g.\n{}",
                f.display(),
                n - s,
                degraded.join("\n")
            );
        }
    }
    eprintln!(
        "{} files, {total} packets rebuilt exactly; {structured} ({:.1}%) with every buildable \
         layer as fields",
        files.len(),
        structured as f64 * 100.0 / total.max(1) as f64
    );
    assert!(total > 5000);
}

fn wirelens(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(args)
        .output()
        .expect("run wirelens")
}

#[test]
fn the_cli_writes_stepping_packets_and_reads_them_back_as_specs() {
    let out = std::env::temp_dir().join(format!("wirelens-craft-{}.pcapng", std::process::id()));
    let out_s = out.display().to_string();
    let spec = "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/ip(src=198.18.0.1..198.18.0.3,\
                dst=198.18.0.2)/udp(srcport=1000..1001,dstport=9)/data(data=\"x\")";
    let r = wirelens(&["craft", spec, "-c", "5", "-w", &out_s]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let s = wirelens::session::Session::open(&out).expect("reopen");
    assert_eq!(s.len(), 5);
    // Ranges wrap back to their start and step together.
    let srcs: Vec<String> = (0..5)
        .map(|i| {
            let b = s.bytes(i).expect("bytes");
            format!(
                "{}.{}.{}.{}:{}",
                b[26],
                b[27],
                b[28],
                b[29],
                u16::from_be_bytes([b[34], b[35]])
            )
        })
        .collect();
    assert_eq!(
        srcs,
        [
            "198.18.0.1:1000",
            "198.18.0.2:1001",
            "198.18.0.3:1000",
            "198.18.0.1:1001",
            "198.18.0.2:1000"
        ]
    );
    // Every packet read back as a spec builds its bytes again.
    let specs = wirelens(&["read", "-r", &out_s, "-T", "spec"]);
    let text = String::from_utf8_lossy(&specs.stdout);
    for (i, line) in text.lines().enumerate() {
        let rebuilt = craft::parse(line).and_then(|sp| craft::build(&sp, 0, 0));
        assert_eq!(rebuilt.ok(), s.bytes(i).ok(), "{line}");
    }
    let _ = std::fs::remove_file(out);
}

#[test]
fn a_bad_spec_names_its_column_and_fails() {
    let r = wirelens(&["craft", "eth/ip(ttl=7,dst=198.18.0.300)/udp"]);
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("Column 18: \"198.18.0.300\" is not a valid IPv4 address."),
        "{err}"
    );
    assert!(err.contains("                 ^^^^^^^^^^^^"), "{err}");
}

#[test]
fn random_values_repeat_with_the_same_seed() {
    let spec = craft::parse("ip(src=random,id=random)/udp(srcport=random)").expect("parses");
    let a: Vec<Vec<u8>> = craft::Packets::new(&spec, 7)
        .take(20)
        .map(|p| p.expect("builds"))
        .collect();
    let b: Vec<Vec<u8>> = craft::Packets::new(&spec, 7)
        .take(20)
        .map(|p| p.expect("builds"))
        .collect();
    let c: Vec<Vec<u8>> = craft::Packets::new(&spec, 8)
        .take(20)
        .map(|p| p.expect("builds"))
        .collect();
    assert_eq!(a, b);
    assert_ne!(a, c);
    let distinct: std::collections::BTreeSet<&Vec<u8>> = a.iter().collect();
    assert_eq!(distinct.len(), 20);
}
