//! The GUI driven through egui_kittest (no GPU, no display): open a capture (loaded in the
//! background), filter, sort, select a packet, a field and a byte, navigate with the keyboard,
//! mark, go to, export, merge, statistics, and a live capture on `lo`.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wirelens::filter::Filter;
use wirelens::session::Session;
use wirelens::ui::{Action, WirelensApp, highlighted_range};

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples/mixed-traffic.pcapng")
}

fn harness_with(path: Option<PathBuf>) -> Harness<'static, WirelensApp> {
    let mut app = WirelensApp::default();
    if let Some(p) = path {
        app.apply(Action::Open(p));
    }
    harness_of(app)
}

fn harness_of(app: WirelensApp) -> Harness<'static, WirelensApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_eframe(move |cc| {
            wirelens::ui::install_fonts(&cc.egui_ctx);
            app
        });
    wait_idle(&mut h);
    h
}

/// Steps the app until nothing runs in the background (loading, filtering, saving, the
/// interface list of the welcome screen).
fn wait_idle(h: &mut Harness<'static, WirelensApp>) {
    wait_for(h, "the app to be idle", |app| app.is_idle());
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
    h.run();
}

fn packets(h: &Harness<'static, WirelensApp>) -> usize {
    h.state().doc.packets()
}

fn selected_row(h: &Harness<'static, WirelensApp>) -> Option<usize> {
    h.state().doc.selected_row()
}

fn type_filter(h: &mut Harness<'static, WirelensApp>, text: &str) {
    h.get_by_role_and_label(Role::TextInput, "Display filter:")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Display filter:")
        .type_text(text);
    h.run();
}

#[test]
fn opening_a_capture_fills_the_table_in_the_background() {
    let mut h = harness_with(None);
    assert!(h.query_by_label("Welcome to wirelens").is_some());
    h.get_by_role_and_label(Role::TextInput, "Capture file:")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Capture file:")
        .type_text(&sample().display().to_string());
    h.run();
    h.get_by_label("Open").click();
    h.step();
    // Loading runs on its own thread: the UI keeps drawing meanwhile.
    assert!(h.state().jobs.feed.is_some() || packets(&h) == 2000);
    wait_idle(&mut h);
    assert_eq!(packets(&h), 2000);
    assert_eq!(h.state().doc.view.len(), 2000);
    assert!(h.query_by_label("Packets: 2000").is_some());
    // Virtualised: the first rows are in the tree, the last one is not.
    assert!(
        h.query_all_by_label("Standard query 0x2c4a AAAA cdn.example.net")
            .next()
            .is_some()
    );
    assert!(h.query_by_label("2000").is_none());
}

#[test]
fn only_a_file_that_opened_becomes_recent() {
    let missing = PathBuf::from("/nonexistent/wirelens-recent.pcap");
    let mut h = harness_with(Some(missing.clone()));
    wait_idle(&mut h);
    assert!(h.query_by_label_contains("No such file").is_some());
    assert!(!h.state().prefs.recent.contains(&missing));
    h.state_mut().apply(Action::Open(sample()));
    wait_idle(&mut h);
    assert_eq!(h.state().prefs.recent.first(), Some(&sample()));
    assert!(!h.state().prefs.recent.contains(&missing));
}

/// What `wirelens read -Y FILTER` prints for the sample: one line per packet.
fn cli_count(filter: &str) -> usize {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-r"])
        .arg(sample())
        .args(["-Y", filter])
        .output()
        .expect("run wirelens read");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).lines().count()
}

#[test]
fn typing_dns_and_enter_shows_what_read_y_dns_selects() {
    let mut h = harness_with(Some(sample()));
    type_filter(&mut h, "dns");
    h.key_press(egui::Key::Enter);
    wait_idle(&mut h);
    let expected = cli_count("dns");
    assert!(expected > 0 && expected < 2000);
    assert_eq!(h.state().doc.view.len(), expected);
    assert!(
        h.query_by_label(&format!("Displayed: {expected}"))
            .is_some()
    );
    let library = Session::open(&sample())
        .expect("open")
        .filter(&Filter::compile("dns").expect("compile"))
        .len();
    assert_eq!(library, expected);
    // The history remembers it; Clear shows everything again.
    assert_eq!(
        h.state().prefs.filter_history.first().map(String::as_str),
        Some("dns")
    );
    h.get_by_label("Clear").click();
    wait_idle(&mut h);
    assert_eq!(h.state().doc.view.len(), 2000);
}

