//! Protocol descriptions in the GUI (egui_kittest): completion lists a described protocol's
//! fields, its filters select the right rows, a reload that removes a field turns the filter
//! red with the reason, the Protocol Descriptions window shows errors at their line and
//! column, and Decode As is remembered across a restart. Descriptions are process-wide, so
//! the tests of this binary take turns.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use wirelens::ui::{Action, WirelensApp};

static TURN: Mutex<()> = Mutex::new(());

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wirelens-guiproto-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// An app with these description paths loaded and this capture open.
fn harness(
    app: WirelensApp,
    paths: Vec<PathBuf>,
    capture: Option<&str>,
) -> Harness<'static, WirelensApp> {
    let mut app = app;
    app.protocols.paths = paths;
    app.apply(Action::ReloadProtocols);
    if let Some(c) = capture {
        app.apply(Action::Open(root().join(c)));
    }
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_eframe(move |cc| {
            wirelens::ui::install_fonts(&cc.egui_ctx);
            app
        });
    wait_for(&mut h, "the app to be idle", |a| a.is_idle());
    h
}

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

fn type_filter(h: &mut Harness<'static, WirelensApp>, text: &str) {
    h.get_by_role_and_label(Role::TextInput, "Display filter:")
        .focus();
    h.step();
    h.get_by_role_and_label(Role::TextInput, "Display filter:")
        .type_text(text);
    for _ in 0..3 {
        h.step();
    }
}

const L33T: &str = "examples/protocols/l33t.wlp";

#[test]
fn completion_lists_a_described_protocols_fields_and_its_filter_selects_rows() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let mut h = harness(
        WirelensApp::default(),
        vec![root().join(L33T)],
        Some("tests/captures/described/l33t.pcap"),
    );
    assert_eq!(h.state().doc.packets(), 20);
    type_filter(&mut h, "l33t.");
    assert!(
        h.query_by_label("l33t.some_byte").is_some(),
        "completion offers l33t.some_byte"
    );
    assert!(
        h.query_by_label("l33t.another_byte").is_some(),
        "completion offers l33t.another_byte"
    );
    h.state_mut()
        .apply(Action::SetFilter("l33t.some_byte >= 0x80".into()));
    wait_for(&mut h, "the filter", |a| a.is_idle());
    let session =
        wirelens::session::Session::open(&root().join("tests/captures/described/l33t.pcap"))
            .expect("capture");
    let expected = (0..session.len())
        .filter(|i| {
            session
                .bytes(*i)
                .ok()
                .and_then(|b| b.get(42).copied())
                .is_some_and(|b| b >= 0x80)
        })
        .count();
    assert!(expected > 0 && expected < 20);
    assert_eq!(h.state().doc.view.len(), expected);
}

#[test]
fn a_reload_that_removes_a_field_turns_the_filter_red() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = temp_dir("reload");
    let file = dir.join("reloadme.wlp");
    std::fs::write(
        &file,
        "protocol reloadme {\n    bind udp.port == 2001\n    u8 first\n    u8 second\n}\n",
    )
    .expect("write");
    let mut h = harness(
        WirelensApp::default(),
        vec![file.clone()],
        Some("tests/captures/described/l33t.pcap"),
    );
    type_filter(&mut h, "reloadme.second == 1");
    assert!(
        h.state().ui.filter.error.is_none(),
        "the filter compiles while the field exists"
    );
    std::fs::write(
        &file,
        "protocol reloadme {\n    bind udp.port == 2001\n    u8 first\n}\n",
    )
    .expect("rewrite");
    h.state_mut().check_protocol_files();
    for _ in 0..3 {
        h.step();
    }
    let error = h
        .state()
        .ui
        .filter
        .error
        .clone()
        .expect("the filter is red after the reload");
    assert!(
        error.message.contains("no longer a field"),
        "{}",
        error.message
    );
    assert!(
        h.query_by_label_contains("no longer a field").is_some(),
        "the reason is shown"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_protocols_window_shows_an_error_at_its_line_and_column() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = temp_dir("broken");
    let file = dir.join("broken.wlp");
    std::fs::write(&file, "protocol broken {\n    u8 a\n    u17 b\n}\n").expect("write");
    let mut h = harness(WirelensApp::default(), vec![file.clone()], None);
    h.state_mut().ui.windows.protocols = true;
    for _ in 0..3 {
        h.step();
    }
    let headline = format!("{}:3:5: unknown type \"u17\"", file.display());
    assert!(
        h.query_by_label(&headline).is_some(),
        "the window lists {headline}"
    );
    // Fixing the file and pressing Reload loads it.
    std::fs::write(&file, "protocol broken {\n    u8 a\n    u16 b\n}\n").expect("fix");
    h.get_by_label("↻ Reload").click();
    for _ in 0..3 {
        h.step();
    }
    assert!(
        h.state().protocols.errors.is_empty(),
        "{:?}",
        h.state().protocols.errors
    );
    assert!(wirelens::dissect::Field::by_name("broken.b").is_some());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn decode_as_is_remembered_across_a_restart() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = temp_dir("decodeas");
    let prefs = dir.join("settings");
    let first = WirelensApp::with_prefs_file(Some(prefs.clone()));
    let mut h = harness(first, vec![root().join(L33T)], None);
    h.state_mut().ui.windows.decode_as = Some(Default::default());
    h.step();
    h.state_mut()
        .apply(Action::SetDecodeAs(vec!["udp.port==520,l33t".into()]));
    h.step();
    drop(h);
    let again = WirelensApp::with_prefs_file(Some(prefs.clone()));
    assert_eq!(
        again.prefs.decode_as,
        vec!["udp.port==520,l33t".to_string()]
    );
    let h = harness(
        again,
        vec![root().join(L33T)],
        Some("tests/captures/described/rip.pcap"),
    );
    let tree = h
        .state()
        .doc
        .session
        .as_ref()
        .expect("open")
        .dissect(0, false)
        .expect("dissects")
        .tree;
    assert_eq!(
        tree.frame_protocols(),
        "eth:ethertype:ip:udp:l33t:data",
        "RIP's port decodes as l33t"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
