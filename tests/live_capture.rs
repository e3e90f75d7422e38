//! Live capture on the loopback interface (needs root or CAP_NET_RAW; CI runs as root and sets
//! WIRELENS_REQUIRE_CAPTURE=1 so these cannot silently skip there).

use std::net::UdpSocket;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use wirelens::capture::{CaptureEvent, CaptureOptions, LiveCapture};

fn can_capture() -> bool {
    let ok = LiveCapture::start(&CaptureOptions {
        interface: "lo".into(),
        ..CaptureOptions::default()
    })
    .is_ok();
    assert!(
        ok || std::env::var_os("WIRELENS_REQUIRE_CAPTURE").is_none(),
        "capture on lo is required here but failed"
    );
    if !ok {
        eprintln!("skipping: no permission to capture on lo");
    }
    ok
}

/// Waits for a child with a generous limit, so a hang fails the test instead of CI.
fn wait(mut child: std::process::Child, limit: Duration) -> std::process::Output {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(Some(_)) = child.try_wait() {
            return child.wait_with_output().expect("output");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    panic!("the command did not finish within {limit:?}");
}

#[test]
fn captures_exactly_the_filtered_udp_datagrams_with_their_bytes() {
    if !can_capture() {
        return;
    }
    let port = 47_311;
    let opts = CaptureOptions {
        interface: "lo".into(),
        bpf: Some(format!("udp dst port {port}")),
        ..CaptureOptions::default()
    };
    let mut cap = LiveCapture::start(&opts).expect("capture starts");
    let sock = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let sent: Vec<Vec<u8>> = (0..20u8).map(|i| vec![i; 10 + usize::from(i)]).collect();
    // Decoys on another port must not be captured.
    for payload in &sent {
        sock.send_to(payload, ("127.0.0.1", port)).expect("send");
        sock.send_to(b"decoy", ("127.0.0.1", port + 1))
            .expect("send decoy");
    }
    let mut got = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while got.len() < sent.len() && Instant::now() < deadline {
        if let Ok(CaptureEvent::Packets(batch)) =
            cap.events.recv_timeout(Duration::from_millis(100))
        {
            got.extend(batch);
        }
    }
    cap.stop();
    let mut stopped = false;
    while let Ok(ev) = cap.events.recv_timeout(Duration::from_secs(2)) {
        match ev {
            CaptureEvent::Packets(batch) => got.extend(batch),
            CaptureEvent::Stopped { error } => {
                assert_eq!(error, None);
                stopped = true;
                break;
            }
            CaptureEvent::Stats { .. } => {}
        }
    }
    assert!(stopped, "the capture thread reports Stopped");
    assert_eq!(got.len(), sent.len());
    for (p, payload) in got.iter().zip(&sent) {
        // Loopback frames are Ethernet here: 14 + 20 (IPv4) + 8 (UDP) bytes before the payload.
        assert_eq!(p.data.get(42..), Some(payload.as_slice()));
        assert_eq!(p.orig_len as usize, 42 + payload.len());
    }
}

#[test]
fn cli_capture_writes_a_readable_file_and_stops_on_count() {
    if !can_capture() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wirelens-cap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let out = dir.join("lo.pcapng");
    let port = 47_312;
    let child = Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args([
            "capture",
            "-i",
            "lo",
            "-f",
            &format!("udp dst port {port}"),
            "-c",
            "5",
            "-a",
            "duration:20",
            "-w",
        ])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let sock = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let sender = std::thread::Builder::new()
        .name("test-sender".into())
        .spawn(move || {
            for _ in 0..100 {
                let _ = sock.send_to(b"ping", ("127.0.0.1", port));
                std::thread::sleep(Duration::from_millis(30));
            }
        })
        .expect("spawn sender");
    let output = wait(child, Duration::from_secs(30));
    let _ = sender.join();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("5 packets captured"), "{stderr}");
    let s = wirelens::session::Session::open(&out).expect("capture file reads back");
    assert_eq!(s.len(), 5);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn idle_capture_stops_on_its_duration() {
    if !can_capture() {
        return;
    }
    let child = Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args([
            "capture",
            "-i",
            "lo",
            "-f",
            "udp port 9",
            "-a",
            "duration:0.3",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let output = wait(child, Duration::from_secs(10));
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("0 packets captured"));
}

#[test]
fn bad_bpf_is_rejected_with_libpcaps_message() {
    let output = Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["capture", "-i", "lo", "-f", "udp port"])
        .output()
        .expect("run");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid capture filter") && stderr.contains("syntax error"),
        "{stderr}"
    );
}

#[test]
fn unprivileged_user_is_told_which_capability_is_missing() {
    // As root we can drop to `nobody` with setpriv (util-linux); otherwise we already are
    // unprivileged unless capture works.
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false);
    if !is_root {
        eprintln!("skipping: needs root to switch to an unprivileged user");
        return;
    }
    let dir = std::env::temp_dir().join(format!("wirelens-nobody-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let exe = dir.join("wirelens");
    std::fs::copy(env!("CARGO_BIN_EXE_wirelens"), &exe).expect("copy binary");
    let _ = Command::new("chmod").arg("755").arg(&dir).status();
    let output = Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        .arg(&exe)
        .args(["capture", "-i", "lo", "-c", "1", "-a", "duration:1"])
        .output()
        .expect("setpriv runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("CAP_NET_RAW") && stderr.contains("setcap cap_net_raw,cap_net_admin=eip"),
        "{stderr}"
    );
}