#[test]
fn an_invalid_filter_turns_red_and_names_the_column() {
    let mut h = harness_with(Some(sample()));
    type_filter(&mut h, "tcp.port == 80 && tcp.prot == 1");
    let err = h
        .state()
        .ui
        .filter
        .error
        .clone()
        .expect("the filter is rejected while typing");
    assert_eq!(err.column("tcp.port == 80 && tcp.prot == 1"), 19);
    assert!(h.query_by_label("Column 19: \"tcp.prot\" is neither a field nor a protocol name; did you mean \"tcp.port\"?").is_some());
    // Enter does not apply an invalid filter.
    h.key_press(egui::Key::Enter);
    wait_idle(&mut h);
    assert_eq!(h.state().doc.view.len(), 2000);
}

#[test]
fn field_names_complete_as_you_type() {
    let mut h = harness_with(Some(sample()));
    type_filter(&mut h, "tcp.srcp");
    h.get_by_label("tcp.srcport").click();
    h.run();
    assert_eq!(h.state().ui.filter.text, "tcp.srcport");
}

#[test]
fn selecting_a_row_field_and_byte_links_tree_and_hex() {
    let mut h = harness_with(Some(sample()));
    h.state_mut().apply(Action::SelectRow(0));
    h.run();
    assert!(
        h.query_by_label_contains("Internet Protocol Version 4, Src: 10.0.0.164, Dst: 93.184.0.7")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("Domain Name System (query)")
            .is_some()
    );
    let (index, range) = {
        let sel = h.state().doc.selection.as_ref().expect("selected");
        let i = sel
            .dissection
            .tree
            .nodes
            .iter()
            .position(|n| n.field == wirelens::dissect::Field::DnsId)
            .expect("dns.id");
        (i, sel.dissection.tree.nodes[i].range.clone())
    };
    h.get_by_label("Transaction ID: 0x2c4a").scroll_to_me();
    h.run();
    h.get_by_label("Transaction ID: 0x2c4a").click();
    h.run();
    assert_eq!(
        h.state().doc.selection.as_ref().and_then(|s| s.node),
        Some(index)
    );
    assert_eq!(highlighted_range(h.state()), Some(range.clone()));
    // Clicking a byte selects the deepest field covering it: the middle of hex line 0x0010
    // lies in the IPv4 header's checksum and source address (bytes 24..30).
    h.get_by_label_contains("0010  ").click();
    h.run();
    let sel = h.state().doc.selection.as_ref().expect("selected");
    let node = &sel.dissection.tree.nodes[sel.node.expect("a node")];
    assert!(
        [
            wirelens::dissect::Field::IpChecksum,
            wirelens::dissect::Field::IpSrc
        ]
        .contains(&node.field),
        "{:?}",
        node.field
    );
    assert_eq!(highlighted_range(h.state()), Some(node.range.clone()));
    // And through the action: byte 26 is the IPv4 source.
    h.state_mut().apply(Action::SelectByte(26));
    h.run();
    let sel = h.state().doc.selection.as_ref().expect("selected");
    let node = &sel.dissection.tree.nodes[sel.node.expect("a node")];
    assert_eq!(node.field, wirelens::dissect::Field::IpSrc);
    assert_eq!(highlighted_range(h.state()), Some(26..30));
}

#[test]
fn clicking_a_row_and_keys_move_the_selection() {
    let mut h = harness_with(Some(sample()));
    h.get_by_label("Standard query response 0x2c4a AAAA cdn.example.net AAAA 2001:db8:2:1::7")
        .click();
    h.run();
    assert_eq!(selected_row(&h), Some(1));
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(selected_row(&h), Some(2));
    h.key_press(egui::Key::PageDown);
    h.run();
    let page = h.state().doc.table.visible_rows - 1;
    assert_eq!(selected_row(&h), Some(2 + page));
    h.key_press(egui::Key::End);
    h.run();
    assert_eq!(selected_row(&h), Some(1999));
    // The last row is now drawn (own scrolling follows the selection).
    assert!(h.query_by_label("2000").is_some());
    h.key_press(egui::Key::Home);
    h.run();
    assert_eq!(selected_row(&h), Some(0));
}

#[test]
fn go_to_mark_and_time_reference() {
    let mut h = harness_with(Some(sample()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::G);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Packet number:")
        .type_text("1500");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().doc.selection.as_ref().map(|s| s.packet),
        Some(1499)
    );
    assert!(h.query_by_label("1500").is_some());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::M);
    h.run();
    assert!(h.state().doc.marks.contains(&1499));
    assert!(h.query_by_label("Marked: 1").is_some());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    h.run();
    assert!(h.state().doc.time_refs.contains(&1499));
    assert!(h.query_by_label("*REF*").is_some());
}

