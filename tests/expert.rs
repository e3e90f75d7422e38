//! `wirelens read -q -z expert` prints exactly what `tshark -q -z expert` prints on our test
//! captures (goldens: tests/golden/expert, scripts/regen-expert.sh).

use std::path::PathBuf;

/// Captures whose notes come from analyses we do not have yet, with the reason.
const NOT_YET: &[(&str, &str)] = &[(
    "mdns-llmnr.pcap",
    "DNS query/response retransmission tracking",
)];

#[test]
fn expert_report_matches_tshark() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut goldens: Vec<PathBuf> = std::fs::read_dir(root.join("tests/golden/expert"))
        .expect("golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    goldens.sort();
    let mut compared = 0;
    for golden in &goldens {
        let name = golden
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if NOT_YET.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
            .args(["read", "-q", "-z", "expert", "-r"])
            .arg(root.join("tests/captures").join(&name))
            .output()
            .expect("runs wirelens");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let want = std::fs::read_to_string(golden).expect("golden");
        assert_eq!(String::from_utf8_lossy(&out.stdout), want, "{name}");
        compared += 1;
    }
    assert!(compared >= 5, "only {compared} captures compared");
}

#[test]
fn an_unknown_statistic_is_an_error_that_names_the_known_ones() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-q", "-z", "sip,stat", "-r"])
        .arg(root.join("tests/captures/ssdp.pcap"))
        .output()
        .expect("runs wirelens");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("sip,stat") && err.contains("expert"), "{err}");
}
