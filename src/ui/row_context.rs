//! Right-click menus of the packet list and the layer tree: apply or prepare a filter, mark,
//! time reference, copy; and the filter text they build.

use super::actions::Action;
use super::app::WirelensApp;
use super::table_state::RowText;
use super::ui_state::FilterBar;
use crate::dissect::field::Kind;
use crate::dissect::format::field_text;
use crate::dissect::tree::Node;
use crate::dissect::value::Value;
use crate::session::Session;

/// The filter matching a Source/Destination cell (`ip.addr == 10.0.0.1`), when it is an
/// address.
pub fn address_filter(text: &str) -> Option<String> {
    if let Ok(ip) = text.parse::<std::net::IpAddr>() {
        let field = if ip.is_ipv4() { "ip.addr" } else { "ipv6.addr" };
        return Some(format!("{field} == {ip}"));
    }
    let is_mac = text.len() == 17
        && text
            .split(':')
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()));
    is_mac.then(|| format!("eth.addr == {text}"))
}

/// The filter selecting a tree node's value (`tcp.srcport == 43874`), or its presence for
/// protocols and text nodes.
pub fn node_filter(node: &Node) -> String {
    let def = node.field.def();
    let name = def.name;
    match (&node.value, def.kind) {
        (_, Kind::Protocol | Kind::Text | Kind::Flag) | (Value::None | Value::Span, _) => {
            name.to_string()
        }
        (Value::Str(s), _) => format!(
            "{name} == \"{}\"",
            s.replace('\\', "\\\\").replace('"', "\\\"")
        ),
        (v, _) => format!("{name} == {}", field_text(node.field, v)),
    }
}

/// `old && new`, or `new` when the bar is empty (as Wireshark's "…and Selected").
fn and(old: &str, new: &str) -> String {
    if old.trim().is_empty() {
        new.into()
    } else {
        format!("({}) && {new}", old.trim())
    }
}

/// Apply / Prepare entries for one filter expression (`bar`: what "…and Selected" extends).
pub fn filter_entries(ui: &mut egui::Ui, bar: &FilterBar, filter: &str, actions: &mut Vec<Action>) {
    ui.menu_button("Apply as Filter", |ui| {
        if ui.button(format!("Selected: {filter}")).clicked() {
            actions.push(Action::SetFilter(filter.into()));
            ui.close();
        }
        if ui.button("…and Selected").clicked() {
            actions.push(Action::SetFilter(and(&bar.applied, filter)));
            ui.close();
        }
        if ui.button("Not Selected").clicked() {
            actions.push(Action::SetFilter(format!("!({filter})")));
            ui.close();
        }
    });
    ui.menu_button("Prepare as Filter", |ui| {
        if ui.button(format!("Selected: {filter}")).clicked() {
            actions.push(Action::PrepareFilter(filter.into()));
            ui.close();
        }
        if ui.button("…and Selected").clicked() {
            actions.push(Action::PrepareFilter(and(&bar.text, filter)));
            ui.close();
        }
    });
}

/// The packet list's row menu.
pub fn row_menu(
    ui: &mut egui::Ui,
    app: &WirelensApp,
    session: &Session,
    packet: usize,
    text: &RowText,
    actions: &mut Vec<Action>,
) {
    let marked = app.doc.marks.contains(&packet);
    if ui
        .button(if marked {
            "Unmark Packet"
        } else {
            "Mark Packet"
        })
        .clicked()
    {
        actions.push(Action::ToggleMark);
        ui.close();
    }
    let is_ref = app.doc.time_refs.contains(&packet);
    if ui
        .button(if is_ref {
            "Unset Time Reference"
        } else {
            "Set Time Reference"
        })
        .clicked()
    {
        actions.push(Action::ToggleTimeRef);
        ui.close();
    }
    ui.separator();
    let source = address_filter(&text.source);
    let destination = address_filter(&text.destination);
    let conversation = match (&source, &destination) {
        (Some(a), Some(b)) => Some(format!("{a} && {b}")),
        _ => None,
    };
    for (what, filter) in [
        ("Source", source),
        ("Destination", destination),
        ("Conversation", conversation),
    ] {
        if let Some(f) = filter {
            ui.menu_button(what, |ui| filter_entries(ui, &app.ui.filter, &f, actions));
        }
    }
    let protocol = text.protocol.to_ascii_lowercase();
    if crate::filter::Filter::compile(&protocol).is_ok() {
        ui.menu_button("Protocol", |ui| {
            filter_entries(ui, &app.ui.filter, &protocol, actions)
        });
    }
    ui.separator();
    if ui.button("Edit and Resend…").clicked() {
        actions.push(Action::OpenBuilder(super::actions::BuilderStart::Packet(
            packet,
        )));
        ui.close();
    }
    ui.menu_button("Copy", |ui| {
        if ui.button("As Packet Spec").clicked() {
            actions.push(Action::CopyAsSpec(packet));
            ui.close();
        }
        if ui.button("Summary").clicked() {
            let record = session.record(packet).copied().unwrap_or_default();
            let summary = format!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                packet + 1,
                text.source,
                text.destination,
                text.protocol,
                record.orig_len,
                text.info
            );
            actions.push(Action::Copy(summary));
            ui.close();
        }
        if ui.button("As Hex Dump").clicked() {
            let bytes = session.bytes(packet).unwrap_or_default();
            actions.push(Action::Copy(hex_dump(&bytes)));
            ui.close();
        }
    });
}

pub use crate::dissect::format::{ascii, hex_dump};

#[cfg(test)]
mod tests {
    use super::{address_filter, hex_dump};

    #[test]
    fn cells_become_filters() {
        assert_eq!(
            address_filter("10.0.0.1").as_deref(),
            Some("ip.addr == 10.0.0.1")
        );
        assert_eq!(
            address_filter("fe80::1").as_deref(),
            Some("ipv6.addr == fe80::1")
        );
        assert_eq!(
            address_filter("00:11:22:33:44:55").as_deref(),
            Some("eth.addr == 00:11:22:33:44:55")
        );
        assert_eq!(address_filter("Broadcast"), None);
    }

    #[test]
    fn tree_fields_become_filters() {
        use crate::dissect::Field;
        use crate::dissect::tree::Node;
        use crate::dissect::value::Value;
        let node = |field, value| Node {
            field,
            value,
            range: 0..2,
            source: 0,
            depth: 1,
            label: None,
            hidden: false,
        };
        let port = node(Field::TcpSrcPort, Value::UInt(43874));
        assert_eq!(super::node_filter(&port), "tcp.srcport == 43874");
        let host = node(Field::HttpHost, Value::Str("a \"b\"".into()));
        assert_eq!(super::node_filter(&host), "http.host == \"a \\\"b\\\"\"");
        let tcp = node(Field::Tcp, Value::None);
        assert_eq!(super::node_filter(&tcp), "tcp");
        for n in [port, host, tcp] {
            let f = super::node_filter(&n);
            assert!(crate::filter::Filter::compile(&f).is_ok(), "{f}");
        }
    }

    #[test]
    fn hex_dump_lines_up() {
        let dump = hex_dump(b"GET / HTTP/1.1\r\nHost");
        assert_eq!(
            dump,
            "0000  47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1..\n\
             0010  48 6f 73 74                                      Host\n"
        );
    }
}