#[test]
fn clicking_length_sorts_on_a_worker() {
    let mut h = harness_with(Some(sample()));
    h.get_by_label("Length").click();
    wait_idle(&mut h);
    let s = h.state().doc.session.clone().expect("session");
    let lens: Vec<u32> = h
        .state()
        .doc
        .view
        .packets()
        .iter()
        .map(|&p| s.record(p).map_or(0, |r| r.orig_len))
        .collect();
    assert_eq!(lens.len(), 2000);
    assert!(lens.windows(2).all(|w| w[0] <= w[1]), "ascending by length");
    // Again: descending.
    h.get_by_label("Length ▲").click();
    wait_idle(&mut h);
    let first = h
        .state()
        .doc
        .view
        .get(0)
        .and_then(|p| s.record(p))
        .map(|r| r.orig_len);
    assert_eq!(first, lens.last().copied());
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("wirelens-gui-{}-{name}", std::process::id()))
}

#[test]
fn exporting_the_displayed_packets_writes_exactly_them() {
    let mut h = harness_with(Some(sample()));
    type_filter(&mut h, "tcp");
    h.key_press(egui::Key::Enter);
    wait_idle(&mut h);
    let displayed = h.state().doc.view.len();
    let out = temp("displayed.pcapng");
    let request = wirelens::ui::windows::ExportRequest {
        path: out.clone(),
        scope: wirelens::ui::windows::ExportScope::Displayed,
        format: wirelens::pcapfile::OutputFormat::PcapNg,
    };
    h.state_mut().apply(Action::Export(request));
    wait_idle(&mut h);
    let back = Session::open(&out).expect("reopen");
    assert_eq!(back.len(), displayed);
    assert!(
        h.state()
            .ui
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with(&format!("Saved {displayed} packets")))
    );
    let _ = std::fs::remove_file(out);
}

#[test]
fn several_files_are_merged_in_time_order() {
    let other = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples/dns-over-tcp.pcap");
    let n_other = Session::open(&other).expect("open").len();
    let mut h = harness_with(None);
    h.state_mut().apply(Action::OpenMany(vec![sample(), other]));
    wait_idle(&mut h);
    let s = h.state().doc.session.clone().expect("merged");
    assert_eq!(s.len(), 2000 + n_other);
    let ts: Vec<i64> = (0..s.len())
        .map(|i| s.record(i).map_or(0, |r| r.ts_ns))
        .collect();
    assert!(ts.windows(2).all(|w| w[0] <= w[1]), "time order");
    assert_eq!(s.interfaces.len(), 2);
}

#[test]
fn conversations_window_lists_the_flows_and_filters_on_them() {
    let mut h = harness_with(Some(sample()));
    h.get_by_label("Statistics").click();
    h.run();
    h.get_by_label("Conversations").click();
    wait_for(&mut h, "conversations", |a| {
        a.doc.caches.conversations.is_some()
    });
    let tcp = h.state().doc.session.as_ref().map_or(0, |s| {
        s.flows
            .iter()
            .filter(|f| f.kind == wirelens::dissect::context::TransportKind::Tcp)
            .count()
    });
    assert!(h.query_by_label(&format!("TCP · {tcp}")).is_some());
    let conv = h
        .state()
        .doc
        .caches
        .conversations
        .clone()
        .expect("counted")
        .1;
    let first_ip = conv.kinds[1]
        .first()
        .cloned()
        .expect("an IPv4 conversation");
    h.state_mut()
        .apply(Action::SetFilter(first_ip.filter.clone()));
    wait_idle(&mut h);
    assert_eq!(h.state().doc.view.len() as u64, first_ip.packets());
}

#[test]
fn a_missing_file_says_so_and_keeps_the_welcome_screen() {
    let mut h = harness_with(Some(PathBuf::from("/nonexistent/capture.pcap")));
    assert!(h.state().doc.session.is_none());
    let m = h.state().ui.message.clone().unwrap_or_default();
    assert!(m.contains("/nonexistent/capture.pcap"), "{m}");
    assert!(h.query_by_label("Welcome to wirelens").is_some());
    h.run();
}

/// True when this process may capture (root or CAP_NET_RAW); else the test is skipped unless
/// WIRELENS_REQUIRE_CAPTURE is set (CI runs as root and sets it).
fn may_capture() -> bool {
    let ok = wirelens::capture::capture_permission() == wirelens::capture::Permission::Granted;
    if !ok && std::env::var_os("WIRELENS_REQUIRE_CAPTURE").is_some() {
        panic!("WIRELENS_REQUIRE_CAPTURE is set but this process may not capture");
    }
    ok
}

