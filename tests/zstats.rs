//! tshark's `-z conv,…`, `-z endpoints,…`, `-z io,phs`, `-z io,stat,…`, `-z http,tree` and
//! `-z dns,tree` reports: `wirelens read -q -z SPEC` prints exactly what
//! `tshark -n -q -z SPEC` prints, for every spec in
//! tests/golden/zstats/SPECS on every test capture (goldens: scripts/regen-zstats.sh), and
//! live against tshark on a fresh generated capture (CI installs tshark).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn specs() -> Vec<String> {
    std::fs::read_to_string(root().join("tests/golden/zstats/SPECS"))
        .expect("spec list")
        .lines()
        .map(str::to_string)
        .collect()
}

/// `wirelens read -q -z spec -r capture`'s stdout.
fn wirelens(capture: &Path, spec: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-q", "-z", spec, "-r"])
        .arg(capture)
        .output()
        .expect("runs wirelens");
    assert!(
        out.status.success(),
        "{spec}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn statistics_match_tsharks_goldens() {
    let specs = specs();
    let mut compared = 0;
    let mut differ = Vec::new();
    let dir = root().join("tests/golden/zstats");
    let mut captures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    captures.sort();
    for golden_dir in &captures {
        let name = golden_dir.file_name().unwrap_or_default();
        let capture = root().join("tests/captures").join(name);
        for (n, spec) in specs.iter().enumerate() {
            let golden = golden_dir.join(format!("{}.txt", n + 1));
            let want = std::fs::read_to_string(&golden).expect("golden");
            if wirelens(&capture, spec) != want {
                differ.push(format!("{} -z {spec}", name.to_string_lossy()));
            }
            compared += 1;
        }
    }
    assert!(compared >= 100, "only {compared} reports compared");
    assert!(differ.is_empty(), "differ from tshark: {differ:#?}");
}

/// Several `-z` come out last-registered first, as tshark draws its taps.
#[test]
fn several_statistics_print_in_tsharks_order() {
    let out = Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-q", "-z", "conv,ip", "-z", "io,phs", "-r"])
        .arg(root().join("tests/captures/ssdp.pcap"))
        .output()
        .expect("runs wirelens");
    let text = String::from_utf8_lossy(&out.stdout);
    let phs = text.find("Protocol Hierarchy Statistics").expect("phs");
    let conv = text.find("IPv4 Conversations").expect("conv");
    assert!(phs < conv, "{text}");
}

#[test]
fn bad_statistics_are_errors_that_say_what_is_wrong() {
    for (spec, says) in [
        ("conv,ipx", "the kinds are eth, ip, ipv6, tcp and udp"),
        ("endpoints,tcp,tcp.port ==", "-z endpoints,tcp,tcp.port =="),
        ("io,stat,x", "is not an interval"),
        ("io,stat,1,SUM(tcp.srcport", "closing parenthesis missing"),
        ("io,stat,1,SUM()", "SUM needs a field name"),
        (
            "io,stat,1,AVG(no.such.field)",
            "no field named no.such.field",
        ),
        ("io,stat,1,SUM(ip.src)", "not an integer field"),
        ("sip,stat", "supported:"),
        ("dns,tree,dns.id ==", "-z dns,tree,dns.id =="),
        ("http,trees", "supported:"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_wirelens"))
            .args(["read", "-q", "-z", spec, "-r"])
            .arg(root().join("tests/captures/ssdp.pcap"))
            .output()
            .expect("runs wirelens");
        assert!(!out.status.success(), "{spec} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{spec}: {err}");
    }
}

/// SUM/MIN/MAX/AVG are computed (tshark 4.0 prints 0 for them, so they have no golden).
#[test]
fn field_functions_sum_the_field_per_interval() {
    let capture = root().join("tests/captures/ssdp.pcap");
    let text = wirelens(
        &capture,
        "io,stat,0,SUM(udp.length)udp,MAX(udp.length),COUNT(udp)",
    );
    let row = text.lines().find(|l| l.contains(" <> ")).expect("a row");
    let cells: Vec<u64> = row
        .split('|')
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    let lengths = Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-T", "fields", "-e", "udp.length", "-r"])
        .arg(&capture)
        .output()
        .expect("runs wirelens");
    let lengths: Vec<u64> = String::from_utf8_lossy(&lengths.stdout)
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect();
    assert!(!lengths.is_empty());
    let sum: u64 = lengths.iter().sum();
    let max = lengths.iter().max().copied().unwrap_or(0);
    assert_eq!(cells, vec![sum, max, lengths.len() as u64], "{text}");
}

#[test]
fn a_fresh_capture_has_tsharks_statistics_live() {
    let has_tshark = Command::new("tshark")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        has_tshark || std::env::var_os("WIRELENS_REQUIRE_TSHARK").is_none(),
        "tshark is required here but missing"
    );
    if !has_tshark {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wirelens-zstats-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let cap = dir.join("fresh.pcapng");
    let made = Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["generate", "-c", "3000", "--seed", "4242", "-w"])
        .arg(&cap)
        .status()
        .expect("generate");
    assert!(made.success());
    let mut differ = Vec::new();
    for spec in specs() {
        let tshark = Command::new("tshark")
            .args(["-n", "-q", "-r"])
            .arg(&cap)
            .args(["-z", &spec])
            .output()
            .expect("tshark runs");
        if String::from_utf8_lossy(&tshark.stdout) != wirelens(&cap, &spec) {
            differ.push(spec);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(differ.is_empty(), "differ from tshark live: {differ:#?}");
}

/// A capture whose clock jumps by decades gets a clear error for a short interval (not a
/// table of billions of rows), and its whole-capture table still prints.
#[test]
fn a_clock_jump_of_decades_is_refused_for_short_intervals() {
    use wirelens::dissect::LinkType;
    use wirelens::pcapfile::{Interface, OutputFormat, PacketToWrite, write_atomically};
    let dir = std::env::temp_dir().join(format!("wirelens-zstats-jump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let file = dir.join("jump.pcap");
    let iface = Interface {
        link: LinkType::ETHERNET,
        snaplen: 65_535,
        ts_units_per_sec: 1_000_000,
        ts_offset_s: 0,
        name: None,
    };
    let frame = vec![0u8; 60];
    let decades = 2_000_000_000i64 * 1_000_000_000;
    let packets = [0, decades].into_iter().map(|ts_ns| {
        Ok(PacketToWrite {
            ts_ns,
            data: frame.as_slice().into(),
            orig_len: 60,
            interface: 0,
        })
    });
    write_atomically(&file, OutputFormat::Pcap, &[iface], packets).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-q", "-z", "io,stat,1", "-r"])
        .arg(&file)
        .output()
        .expect("runs wirelens");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("give a longer interval"), "{err}");
    let whole = wirelens(&file, "io,stat,0");
    assert!(whole.contains("|      2 |"), "{whole}");
    let _ = std::fs::remove_dir_all(&dir);
}
