//! Follow HTTP and TLS Stream in the GUI (egui_kittest): the menu follows the selected
//! packet's conversation as HTTP (bodies decoded) or TLS (encrypted record payloads), and
//! Save As writes what the window shows, all of it, to the file named.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use wirelens::stats::follow::{self, Follow};
use wirelens::ui::{Action, WirelensApp};

fn capture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/captures")
        .join(name)
}

fn harness(path: PathBuf) -> Harness<'static, WirelensApp> {
    let mut app = WirelensApp::default();
    app.apply(Action::Open(path));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_eframe(move |cc| {
            wirelens::ui::install_fonts(&cc.egui_ctx);
            app
        });
    wait_for(&mut h, "the app to be idle", |a| a.is_idle());
    h
}

/// Steps until `done` holds (the condition itself, not a guess at a delay).
fn wait_for(
    h: &mut Harness<'static, WirelensApp>,
    what: &str,
    done: impl Fn(&WirelensApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        h.step();
        if done(h.state()) {
            break;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
    for _ in 0..4 {
        h.step();
    }
}

/// Follows the conversation of packet `frame` as `what` and waits for the worker.
fn follow_from(h: &mut Harness<'static, WirelensApp>, frame: u64, what: Follow) {
    h.state_mut().apply(Action::GoTo(frame));
    h.run();
    h.state_mut().apply(Action::Follow(what));
    wait_for(h, "the stream to be followed", |a| {
        a.is_idle()
            && a.doc
                .caches
                .followed
                .as_ref()
                .is_some_and(|(k, f)| k.kind == what && f.is_some())
    });
}

fn shown(h: &Harness<'static, WirelensApp>) -> follow::Followed {
    let cached = h.state().doc.caches.followed.clone().expect("followed");
    (*cached.1.expect("a stream")).clone()
}

#[test]
fn follow_http_shows_decoded_bodies_and_save_as_writes_them() {
    let path = capture("http-codings.pcap");
    let mut h = harness(path.clone());
    follow_from(&mut h, 4, Follow::Http);
    let session = wirelens::session::Session::open(&path).expect("capture");
    let expected = follow::follow_as(&session, Follow::Http, 0).expect("stream 0");
    assert_eq!(
        shown(&h),
        expected,
        "the window shows the HTTP follower's messages"
    );
    assert!(
        h.query_by_label("Follow HTTP Stream (tcp.stream eq 0)")
            .is_some()
    );
    // The gzip body split into chunks is shown as the text it encodes.
    let text = "hello world, ".repeat(30);
    assert!(
        expected.chunks.iter().any(|c| c.data == text.as_bytes()),
        "the gzip body is decoded"
    );
    h.get_by_label("Save As…").click();
    h.run();
    let out = std::env::temp_dir().join(format!("wirelens-follow-{}.txt", std::process::id()));
    let field = h.get_by_role_and_label(Role::TextInput, "Save to:");
    field.focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Save to:")
        .type_text(&out.to_string_lossy());
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let saved = std::fs::read(&out).expect("the file was written");
    let _ = std::fs::remove_file(&out);
    let whole: Vec<u8> = expected
        .chunks
        .iter()
        .flat_map(|c| c.data.iter().map(|&b| follow::ascii(b) as u8))
        .collect();
    assert_eq!(saved, whole, "ASCII view of both directions, every chunk");
    assert!(
        h.state()
            .ui
            .windows
            .follow
            .as_ref()
            .is_some_and(|v| v.save_path.is_none())
    );
}

#[test]
fn follow_tls_shows_the_encrypted_records_the_cli_leaves_out() {
    let path = capture("tls-segments.pcap");
    let mut h = harness(path.clone());
    follow_from(&mut h, 4, Follow::Tls);
    let f = shown(&h);
    let session = wirelens::session::Session::open(&path).expect("capture");
    assert_eq!(
        Some(&f),
        follow::follow_as(&session, Follow::Tls, 0).as_ref()
    );
    assert!(!f.chunks.is_empty(), "application data records are shown");
    assert!(f.chunks.iter().any(|c| c.from_server) && f.chunks.iter().any(|c| !c.from_server));
    assert!(
        h.query_by_label("Follow TLS Stream (tcp.stream eq 0)")
            .is_some()
    );
    assert!(
        h.query_by_label("Application data as sent: encrypted (no TLS keys are loaded).")
            .is_some()
    );
    // tshark shows decrypted data only: the CLI prints none.
    assert!(follow::as_tshark_shows(f).chunks.is_empty());
}