fn send_udp(port: u16, count: usize) {
    let sock = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    for k in 0..count {
        let payload = format!("wirelens-gui-{k}");
        sock.send_to(payload.as_bytes(), ("127.0.0.1", port))
            .expect("send");
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_live_capture_on_lo_shows_rows_and_stops() {
    if !may_capture() {
        eprintln!("skipped: no capture permission");
        return;
    }
    let port = 40_000 + (std::process::id() % 20_000) as u16;
    let mut h = harness_with(None);
    h.state_mut().prefs.capture.interface = "lo".into();
    h.state_mut().prefs.capture_filter = format!("udp dst port {port}");
    h.run();
    h.get_by_label("▶ Start capturing on lo").click();
    h.run();
    // The interface is open and filtered when Start returns: nothing sent now is missed.
    assert!(h.state().capturing(), "{:?}", h.state().ui.message);
    send_udp(port, 20);
    wait_for(&mut h, "20 rows", |a| a.doc.view.len() >= 20);
    assert!(h.query_by_label("Packets: 20").is_some());
    assert!(h.query_by_label_contains("● Capturing").is_some());
    let stop_clicked = Instant::now();
    h.get_by_label("■ Stop").click();
    wait_for(&mut h, "the capture to stop", |a| {
        !a.capturing() && a.jobs.feed.is_none()
    });
    assert!(stop_clicked.elapsed() < Duration::from_secs(2));
    assert_eq!(packets(&h), 20);
    assert!(h.state().doc.unsaved);
    // Closing asks first.
    h.state_mut().apply(Action::Close);
    h.run();
    assert!(h.query_by_label("Unsaved packets").is_some());
    h.get_by_label("Continue without Saving").click();
    h.run();
    assert!(h.state().doc.session.is_none());
}

#[test]
fn saving_a_live_capture_round_trips() {
    if !may_capture() {
        eprintln!("skipped: no capture permission");
        return;
    }
    let port = 40_000 + (std::process::id() % 20_000) as u16 + 1;
    let mut h = harness_with(None);
    h.state_mut().prefs.capture.interface = "lo".into();
    h.state_mut().prefs.capture_filter = format!("udp dst port {port}");
    h.state_mut().apply(Action::StartCapture);
    h.run();
    assert!(h.state().capturing(), "{:?}", h.state().ui.message);
    send_udp(port, 5);
    wait_for(&mut h, "5 rows", |a| a.doc.view.len() >= 5);
    h.state_mut().apply(Action::StopCapture);
    wait_for(&mut h, "stop", |a| a.jobs.feed.is_none());
    let out = temp("live.pcapng");
    h.state_mut()
        .apply(Action::Export(wirelens::ui::windows::ExportRequest {
            path: out.clone(),
            scope: wirelens::ui::windows::ExportScope::All,
            format: wirelens::pcapfile::OutputFormat::PcapNg,
        }));
    wait_idle(&mut h);
    assert!(!h.state().doc.unsaved);
    let back = Session::open(Path::new(&out)).expect("reopen");
    assert_eq!(back.len(), 5);
    let bytes = back.bytes(0).expect("bytes");
    assert!(bytes.ends_with(b"wirelens-gui-0"));
    let _ = std::fs::remove_file(out);
}

#[test]
fn cancelling_a_load_keeps_the_packets_read_so_far() {
    let file = temp("cancel.pcapng");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["generate", "-c", "300000", "--seed", "7", "-w"])
        .arg(&file)
        .status()
        .expect("generate");
    assert!(status.success());
    let mut h = harness_with(None);
    h.state_mut().apply(Action::Open(file.clone()));
    wait_for(&mut h, "the first rows", |a| {
        !a.doc.view.is_empty() || a.jobs.feed.is_none()
    });
    h.get_by_label("Cancel").click();
    wait_idle(&mut h);
    let n = packets(&h);
    assert!(n > 0 && n < 300_000, "{n} packets kept");
    assert_eq!(h.state().doc.view.len(), n);
    let m = h.state().ui.message.clone().unwrap_or_default();
    assert_eq!(m, format!("Loading cancelled after {n} packets"));
    let _ = std::fs::remove_file(file);
}

#[test]
fn a_capture_that_cannot_start_says_why() {
    let mut h = harness_with(None);
    h.state_mut().prefs.capture.interface = "no-such-if0".into();
    h.state_mut().apply(Action::StartCapture);
    h.run();
    assert!(!h.state().capturing());
    let e = h
        .state()
        .ui
        .windows
        .capture_error
        .clone()
        .expect("an error window");
    assert!(e.contains("no-such-if0"), "{e}");
    assert!(h.query_by_label("The capture did not start").is_some());
}

#[test]
fn settings_persist_between_runs() {
    use wirelens::ui::prefs::{SavedFilter, Theme};
    let dir = temp("config");
    let file = dir.join("settings.conf");
    let mut app = WirelensApp::with_prefs_file(Some(file.clone()));
    let web = SavedFilter {
        label: "Web".into(),
        filter: "http || tls".into(),
    };
    app.prefs.saved_filters.push(web.clone());
    app.prefs.filter_history = vec!["dns".into()];
    app.prefs.time_format = wirelens::ui::TimeFormat::Utc;
    app.prefs.theme = Theme::Light;
    app.prefs.coloring.rules.truncate(3);
    app.save_prefs();
    let again = WirelensApp::with_prefs_file(Some(file));
    assert_eq!(again.prefs.saved_filters, vec![web]);
    assert_eq!(again.prefs.filter_history, vec!["dns".to_string()]);
    assert_eq!(again.prefs.time_format, wirelens::ui::TimeFormat::Utc);
    assert_eq!(again.prefs.theme, Theme::Light);
    assert_eq!(again.prefs.coloring.rules.len(), 3);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn dragging_across_the_plot_filters_that_time_range() {
    let mut h = harness_with(Some(sample()));
    let hint = h
        .get_by_label("Drag across the plot to show that time range.")
        .rect();
    let y = hint.bottom() + 70.0;
    let (from, to) = (egui::pos2(400.0, y), egui::pos2(700.0, y));
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for k in 1..=10 {
        h.hover_at(from + (to - from) * (k as f32 / 10.0));
        h.run();
    }
    h.drop_at(to);
    wait_idle(&mut h);
    let applied = h.state().ui.filter.applied.clone();
    assert!(applied.starts_with("frame.time_relative >= "), "{applied}");
    let shown = h.state().doc.view.len();
    assert!(shown > 0 && shown < 2000, "{shown} packets in the range");
    // Exactly what the same filter selects from the CLI.
    assert_eq!(shown, cli_count(&applied));
}

#[test]
fn find_selects_the_next_matching_packet() {
    let mut h = harness_with(Some(sample()));
    h.state_mut().apply(Action::SelectRow(0));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find:").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find:")
        .type_text("http.request");
    h.run();
    h.get_by_label("Find Next").click();
    wait_for(&mut h, "find", |a| a.jobs.find.is_none());
    let s = Session::open(&sample()).expect("open");
    let first = s.filter(&Filter::compile("http.request").expect("compile"))[0];
    assert_eq!(
        h.state().doc.selection.as_ref().map(|s| s.packet),
        Some(first)
    );
    // A string search finds bytes: the first frame carrying "login.example.io".
    h.state_mut().apply(Action::SelectRow(0));
    h.state_mut()
        .apply(Action::Find(wirelens::ui::windows::FindQuery {
            kind: wirelens::ui::windows::FindKind::String,
            text: "login.example.io".into(),
        }));
    wait_for(&mut h, "find", |a| a.jobs.find.is_none());
    let expected =
        s.filter(&Filter::compile("frame contains \"login.example.io\"").expect("compile"))[0];
    assert_eq!(
        h.state().doc.selection.as_ref().map(|s| s.packet),
        Some(expected)
    );
}

#[test]
fn without_capture_permission_the_welcome_screen_shows_the_fix() {
    let mut h = harness_with(None);
    let setcap = "sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/wirelens".to_string();
    h.state_mut().ui.welcome.permission = wirelens::capture::Permission::Missing {
        setcap: setcap.clone(),
    };
    h.run();
    assert!(
        h.query_by_label_contains("lacks the CAP_NET_RAW capability")
            .is_some()
    );
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Grant it once (then restart wirelens):")
            .value()
            .as_deref(),
        Some(setcap.as_str())
    );
    assert!(
        h.query_by_label_contains("sudo usermod -aG wirelens")
            .is_some()
    );
    h.get_by_label("Copy").click();
    h.run();
}

