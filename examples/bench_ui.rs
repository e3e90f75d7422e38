//! UI benchmark (not a test): drives the real app headless with egui_kittest and reports
//! - time to first rows: from "Open" until a frame has drawn packet rows;
//! - frame time (p50/p99/max) while paging through the packet list once loaded;
//! - frame time while a live capture on `lo` receives traffic (needs capture permission).
//!
//! Frame time is the CPU time of one whole egui frame of the app (background polling, layout,
//! widgets, tessellation by kittest) without the GPU upload, which egui_kittest does not do.
//!
//! Usage: cargo run --release --example bench_ui -- CAPTURE [CAPTURE…] [--live]

use egui_kittest::Harness;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wirelens::ui::{Action, WirelensApp};

const FRAMES: usize = 400;

fn harness() -> Harness<'static, WirelensApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_accessibility_check(false)
        .build_eframe(|cc| {
            wirelens::ui::install_fonts(&cc.egui_ctx);
            let mut app = WirelensApp::default();
            app.prefs.coloring.enabled = std::env::var_os("NO_COLOR_RULES").is_none();
            app.prefs.show_plot = std::env::var_os("NO_PLOT").is_none();
            app
        })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let k = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(k).copied().unwrap_or(0.0)
}

fn report(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{what:<44} frames {:>4}  p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.99),
        ms.last().copied().unwrap_or(0.0)
    );
}

/// One frame, timed.
fn frame(h: &mut Harness<'static, WirelensApp>) -> f64 {
    let t = Instant::now();
    h.step();
    t.elapsed().as_secs_f64() * 1e3
}

fn bench_file(path: &Path) {
    let mut h = harness();
    h.step();
    let start = Instant::now();
    h.state_mut().apply(Action::Open(path.to_path_buf()));
    let mut loading_frames = Vec::new();
    let mut first_rows = None;
    while !h.state().is_idle() {
        loading_frames.push(frame(&mut h));
        if first_rows.is_none() && !h.state().doc.view.is_empty() {
            // The frame that just ran drew the first rows.
            first_rows = Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(4));
    }
    let loaded = start.elapsed();
    let n = h.state().doc.packets();
    println!("{} ({n} packets)", path.display());
    println!(
        "  time to first rows {:>8.1} ms   fully indexed {:>8.2} s",
        first_rows.unwrap_or(loaded).as_secs_f64() * 1e3,
        loaded.as_secs_f64()
    );
    report("  frames while loading", loading_frames);
    let mut paging = Vec::new();
    h.state_mut().apply(Action::SelectRow(0));
    for k in 0..FRAMES {
        let key = if k % 50 == 49 {
            egui::Key::End
        } else {
            egui::Key::PageDown
        };
        h.key_press(key);
        paging.push(frame(&mut h));
    }
    report("  frames paging (PgDn, End) through the list", paging);
    let mut jumping = Vec::new();
    for k in 0..FRAMES {
        let row = (k * 7919 * 1013) % n.max(1);
        h.state_mut().apply(Action::SelectRow(row));
        jumping.push(frame(&mut h));
    }
    report("  frames jumping to random rows", jumping);
}

fn bench_live() {
    let mut h = harness();
    h.step();
    let port = 47_000;
    h.state_mut().prefs.capture.interface = "lo".into();
    h.state_mut().prefs.capture_filter = format!("udp dst port {port}");
    h.state_mut().apply(Action::StartCapture);
    if !h.state().capturing() {
        println!("live capture: not started ({:?})", h.state().ui.message);
        return;
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let sender = std::thread::Builder::new()
        .name("udp-sender".into())
        .spawn(move || {
            let sock = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
            let mut sent = 0u64;
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                for _ in 0..50 {
                    let _ = sock.send_to(b"bench-ui-live-traffic", ("127.0.0.1", port));
                    sent += 1;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            sent
        });
    let Ok(sender) = sender else {
        println!("live capture: cannot start the sender thread");
        return;
    };
    let mut frames = Vec::new();
    let start = Instant::now();
    for _ in 0..FRAMES {
        frames.push(frame(&mut h));
        std::thread::sleep(Duration::from_millis(16));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let sent = sender.join().unwrap_or(0);
    let shown = h.state().doc.view.len();
    println!("  libpcap: {:?}", h.state().doc.feed_state);
    let secs = start.elapsed().as_secs_f64();
    h.state_mut().apply(Action::StopCapture);
    let t = Instant::now();
    while h.state().jobs.feed.is_some() {
        h.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    let kept = h.state().doc.packets();
    println!(
        "live capture on lo: {sent} datagrams sent over {secs:.1} s ({:.0}/s), {shown} rows shown \
         during the capture, {kept} after stopping; stop took {:.0} ms",
        sent as f64 / secs,
        t.elapsed().as_secs_f64() * 1e3
    );
    report("  frames during the capture", frames);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    for a in args.iter().filter(|a| !a.starts_with("--")) {
        bench_file(&PathBuf::from(a));
    }
    if args.iter().any(|a| a == "--live") {
        bench_live();
    }
}
