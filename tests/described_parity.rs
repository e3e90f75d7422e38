//! ARP and UDP written as descriptions (tests/describe/parity) against the built-in
//! dissectors: the same values, field for field, on the test captures and the corpus's
//! ARP captures (malformed ones included), and the same Info column for ARP.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fields(capture: &Path, protocols: Option<&str>, filter: &str, names: &[String]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wirelens"));
    cmd.env(
        "XDG_CONFIG_HOME",
        std::env::temp_dir().join("wirelens-parity-none"),
    );
    if let Some(p) = protocols {
        cmd.arg("--protocols").arg(root().join(p));
    }
    cmd.args(["read", "-T", "fields", "-Y", filter, "-r"])
        .arg(capture);
    for n in names {
        cmd.args(["-e", n]);
    }
    let out = cmd.output().expect("runs wirelens");
    assert!(
        out.status.success(),
        "{}: {}",
        capture.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn captures(with_corpus: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("tests/captures"))
        .expect("captures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    let corpus = root().join("tests/corpus/tcpdump");
    if let Ok(rd) = std::fs::read_dir(&corpus) {
        out.extend(rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| {
            p.file_name()
                .is_some_and(|n| with_corpus.iter().any(|w| n.to_string_lossy().contains(w)))
        }));
    }
    out.sort();
    out
}

fn compare(
    proto: &str,
    described: &str,
    file: &str,
    names: &[&str],
    extra: &[&str],
    corpus: &[&str],
) -> usize {
    let builtin: Vec<String> = names
        .iter()
        .map(|n| format!("{proto}.{n}"))
        .chain(extra.iter().map(|s| s.to_string()))
        .collect();
    let mine: Vec<String> = names
        .iter()
        .map(|n| format!("{described}.{n}"))
        .chain(extra.iter().map(|s| s.to_string()))
        .collect();
    let mut rows = 0;
    for cap in captures(corpus) {
        let want = fields(&cap, None, proto, &builtin);
        let got = fields(&cap, Some(file), described, &mine);
        if let Some((g, w)) = got.lines().zip(want.lines()).find(|(g, w)| g != w) {
            panic!(
                "{}: the {described} description differs from the built-in {proto}:\n  built-in:    {w}\n  description: {g}",
                cap.display()
            );
        }
        assert_eq!(
            got.lines().count(),
            want.lines().count(),
            "{}: packet counts differ",
            cap.display()
        );
        rows += want.lines().count();
    }
    rows
}

#[test]
fn the_arp_description_equals_the_built_in_arp() {
    let names = [
        "hw.type",
        "proto.type",
        "hw.size",
        "proto.size",
        "opcode",
        "src.hw_mac",
        "src.proto_ipv4",
        "dst.hw_mac",
        "dst.proto_ipv4",
    ];
    let rows = compare(
        "arp",
        "arpd",
        "tests/describe/parity/arp.wlp",
        &names,
        &["_ws.col.Protocol"],
        &["arp"],
    );
    assert!(rows >= 40, "only {rows} ARP packets compared");
}

#[test]
fn the_udp_description_equals_the_built_in_udp() {
    let names = ["srcport", "dstport", "length", "checksum"];
    let rows = compare(
        "udp",
        "udpd",
        "tests/describe/parity/udp.wlp",
        &names,
        &[],
        &["udp", "dns", "ntp", "dhcp", "snmp"],
    );
    assert!(rows >= 400, "only {rows} UDP datagrams compared");
}