#[test]
fn without_a_file_dialog_backend_the_path_field_is_offered() {
    let has_backend = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::process::Command::new("zenity")
            .arg("--version")
            .output()
            .is_ok();
    if has_backend {
        eprintln!("skipped: this machine has a file dialog backend");
        return;
    }
    let mut h = harness_with(Some(sample()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    wait_idle(&mut h);
    assert!(h.state().ui.windows.path_fallback);
    let m = h.state().ui.message.clone().unwrap_or_default();
    assert!(m.contains("type the path"), "{m}");
    assert!(h.query_by_label("Open Capture by Path").is_some());
}

#[test]
fn results_for_a_replaced_capture_do_not_land_on_the_next_one() {
    use wirelens::ui::windows::{ExportRequest, ExportScope, FindKind, FindQuery};
    let other = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples/dns-over-tcp.pcap");
    let mut h = harness_with(Some(sample()));
    h.state_mut().apply(Action::SelectRow(0));
    let out = temp("stale-save.pcapng");
    // A find and a save of capture A start; B is opened before a frame can apply either.
    let app = h.state_mut();
    app.apply(Action::Find(FindQuery {
        kind: FindKind::DisplayFilter,
        text: "http.request".into(),
    }));
    app.apply(Action::Export(ExportRequest {
        path: out.clone(),
        scope: ExportScope::All,
        format: wirelens::pcapfile::OutputFormat::PcapNg,
    }));
    assert!(app.jobs.find.is_some() && app.jobs.save.is_some());
    app.apply(Action::Open(other.clone()));
    // B has packets of its own to save (as a stopped live capture has).
    app.doc.unsaved = true;
    wait_idle(&mut h);
    let app = h.state();
    assert_eq!(
        app.doc.session.as_ref().map(|s| s.path.clone()),
        Some(other)
    );
    assert!(app.doc.selection.is_none(), "A's find selected a row of B");
    assert!(app.doc.unsaved, "A's save marked B as saved");
    // A's save itself was carried out: the user asked for those packets.
    assert_eq!(Session::open(&out).expect("reopen").len(), 2000);
    let _ = std::fs::remove_file(out);
}

#[test]
fn the_interface_watch_stops_when_a_capture_opens() {
    use std::sync::Arc;
    use wirelens::ui::interfaces::{FixedInterfaces, InterfaceProbe};
    let iface = wirelens::capture::Interface {
        name: "wltest0".into(),
        description: None,
        addresses: Vec::new(),
        up: true,
        running: true,
        loopback: false,
        wireless: false,
    };
    let probe: Arc<dyn InterfaceProbe> = Arc::new(FixedInterfaces(vec![iface]));
    let mut app = WirelensApp::default();
    app.env.interfaces = probe.clone();
    let mut h = harness_of(app);
    // The welcome screen lists what the probe gave; its worker holds the probe.
    assert!(h.state().jobs.interfaces.is_some());
    assert!(h.query_by_label("wltest0").is_some());
    assert_eq!(Arc::strong_count(&probe), 3, "test, app and worker");
    h.state_mut().apply(Action::Open(sample()));
    wait_idle(&mut h);
    assert!(h.state().doc.session.is_some());
    assert!(h.state().jobs.interfaces.is_none(), "the watch was dropped");
    // Its worker ends at once (it waits on the watch, not on a timer) and lets go of the probe.
    let deadline = Instant::now() + Duration::from_secs(30);
    while Arc::strong_count(&probe) > 2 {
        assert!(Instant::now() < deadline, "the interface worker still runs");
        std::thread::yield_now();
    }
    // Closing the capture shows the welcome screen and watches the interfaces again.
    h.state_mut().apply(Action::Close);
    wait_idle(&mut h);
    assert!(h.query_by_label("wltest0").is_some());
}

/// The first packet of the sample with the given protocol column.
fn first_packet(filter: &str) -> usize {
    let s = Session::open(&sample()).expect("open");
    s.filter(&Filter::compile(filter).expect("compile"))[0]
}

#[test]
fn edit_and_resend_changes_the_ttl_and_recomputes_the_checksum() {
    let mut h = harness_with(Some(sample()));
    let packet = first_packet("icmp && ip");
    h.state_mut().apply(Action::SelectRow(packet));
    h.state_mut().apply(Action::OpenBuilder(
        wirelens::ui::actions::BuilderStart::Packet(packet),
    ));
    h.run();
    assert!(h.query_by_label("Packet Builder").is_some());
    let original = h
        .state()
        .ui
        .builder
        .as_ref()
        .expect("builder")
        .draft
        .bytes
        .clone();
    let ttl = h.get_by_role_and_label(Role::TextInput, "Time to Live:");
    ttl.focus();
    h.run();
    // Select what is there and type over it, as a user does.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Time to Live:")
        .type_text("300");
    h.run();
    // An invalid value says why, and nothing changes.
    assert!(
        h.query_by_label_contains("300 does not fit in ip.ttl")
            .is_some()
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Time to Live:")
        .type_text("7");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let b = h.state().ui.builder.as_ref().expect("builder");
    let bytes = b.draft.bytes.clone();
    // Byte 22 is the TTL; bytes 24..26 the IPv4 header checksum; nothing else moved.
    assert_eq!(bytes[22], 7);
    assert_eq!(b.draft.diff(), vec![22..23, 24..26]);
    let header = &bytes[14..34];
    let sum: u32 = header
        .chunks(2)
        .map(|w| u32::from(u16::from_be_bytes([w[0], w[1]])))
        .sum();
    assert_eq!(
        (sum & 0xffff) + (sum >> 16),
        0xffff,
        "the header checksum verifies"
    );
    assert_ne!(bytes, original);
    // The diff shows: three bytes changed.
    assert!(h.query_by_label("3 changed").is_some());
    assert!(b.spec_text.contains("ttl=7"), "{}", b.spec_text);
}

#[test]
fn a_pasted_hex_dump_is_dissected() {
    let mut h = harness_with(None);
    h.state_mut().open_import();
    h.run();
    let frame = wirelens::craft::build(
        &wirelens::craft::parse(
            "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/ip(src=198.18.0.1,\
             dst=198.18.0.2)/udp(srcport=1234,dstport=53)/dns(id=7,qry.name=\"example.com\")",
        )
        .expect("spec"),
        0,
        0,
    )
    .expect("builds");
    let dump = wirelens::dissect::format::hex_dump(&frame);
    h.get_by_role(Role::MultilineTextInput).focus();
    h.run();
    h.get_by_role(Role::MultilineTextInput).type_text(&dump);
    h.run();
    assert!(h.query_by_label("1 packet:").is_some());
    assert!(
        h.query_by_label_contains("bytes: eth / ethertype / ip / udp / dns")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("Standard query 0x0007 A example.com")
            .is_some()
    );
    h.get_by_label("Open in Packet Builder").click();
    h.run();
    assert_eq!(
        h.state().ui.builder.as_ref().map(|b| b.draft.bytes.clone()),
        Some(frame)
    );
}

#[test]
fn the_builder_sends_on_lo_and_reports_it() {
    if !may_capture() {
        eprintln!("skipped: no capture permission");
        return;
    }
    let mut h = harness_with(None);
    h.state_mut().apply(Action::OpenBuilder(
        wirelens::ui::actions::BuilderStart::Template(wirelens::ui::builder::Template::Udp),
    ));
    h.run();
    {
        let b = h.state_mut().ui.builder.as_mut().expect("builder");
        b.send.interface = "lo".into();
        b.send.count = 3;
        b.send.pace = wirelens::ui::builder::SendPace::TopSpeed;
        b.send.replies_s = None;
    }
    h.run();
    h.get_by_label("▶ Send").click();
    h.step();
    assert!(h.state().jobs.send.is_some(), "the click started a send");
    wait_for(&mut h, "the send", |a| a.jobs.send.is_none());
    let outcome = h.state().ui.last_send.clone().expect("a result");
    let report = outcome.result.expect("sent");
    assert_eq!((report.sent, report.failures()), (3, 0));
    // The builder shows the result (and the status bar says it too).
    let shown = h.query_all_by_label_contains("Sent 3 packets").count();
    assert_eq!(shown, 2, "result line and status bar");
}

fn captures(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/captures")
        .join(name)
}

#[test]
fn follow_tcp_stream_shows_both_directions_in_order_and_filters_it_out() {
    use wirelens::dissect::context::TransportKind;
    let mut h = harness_with(Some(sample()));
    let session = h.state().doc.session.clone().expect("loaded");
    // The first TCP stream with data both ways.
    let (stream, expected) = (0..)
        .map_while(|n| {
            Some((
                n,
                wirelens::stats::follow::follow(&session, TransportKind::Tcp, n)?,
            ))
        })
        .find(|(_, f)| {
            f.chunks.iter().any(|c| c.from_server) && f.chunks.iter().any(|c| !c.from_server)
        })
        .expect("a TCP stream with data both ways");
    let first = expected.chunks.first().expect("data").frame;
    h.state_mut().apply(Action::GoTo(first));
    h.run();
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::ALT | egui::Modifiers::SHIFT,
        egui::Key::T,
    );
    wait_for(&mut h, "the stream to be followed", |a| {
        a.doc
            .caches
            .followed
            .as_ref()
            .is_some_and(|(k, f)| k.stream == stream && f.is_some())
    });
    let shown = h
        .state()
        .doc
        .caches
        .followed
        .clone()
        .expect("followed")
        .1
        .expect("stream");
    assert_eq!(
        *shown, expected,
        "the window shows the follower's chunks, in order"
    );
    assert!(!shown.chunks[0].from_server, "node 0 speaks first");
    let title = format!("Follow TCP Stream (tcp.stream eq {stream})");
    assert!(h.query_by_label(&title).is_some());
    h.get_by_label("Filter Out This Stream").click();
    wait_idle(&mut h);
    assert_eq!(
        h.state().ui.filter.applied,
        format!("!(tcp.stream eq {stream})")
    );
    let in_stream = session
        .filter(&Filter::compile(&format!("tcp.stream eq {stream}")).expect("filter"))
        .len();
    assert_eq!(h.state().doc.view.len(), session.len() - in_stream);
    // Next stream moves the window on (and follows that stream on a worker).
    h.get_by_label("Next stream ▶").click();
    wait_for(&mut h, "the next stream to be followed", |a| {
        a.is_idle()
            && a.doc
                .caches
                .followed
                .as_ref()
                .is_some_and(|(k, _)| k.stream == stream + 1)
    });
    assert_eq!(
        h.state().ui.windows.follow.as_ref().map(|v| v.stream),
        Some(stream + 1)
    );
}

/// Per severity, the count `wirelens read -q -z expert` prints (tshark's format).
fn cli_expert_counts(path: &Path) -> Vec<(String, usize)> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-q", "-z", "expert", "-r"])
        .arg(path)
        .output()
        .expect("runs wirelens");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (title, n) = l.strip_suffix(')')?.split_once(" (")?;
            Some((title.to_string(), n.parse().ok()?))
        })
        .collect()
}

