//! Live comparison with the installed tshark on a capture that is not in the golden files
//! (a fresh seed of the generator): every field and every filter must agree. CI installs
//! tshark and sets WIRELENS_REQUIRE_TSHARK=1 so this cannot skip there.

mod common;

use std::process::Command;
use wirelens::session::Session;

fn tshark() -> bool {
    let ok = Command::new("tshark")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("WIRELENS_REQUIRE_TSHARK").is_none(),
        "tshark is required here but missing"
    );
    if !ok {
        eprintln!("skipping: tshark is not installed");
    }
    ok
}

#[test]
fn fresh_capture_matches_tshark_live() {
    if !tshark() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wirelens-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let cap = dir.join("fresh.pcapng");
    let status = Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["generate", "-c", "3000", "--seed", "20261130", "-w"])
        .arg(&cap)
        .status()
        .expect("generate");
    assert!(status.success());
    let mut args: Vec<String> = vec![
        "-n".into(),
        "-r".into(),
        cap.display().to_string(),
        "-T".into(),
        "fields".into(),
    ];
    args.extend(["-E", "header=y", "-E", "occurrence=a", "-E", "aggregator=,"].map(String::from));
    for f in common::field_list() {
        args.push("-e".into());
        args.push(f);
    }
    let out = Command::new("tshark")
        .args(&args)
        .output()
        .expect("tshark runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut report = common::Report::new();
    common::compare_text(&cap, &String::from_utf8_lossy(&out.stdout), &mut report);
    let summary = report.summary(1);
    assert!(report.packets_compared > 2500, "{summary}");
    assert!(report.mismatches.is_empty(), "{summary}");

    let session = Session::open(&cap).expect("open");
    let filters = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/FILTERS"),
    )
    .expect("filters");
    let mut lines = String::new();
    for f in filters.lines().filter(|l| !l.is_empty()) {
        let o = Command::new("tshark")
            .args(["-n", "-r"])
            .arg(&cap)
            .args(["-Y", f, "-T", "fields", "-e", "frame.number"])
            .output()
            .expect("tshark");
        let frames: Vec<String> = String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        lines.push_str(&format!("{f}\t{}\n", frames.join(",")));
    }
    let (n, failures) = common::compare_filters(&session, "fresh.pcapng", &lines);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(n >= 70);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
