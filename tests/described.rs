//! Protocols described in `.wlp` files: the bundled descriptions against tshark (goldens from
//! scripts/regen-described.sh, and live on captures of a fresh seed when CI has tshark and
//! scapy), the l33t example, Decode As, examples, broken descriptions with their exact
//! errors, and hostile descriptions that must stop.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// wirelens with an empty user directory (so only bundled and named descriptions load).
fn wirelens(args: &[&str]) -> Output {
    let empty = std::env::temp_dir().join(format!("wirelens-xdg-{}", std::process::id()));
    Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(args)
        .env("XDG_CONFIG_HOME", &empty)
        .current_dir(root())
        .output()
        .expect("runs wirelens")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn golden_rows() -> Vec<(String, Vec<String>)> {
    std::fs::read_to_string(root().join("tests/golden/described/FIELDS"))
        .expect("FIELDS")
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(cap, fields)| {
            (
                cap.to_string(),
                fields.split(' ').map(str::to_string).collect(),
            )
        })
        .collect()
}

fn fields_output(capture: &Path, fields: &[String]) -> String {
    let mut args = vec![
        "read".to_string(),
        "-T".into(),
        "fields".into(),
        "-r".into(),
    ];
    args.push(capture.to_string_lossy().into_owned());
    for f in fields.iter().map(String::as_str).chain([
        "_ws.col.Protocol",
        "_ws.col.Info",
        "frame.protocols",
    ]) {
        args.push("-e".into());
        args.push(f.into());
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = wirelens(&refs);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

#[test]
fn bundled_descriptions_match_tsharks_goldens() {
    let mut rows = 0;
    for (cap, fields) in golden_rows() {
        let want =
            std::fs::read_to_string(root().join(format!("tests/golden/described/{cap}.tsv")))
                .expect("golden");
        let got = fields_output(&root().join("tests/captures/described").join(&cap), &fields);
        assert_eq!(got, want, "{cap}: -T fields differs from tshark's");
        rows += want.lines().count();
    }
    assert!(rows >= 100, "only {rows} packets compared");
}

/// ERSPAN types I, II and III under the bundled GRE description (the corpus's
/// erspan-type-*.pcap): every erspan.* field, and the stack of each mirrored frame whose
/// layers we dissect, equal tshark's golden values (the type I/II choice follows GRE's
/// sequence flag). The columns are the inner protocols' (HSRPv2 is not done yet).
#[test]
fn erspan_under_the_bundled_gre_matches_tshark() {
    let mut compared = 0;
    let goldens = std::fs::read_dir(root().join("tests/golden/fields")).expect("goldens");
    let mut names: Vec<String> = goldens
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("erspan-type-"))
        .collect();
    names.sort();
    for name in &names {
        let golden =
            std::fs::read_to_string(root().join("tests/golden/fields").join(name)).expect("golden");
        let mut lines = golden.lines();
        let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
        let wanted: Vec<usize> = (0..header.len())
            .filter(|&i| header[i].starts_with("erspan."))
            .collect();
        let fields: Vec<String> = wanted.iter().map(|&i| header[i].to_string()).collect();
        let capture = root()
            .join("tests/corpus/tcpdump")
            .join(name.trim_end_matches(".tsv"));
        let got = fields_output(&capture, &fields);
        let stack = header.iter().position(|h| *h == "frame.protocols");
        for (row, (want, got)) in lines.zip(got.lines()).enumerate() {
            let want: Vec<&str> = want.split('\t').collect();
            let cell = |i: Option<usize>| i.and_then(|i| want.get(i).copied()).unwrap_or("");
            let mut expected: Vec<&str> = wanted.iter().map(|&i| cell(Some(i))).collect();
            let got: Vec<&str> = got.split('\t').collect();
            // The columns and stack, where every layer of the mirrored frame is one we dissect.
            // Our Protocol and Info columns, then the stack where we dissect every layer of
            // the mirrored frame.
            expected.extend(got.iter().skip(wanted.len()).take(2).copied());
            let inner = cell(stack).split_once(":erspan").map(|(_, i)| i);
            let dissected = inner.map(|i| i.trim_start_matches(':'));
            if dissected.is_some_and(|i| i.is_empty() || common::stack_dissected(i)) {
                expected.push(cell(stack));
            } else {
                expected.extend(got.last().copied());
            }
            assert_eq!(got, expected, "{name} frame {}", row + 1);
            compared += 1;
        }
    }
    assert!(compared >= 300, "only {compared} ERSPAN packets compared");
}

/// Whether `program args` runs; CI (which installs the oracles) requires it.
fn have(program: &str, args: &[&str], required_by: &str) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os(required_by).is_none(),
        "{program} {args:?} is required here but fails"
    );
    ok
}