#[test]
fn expert_window_counts_equal_the_cli_report() {
    use wirelens::dissect::tree::Severity;
    let path = captures("tcp-trouble.pcapng");
    let mut h = harness_with(Some(path.clone()));
    wait_for(&mut h, "expert information", |a| {
        a.doc.caches.expert.is_some()
    });
    assert!(
        h.query_by_label("● Expert: Warning").is_some(),
        "status bar indicator"
    );
    h.get_by_label("● Expert: Warning").click();
    h.run();
    let tally = h.state().doc.caches.expert.clone().expect("tally").1;
    let cli = cli_expert_counts(&path);
    let ours: Vec<(String, usize)> = [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warns"),
        (Severity::Note, "Notes"),
        (Severity::Chat, "Chats"),
    ]
    .into_iter()
    .filter(|(s, _)| tally.count(*s) > 0)
    .map(|(s, t)| (t.to_string(), tally.count(s)))
    .collect();
    assert_eq!(ours, cli);
    for (title, n) in &cli {
        let shown = title.replace("Warns", "Warnings");
        assert!(
            h.query_by_label(&format!("{shown} ({n})")).is_some(),
            "{shown} ({n})"
        );
    }
    // A packet of the first warning is one click away.
    let frame = tally
        .of(Severity::Warning)
        .next()
        .expect("a warning")
        .frames[0];
    let entry = tally.of(Severity::Warning).next().expect("a warning");
    let label = format!(
        "{}   [{} · {}]   ({})",
        entry.summary,
        entry.group.name(),
        entry.protocol,
        entry.frames.len()
    );
    h.get_by_label(&label).click();
    h.run();
    h.get_by_label(&format!("Packet {frame}")).click();
    h.run();
    assert_eq!(
        h.state()
            .doc
            .selection
            .as_ref()
            .map(|s| s.packet as u64 + 1),
        Some(frame)
    );
}

