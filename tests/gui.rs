//! The GUI driven through egui_kittest (no GPU, no display): open a capture, filter, select a
//! packet, a field and a byte, navigate with the keyboard.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::PathBuf;
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
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            wirelens::ui::install_fonts(&cc.egui_ctx);
            app
        });
    h.run();
    h
}

#[test]
fn opening_a_capture_fills_the_table() {
    let mut h = harness_with(None);
    h.get_by_role_and_label(Role::TextInput, "Capture file:")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Capture file:")
        .type_text(&sample().display().to_string());
    h.run();
    h.get_by_label("Open").click();
    h.run();
    let n = h.state().session.as_ref().map(Session::len).unwrap_or(0);
    assert_eq!(n, 2000);
    assert_eq!(h.state().view.len(), 2000);
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
fn typing_dns_and_enter_shows_what_read_y_dns_selects() {
    let mut h = harness_with(Some(sample()));
    let input = || Role::TextInput;
    h.get_by_role_and_label(input(), "Display filter:").focus();
    h.run();
    h.get_by_role_and_label(input(), "Display filter:")
        .type_text("dns");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let expected = Session::open(&sample())
        .expect("open")
        .filter(&Filter::compile("dns").expect("compile"))
        .len();
    assert_eq!(h.state().view.len(), expected);
    assert!(expected > 0 && expected < 2000);
    assert!(
        h.query_by_label(&format!("Displayed: {expected}"))
            .is_some()
    );
}

#[test]
fn an_invalid_filter_turns_red_and_names_the_column() {
    let mut h = harness_with(Some(sample()));
    h.get_by_role_and_label(Role::TextInput, "Display filter:")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Display filter:")
        .type_text("tcp.port == 80 && tcp.prot == 1");
    h.run();
    let err = h
        .state()
        .filter_error
        .clone()
        .expect("the filter is rejected while typing");
    assert_eq!(err.column("tcp.port == 80 && tcp.prot == 1"), 19);
    assert!(h.query_by_label("Column 19: \"tcp.prot\" is neither a field nor a protocol name; did you mean \"tcp.port\"?").is_some());
    // Enter does not apply an invalid filter.
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().view.len(), 2000);
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
    // Select the DNS transaction id field: the hex highlight is its byte range.
    let (index, range) = {
        let sel = h.state().selection.as_ref().expect("selected");
        let i = sel
            .dissection
            .tree
            .nodes
            .iter()
            .position(|n| n.field == wirelens::dissect::Field::DnsId)
            .expect("dns.id");
        (i, sel.dissection.tree.nodes[i].range.clone())
    };
    // Scroll the field into view as a user would, then click it.
    h.get_by_label("Transaction ID: 0x2c4a").scroll_to_me();
    h.run();
    h.get_by_label("Transaction ID: 0x2c4a").click();
    h.run();
    assert_eq!(
        h.state().selection.as_ref().and_then(|s| s.node),
        Some(index)
    );
    assert_eq!(highlighted_range(h.state()), Some(range.clone()));
    // Clicking a byte selects the deepest field covering it: byte 26 is the IPv4 source.
    h.state_mut().apply(Action::SelectByte(26));
    h.run();
    let sel = h.state().selection.as_ref().expect("selected");
    let node = &sel.dissection.tree.nodes[sel.node.expect("a node")];
    assert_eq!(node.field, wirelens::dissect::Field::IpSrc);
    assert_eq!(highlighted_range(h.state()), Some(26..30));
}

#[test]
fn clicking_a_row_and_arrow_keys_move_the_selection() {
    let mut h = harness_with(Some(sample()));
    h.get_by_label("Standard query response 0x2c4a AAAA cdn.example.net AAAA 2001:db8:2:1::7")
        .click();
    h.run();
    assert_eq!(h.state().selection.as_ref().map(|s| s.row), Some(1));
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().selection.as_ref().map(|s| s.row), Some(2));
    h.key_press(egui::Key::End);
    h.run_steps(3);
    assert_eq!(h.state().selection.as_ref().map(|s| s.row), Some(1999));
}