#[test]
fn bundled_descriptions_match_tshark_live_on_a_fresh_seed() {
    let tshark = have("tshark", &["--version"], "WIRELENS_REQUIRE_TSHARK");
    let scapy = have("python3", &["-c", "import scapy"], "WIRELENS_REQUIRE_SCAPY");
    if !tshark || !scapy {
        eprintln!("skipping: tshark or scapy is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("wirelens-described-{}", std::process::id()));
    let (caps, goldens) = (dir.join("caps"), dir.join("goldens"));
    std::fs::create_dir_all(&caps).expect("tmp");
    let made = Command::new("python3")
        .arg(root().join("scripts/make-described-captures.py"))
        .arg(&caps)
        .arg("424242")
        .status()
        .expect("scapy");
    assert!(made.success());
    let regen = Command::new(root().join("scripts/regen-described.sh"))
        .arg(&caps)
        .arg(&goldens)
        .status()
        .expect("tshark");
    assert!(regen.success());
    for (cap, fields) in golden_rows() {
        let want =
            std::fs::read_to_string(goldens.join(format!("{cap}.tsv"))).expect("tshark output");
        assert_eq!(
            fields_output(&caps.join(&cap), &fields),
            want,
            "{cap} (seed 424242)"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The frames of the l33t capture: their UDP payload's first two bytes and its length.
fn l33t_frames() -> Vec<(u8, u8, usize)> {
    let out = wirelens(&[
        "read",
        "-T",
        "fields",
        "-e",
        "udp.payload",
        "-r",
        "tests/captures/described/l33t.pcap",
    ]);
    stdout(&out)
        .lines()
        .map(|hex| {
            let byte =
                |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
            (byte(0), byte(2), hex.len() / 2)
        })
        .collect()
}

const L33T: &str = "examples/protocols/l33t.wlp";

#[test]
fn l33t_fields_are_the_payloads_first_two_bytes() {
    let frames = l33t_frames();
    assert_eq!(frames.len(), 20);
    let out = wirelens(&[
        "read",
        "--protocols",
        L33T,
        "-T",
        "fields",
        "-e",
        "l33t.some_byte",
        "-e",
        "l33t.another_byte",
        "-e",
        "frame.protocols",
        "-r",
        "tests/captures/described/l33t.pcap",
    ]);
    let want: String = frames
        .iter()
        .map(|(a, b, len)| {
            let data = if *len > 2 { ":data" } else { "" };
            format!("0x{a:02x}\t0x{b:02x}\teth:ethertype:ip:udp:l33t{data}\n")
        })
        .collect();
    assert_eq!(stdout(&out), want);
    assert!(
        frames.iter().any(|f| f.2 == 2) && frames.iter().any(|f| f.2 > 2),
        "both shapes occur"
    );
}

#[test]
fn a_described_field_filters_frames() {
    let frames = l33t_frames();
    let threshold = frames.iter().map(|f| f.0).max().unwrap_or(0);
    let filter = format!("l33t.some_byte == 0x{threshold:02x}");
    let out = wirelens(&[
        "read",
        "--protocols",
        L33T,
        "-Y",
        &filter,
        "-T",
        "fields",
        "-e",
        "frame.number",
        "-r",
        "tests/captures/described/l33t.pcap",
    ]);
    let want: Vec<String> = frames
        .iter()
        .enumerate()
        .filter(|(_, f)| f.0 == threshold)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), want);
}

#[test]
fn comparing_a_described_number_with_a_string_is_an_error_at_its_column() {
    let out = wirelens(&[
        "read",
        "--protocols",
        L33T,
        "-Y",
        "l33t.some_byte == \"x\"",
        "-r",
        "tests/captures/described/l33t.pcap",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot be converted from a string"), "{err}");
    assert!(
        err.contains("\n                  ^~~"),
        "the caret is under \"x\": {err}"
    );
}

#[test]
fn without_the_description_its_fields_are_unknown() {
    let out = wirelens(&[
        "read",
        "-Y",
        "l33t.some_byte",
        "-r",
        "tests/captures/described/l33t.pcap",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither a field nor a protocol"));
}

#[test]
fn decode_as_wins_over_a_binding() {
    let out = wirelens(&[
        "read",
        "--protocols",
        L33T,
        "-d",
        "udp.port==520,l33t",
        "-T",
        "fields",
        "-e",
        "frame.protocols",
        "-e",
        "rip.command",
        "-r",
        "tests/captures/described/rip.pcap",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 20);
    assert!(
        text.lines()
            .all(|l| l == "eth:ethertype:ip:udp:l33t:data\t"),
        "{text}"
    );
    let bad = wirelens(&[
        "read",
        "-d",
        "udp.port==520,nosuch",
        "-r",
        "tests/captures/described/rip.pcap",
    ]);
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("nosuch is not a protocol Decode As knows")
    );
}

#[test]
fn examples_in_the_files_pass_and_a_wrong_one_fails() {
    let out = wirelens(&["proto", "test", "--protocols", L33T]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("10 passed, 0 failed"),
        "{}",
        stdout(&out)
    );
    let dir = std::env::temp_dir().join(format!("wirelens-ex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let wrong = dir.join("wrong.wlp");
    let text = "protocol wrongex {\n    u8 a\n}\nexample \"a is two\" {\n    bytes \"01\"\n    expect \"wrongex.a == 2\"\n}\n";
    std::fs::write(&wrong, text).expect("write");
    let out = wirelens(&["proto", "test", wrong.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(
            ":4:1: example \"a is two\" does not match `wrongex.a == 2`; it decodes as: wrongex.a=1"
        ),
        "{}",
        stdout(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn broken_descriptions_give_their_golden_errors() {
    let dir = root().join("tests/describe/broken");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wlp"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 30,
        "only {} broken descriptions",
        files.len()
    );
    for f in &files {
        let rel = f
            .strip_prefix(root())
            .unwrap_or(f)
            .to_string_lossy()
            .into_owned();
        let out = wirelens(&["proto", "check", &rel]);
        assert_eq!(out.status.code(), Some(1), "{rel} must not load");
        let want = std::fs::read_to_string(f.with_extension("err")).expect("golden error");
        assert_eq!(String::from_utf8_lossy(&out.stderr), want, "{rel}");
    }
}

#[test]
fn a_clean_description_checks_and_lists() {
    let out = wirelens(&["proto", "check", L33T]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout(&out), "ok: 1 file, 1 protocol\n");
    let out = wirelens(&["proto", "list", "--protocols", L33T]);
    let text = stdout(&out);
    assert!(
        text.contains("l33t — L33t Protocol (--protocols: examples/protocols/l33t.wlp)"),
        "{text}"
    );
    assert!(text.contains("  bind: udp.port == 2001\n"), "{text}");
    assert!(
        text.contains("l33t.some_byte") && text.contains("uint8 hex"),
        "{text}"
    );
    assert!(
        text.contains(
            "vxlan — Virtual eXtensible Local Area Network (bundled: <bundled>/vxlan.wlp)"
        ),
        "{text}"
    );
}

#[test]
fn a_tcp_protocol_is_framed_by_its_pdu_length() {
    let out = wirelens(&[
        "--protocols",
        "tests/describe/lenmsg.wlp",
        "read",
        "-T",
        "fields",
        "-e",
        "frame.number",
        "-e",
        "lenmsg.length",
        "-e",
        "lenmsg.kind",
        "-e",
        "tcp.reassembled_in",
        "-e",
        "_ws.col.Info",
        "-r",
        "tests/captures/described/lenmsg.pcap",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().collect();
    // Two messages in one segment: each dissected, their Info joined.
    assert_eq!(
        rows.get(3),
        Some(&"4\t3,11\t1,2\t\thello (3 bytes), data (11 bytes)")
    );
    // One message over three segments: the first two say where it is reassembled.
    assert!(
        rows.get(4)
            .is_some_and(|r| r.starts_with("5\t\t\t7\t")
                && r.ends_with("[TCP segment of a reassembled PDU]")),
        "{text}"
    );
    assert!(
        rows.get(5).is_some_and(|r| r.starts_with("6\t\t\t7\t")),
        "{text}"
    );
    assert_eq!(rows.get(6), Some(&"7\t1025\t2\t\tdata (1025 bytes)"));
    assert_eq!(rows.get(7), Some(&"8\t5\t1\t\thello (5 bytes)"));
}

/// `-T fields` of the Protocol and Info columns and the stack, from wirelens or tshark.
fn columns(program: &str, decode_as: &str, capture: &str) -> String {
    let args = [
        "-d",
        decode_as,
        "-r",
        capture,
        "-T",
        "fields",
        "-e",
        "_ws.col.Protocol",
        "-e",
        "_ws.col.Info",
        "-e",
        "frame.protocols",
    ];
    if program == "tshark" {
        let out = Command::new("tshark")
            .arg("-n")
            .args(args)
            .current_dir(root())
            .output()
            .expect("tshark");
        return stdout(&out);
    }
    let mut all = vec!["read"];
    all.extend(args);
    stdout(&wirelens(&all))
}

#[test]
fn decode_as_a_built_in_dissector_as_tshark_does() {
    // DNS on VXLAN's port (shadowing the binding) and VXLAN on another port, the same as tshark.
    let cases = [
        ("udp.port==4789,dns", "tests/captures/described/rip.pcap"),
        ("udp.port==2001,vxlan", "tests/captures/described/l33t.pcap"),
        ("udp.port==520,tftp", "tests/captures/described/vxlan.pcap"),
    ];
    for (spec, cap) in cases {
        let mine = columns("wirelens", spec, cap);
        assert_eq!(mine.lines().count(), 20, "{spec} {cap}");
        if have("tshark", &["--version"], "WIRELENS_REQUIRE_TSHARK") {
            assert_eq!(mine, columns("tshark", spec, cap), "-d {spec} on {cap}");
        }
    }
    let dns = columns(
        "wirelens",
        "udp.port==4789,dns",
        "tests/captures/described/vxlan.pcap",
    );
    assert!(
        dns.lines()
            .all(|l| l.starts_with("DNS\t") && l.ends_with("udp:dns")),
        "{dns}"
    );
    let bad = wirelens(&[
        "-d",
        "eth.type==0x800,dns",
        "read",
        "-r",
        "tests/captures/described/rip.pcap",
    ]);
    assert!(
        String::from_utf8_lossy(&bad.stderr)
            .contains("the built-in dns can be chosen for udp.port and tcp.port only")
    );
}

#[test]
fn a_heuristic_takes_what_its_trial_parse_and_condition_accept() {
    let dir = std::env::temp_dir().join(format!("wirelens-heur-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let cap = dir.join("h.pcap");
    let cap_s = cap.to_string_lossy().into_owned();
    // Built with the description itself: the derived length is computed.
    let build = |payload: &str, out: &str| {
        let spec = format!(
            "eth/ip(src=198.18.0.1,dst=198.18.0.2)/udp(srcport=40000,dstport=40001)/{payload}"
        );
        let o = wirelens(&[
            "--protocols",
            "tests/describe/heuristic.wlp",
            "craft",
            &spec,
            "-w",
            out,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    build("magicp(version=1,body=01:02:03)", &cap_s);
    let fields = |capture: &str| {
        let o = wirelens(&[
            "--protocols",
            "tests/describe/heuristic.wlp",
            "read",
            "-r",
            capture,
            "-T",
            "fields",
            "-e",
            "frame.protocols",
            "-e",
            "magicp.length",
        ]);
        stdout(&o)
    };
    assert_eq!(
        fields(&cap_s),
        "eth:ethertype:ip:udp:magicp\t3\n",
        "magic, version and length all hold"
    );
    // A wrong magic (a constant), a version the condition refuses, or a length past the data: not taken.
    for (k, payload) in [
        "data(data=d4:01:00:01:ff)",
        "data(data=d3:07:00:01:ff)",
        "data(data=d3:01:00:09:ff)",
    ]
    .iter()
    .enumerate()
    {
        let other = dir
            .join(format!("n{k}.pcap"))
            .to_string_lossy()
            .into_owned();
        build(payload, &other);
        assert_eq!(fields(&other), "eth:ethertype:ip:udp:data\t\n", "{payload}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