/// Rows of a tshark `-z conv,…` golden: (A, B, frames A→B, frames B→A).
fn tshark_conversations(golden: &str) -> Vec<(String, String, u64, u64)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(golden);
    let text = std::fs::read_to_string(path).expect("golden");
    text.lines()
        .filter(|l| l.contains(" <-> "))
        .filter_map(|l| {
            let t: Vec<&str> = l.split_whitespace().collect();
            let rx = t.get(3)?.parse().ok()?;
            let tx = t.get(6)?.parse().ok()?;
            Some((t.first()?.to_string(), t.get(2)?.to_string(), tx, rx))
        })
        .collect()
}

#[test]
fn conversations_window_counts_what_tshark_counts() {
    let capture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/captures/mixed-2k.pcapng");
    let mut h = harness_with(Some(capture));
    h.get_by_label("Statistics").click();
    h.run();
    h.get_by_label("Conversations").click();
    wait_for(&mut h, "conversations", |a| {
        a.doc.caches.conversations.is_some()
    });
    let counted = h
        .state()
        .doc
        .caches
        .conversations
        .clone()
        .expect("counted")
        .1;
    // Golden 2 is `-z conv,ip`, 4 is `-z conv,tcp` (tests/golden/zstats/SPECS).
    for (kind, golden) in [(1, "2.txt"), (3, "4.txt")] {
        let want = tshark_conversations(&format!("tests/golden/zstats/mixed-2k.pcapng/{golden}"));
        let got: Vec<(String, String, u64, u64)> = counted.kinds[kind]
            .iter()
            .map(|c| {
                let plain = |s: &str| s.replace(['[', ']'], "");
                (plain(&c.a), plain(&c.b), c.a_to_b.0, c.b_to_a.0)
            })
            .collect();
        assert_eq!(got.len(), want.len(), "kind {kind}");
        for row in &want {
            assert!(got.contains(row), "kind {kind}: tshark's {row:?} missing");
        }
    }
}
