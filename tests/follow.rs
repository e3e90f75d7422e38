//! Follow Stream against tshark (the oracle): every TCP and UDP stream of our test captures,
//! and every TCP stream as TLS and as HTTP, in every mode, renders byte for byte what
//! `tshark -q -z follow,…` prints (goldens hold the
//! length and CRC-32 of tshark's output: tests/golden/follow, scripts/regen-follow.py).

use std::path::PathBuf;
use wirelens::dissect::context::TransportKind;
use wirelens::session::Session;
use wirelens::stats::follow::{self, Mode};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_stream_in_every_mode_equals_tshark() {
    let mut goldens: Vec<PathBuf> = std::fs::read_dir(root().join("tests/golden/follow"))
        .expect("golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    goldens.sort();
    let (mut compared, mut different) = (0, Vec::new());
    for golden in &goldens {
        let name = golden
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let session = Session::open(&root().join("tests/captures").join(&name)).expect("opens");
        for line in std::fs::read_to_string(golden).expect("golden").lines() {
            let cells: Vec<&str> = line.split('\t').collect();
            let [proto, mode, stream, len, crc] = cells[..] else {
                panic!("bad golden line {line:?}");
            };
            let what = follow::Follow::parse(proto).expect("follow kind");
            let mode = Mode::parse(mode).expect("mode");
            let stream: u32 = stream.parse().expect("stream");
            let text = follow::follow_as(&session, what, stream)
                .map(|f| follow::render(&follow::as_tshark_shows(f), mode))
                .unwrap_or_default();
            let got = format!("{}\t{:08x}", text.len(), crc32fast::hash(text.as_bytes()));
            compared += 1;
            if got != format!("{len}\t{crc}") {
                different.push(format!("{name} {line}: wirelens {got}"));
            }
        }
    }
    assert!(compared > 1000, "only {compared} outputs compared");
    assert!(
        different.is_empty(),
        "{} of {compared} differ:\n{different:#?}",
        different.len()
    );
}

#[test]
fn the_cli_follows_a_stream_given_by_its_endpoints() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-q", "-r"])
        .arg(root().join("tests/captures/mixed-2k.pcapng"))
        .args(["-z", "follow,udp,ascii,93.184.0.7:53,10.0.0.164:40001"])
        .output()
        .expect("runs wirelens");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Filter: udp.stream eq 0\n"), "{text}");
    assert!(
        text.contains("Node 0: 10.0.0.164:40001\nNode 1: 93.184.0.7:53\n"),
        "{text}"
    );
    assert!(
        text.contains("\n33\n,J") && text.contains("\n\t61\n"),
        "{text}"
    );
}

#[test]
fn a_tcp_gap_the_receiver_acknowledged_shows_as_missing_bytes() {
    // tcp-netem.pcap is captured with a 96-byte snapshot: segments that waited for a gap hold
    // only their captured bytes, so when the receiver acknowledges past them the follower
    // fills the hole with tshark's placeholder (NUL-terminated, as tshark counts it).
    let session = Session::open(&root().join("tests/captures/tcp-netem.pcap")).expect("opens");
    let f = follow::follow(&session, TransportKind::Tcp, 0).expect("stream 0");
    let placeholders: Vec<&follow::Chunk> = f
        .chunks
        .iter()
        .filter(|c| c.data.starts_with(b"["))
        .collect();
    assert!(!placeholders.is_empty());
    for c in placeholders {
        let text = String::from_utf8_lossy(&c.data);
        let n: i64 = text
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(" bytes missing in capture file]\0"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("placeholder {text:?}"));
        assert!(n > 0 && c.from_server && c.ts_ns == 0, "{text:?}");
    }
}
