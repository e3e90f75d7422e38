//! The Packet Builder's state: the packet being edited (a [`Draft`]), what is typed in each
//! field's editor and the hex editor, and the send form. Templates, "Edit and Resend" on a
//! captured packet and imported hex all start one. Adding and removing layers goes through
//! the packet's text form.

use crate::craft::{self, Draft, Proto, Spec};
use crate::dissect::LinkType;
use std::collections::HashMap;

/// Starting points of the builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// ICMP echo request.
    IcmpEcho,
    /// A UDP datagram with a payload.
    Udp,
    /// A TCP SYN with an MSS option.
    TcpSyn,
    /// A DNS query for an A record.
    DnsQuery,
    /// An ARP request.
    ArpRequest,
    /// ICMPv6 echo request.
    Icmpv6Echo,
}

impl Template {
    /// Every template, in menu order.
    pub const ALL: [Template; 6] = [
        Template::IcmpEcho,
        Template::Udp,
        Template::TcpSyn,
        Template::DnsQuery,
        Template::ArpRequest,
        Template::Icmpv6Echo,
    ];

    /// Its name in the menu.
    pub fn label(self) -> &'static str {
        match self {
            Template::IcmpEcho => "ICMP echo request",
            Template::Udp => "UDP datagram",
            Template::TcpSyn => "TCP SYN",
            Template::DnsQuery => "DNS query",
            Template::ArpRequest => "ARP request",
            Template::Icmpv6Echo => "ICMPv6 echo request",
        }
    }

    /// Its packet, as text (documentation addresses from 198.18.0.0/15 and 2001:db8::/32).
    pub fn spec(self) -> &'static str {
        match self {
            Template::IcmpEcho => {
                "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/ip(src=198.18.0.1,\
                 dst=198.18.0.2)/icmp(type=8,ident=1,seq=1)/data(data=\"wirelens ping\")"
            }
            Template::Udp => {
                "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/ip(src=198.18.0.1,\
                 dst=198.18.0.2)/udp(srcport=40000,dstport=9)/data(data=\"hello\")"
            }
            Template::TcpSyn => {
                "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/ip(src=198.18.0.1,\
                 dst=198.18.0.2,flags.df=1)/tcp(srcport=40000,dstport=80,seq=1000,\
                 window_size_value=64240,options.mss_val=1460)"
            }
            Template::DnsQuery => {
                "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/ip(src=198.18.0.1,\
                 dst=198.18.0.2)/udp(srcport=53000,dstport=53)/dns(id=0x1234,\
                 qry.name=\"example.com\",qry.type=1)"
            }
            Template::ArpRequest => {
                "eth(src=02:00:00:00:00:01,dst=ff:ff:ff:ff:ff:ff)/arp(opcode=1,\
                 src.hw_mac=02:00:00:00:00:01,src.proto_ipv4=198.18.0.1,\
                 dst.proto_ipv4=198.18.0.2)"
            }
            Template::Icmpv6Echo => {
                "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/ipv6(src=2001:db8::1,\
                 dst=2001:db8::2)/icmpv6(type=128,echo.identifier=1,echo.sequence_number=1)/\
                 data(data=\"wirelens ping\")"
            }
        }
    }
}

/// How the builder paces what it sends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SendPace {
    /// As fast as the interface takes them.
    TopSpeed,
    /// Packets per second.
    Rate(f64),
    /// Seconds between packets.
    Interval(f64),
}

/// The send form.
#[derive(Debug, Clone, PartialEq)]
pub struct SendForm {
    /// Interface name.
    pub interface: String,
    /// How many copies.
    pub count: u64,
    /// How fast.
    pub pace: SendPace,
    /// Listen for replies this many seconds after the last packet (`None`: do not).
    pub replies_s: Option<f64>,
}

impl Default for SendForm {
    fn default() -> Self {
        SendForm {
            interface: String::new(),
            count: 1,
            pace: SendPace::Rate(10.0),
            replies_s: Some(1.0),
        }
    }
}

/// The builder window's state.
pub struct Builder {
    /// The packet.
    pub draft: Draft,
    /// The packet's text form as shown and typed.
    pub spec_text: String,
    /// Why the typed text form does not build.
    pub spec_error: Option<String>,
    /// Text typed in a field's editor, by tree node (until applied or discarded).
    pub editing: HashMap<usize, String>,
    /// Why a field's typed text is not a value, by tree node.
    pub errors: HashMap<usize, String>,
    /// The hex editor's text.
    pub hex_text: String,
    /// Why the hex text is not hex.
    pub hex_error: Option<String>,
    /// The send form.
    pub send: SendForm,
    /// The reply shown in detail (index into the last run's probes).
    pub shown_reply: Option<usize>,
}

impl Builder {
    /// A builder on `bytes` of link type `link`.
    pub fn new(link: LinkType, bytes: Vec<u8>) -> Builder {
        let draft = Draft::new(link, bytes);
        let mut b = Builder {
            spec_text: String::new(),
            spec_error: None,
            editing: HashMap::new(),
            errors: HashMap::new(),
            hex_text: String::new(),
            hex_error: None,
            send: SendForm::default(),
            shown_reply: None,
            draft,
        };
        b.refresh_texts();
        b
    }

    /// A builder on a template's packet.
    pub fn from_template(t: Template) -> Builder {
        let bytes = craft::parse(t.spec())
            .and_then(|s| craft::build(&s, 0, 0))
            .unwrap_or_default();
        Builder::new(LinkType::ETHERNET, bytes)
    }

    /// Shows the draft's text form and hex again (after a change made elsewhere).
    pub fn refresh_texts(&mut self) {
        self.spec_text =
            craft::from_packet::spec_of(self.draft.link, &self.draft.bytes).to_string();
        self.spec_error = None;
        self.hex_text = hex_lines(&self.draft.bytes);
        self.hex_error = None;
        self.editing.clear();
        self.errors.clear();
    }

    /// Builds the typed text form; on success the draft becomes it (the original stays for
    /// the diff).
    pub fn apply_spec(&mut self) {
        match craft::parse(&self.spec_text).and_then(|s| craft::build(&s, 0, 0)) {
            Ok(bytes) => {
                let link = link_of(&self.spec_text, self.draft.link);
                self.replace_bytes(link, bytes);
            }
            Err(e) => self.spec_error = Some(e.render(&self.spec_text)),
        }
    }

    /// Replaces the packet keeping the original for the diff.
    fn replace_bytes(&mut self, link: LinkType, bytes: Vec<u8>) {
        let original = std::mem::take(&mut self.draft.original);
        self.draft = Draft::new(link, bytes);
        self.draft.original = original;
        self.refresh_texts();
    }

    /// Applies typed hex (as you type: invalid text only shows why).
    pub fn apply_hex(&mut self) {
        match craft::hexdump::parse(&self.hex_text) {
            Ok(packets) => {
                let bytes = packets.into_iter().next().unwrap_or_default();
                if bytes != self.draft.bytes {
                    self.draft.set_bytes(bytes);
                    self.spec_text =
                        craft::from_packet::spec_of(self.draft.link, &self.draft.bytes).to_string();
                    self.editing.clear();
                    self.errors.clear();
                }
                self.hex_error = None;
            }
            Err(e) => self.hex_error = Some(e.to_string()),
        }
    }

    /// Checks the text typed for node `index`; `Some(error)` when it is not a value.
    pub fn check_field(&mut self, index: usize) {
        let (Some(text), Some(node)) = (self.editing.get(&index), self.draft.tree.nodes.get(index))
        else {
            return;
        };
        match craft::draft::parse_for(node.field, text) {
            Ok(_) => {
                self.errors.remove(&index);
            }
            Err(e) => {
                self.errors.insert(index, e.message);
            }
        }
    }

    /// Writes the text typed for node `index` into the packet.
    pub fn apply_field(&mut self, index: usize) {
        let Some(text) = self.editing.get(&index).cloned() else {
            return;
        };
        match self.draft.set_text(index, &text) {
            Ok(()) => {
                let hex = hex_lines(&self.draft.bytes);
                self.hex_text = hex;
                self.spec_text =
                    craft::from_packet::spec_of(self.draft.link, &self.draft.bytes).to_string();
                self.editing.clear();
                self.errors.clear();
            }
            Err(e) => {
                self.errors.insert(index, e.message);
            }
        }
    }

    /// Inserts a layer of `proto` right after layer number `after` (0-based, of the spec).
    pub fn add_layer(&mut self, after: usize, proto: Proto) {
        let mut spec = craft::from_packet::spec_of(self.draft.link, &self.draft.bytes);
        let at = (after + 1).min(spec.layers.len());
        spec.layers.insert(
            at,
            craft::LayerSpec {
                proto,
                fields: Vec::new(),
                span: 0..0,
            },
        );
        self.rebuild(&spec);
    }

    /// Removes layer number `index` of the spec.
    pub fn remove_layer(&mut self, index: usize) {
        let mut spec = craft::from_packet::spec_of(self.draft.link, &self.draft.bytes);
        if index < spec.layers.len() && spec.layers.len() > 1 {
            spec.layers.remove(index);
            self.rebuild(&spec);
        }
    }

    fn rebuild(&mut self, spec: &Spec) {
        let text = spec.to_string();
        // Derived fields of the old layers are recomputed for the new neighbours.
        let text = strip_derived(&text);
        self.spec_text = text;
        self.apply_spec();
    }
}

/// The spec's layers without the derived fields pinned from the old packet.
fn strip_derived(text: &str) -> String {
    let Ok(mut spec) = craft::parse(text) else {
        return text.to_string();
    };
    for l in &mut spec.layers {
        let proto = l.proto;
        l.fields.retain(|a| !proto.is_derived(a.field));
    }
    spec.to_string()
}

/// Ethernet unless the text form starts with an IP layer.
fn link_of(spec: &str, default: LinkType) -> LinkType {
    craft::parse(spec)
        .map(|s| craft::link_of_spec(&s))
        .unwrap_or(default)
}

/// Bytes as hex, 16 per line.
pub fn hex_lines(bytes: &[u8]) -> String {
    bytes
        .chunks(16)
        .map(|c| {
            c.iter()
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::{Builder, Template};
    use crate::craft::Proto;
    use crate::dissect::Field;

    #[test]
    fn every_template_builds_a_packet() {
        for t in Template::ALL {
            let b = Builder::from_template(t);
            assert!(!b.draft.bytes.is_empty(), "{t:?}");
            assert!(b.spec_error.is_none());
        }
    }

    #[test]
    fn layers_are_added_and_removed_with_lengths_recomputed() {
        let mut b = Builder::from_template(Template::Udp);
        let before = b.draft.bytes.len();
        b.add_layer(0, Proto::Vlan);
        assert_eq!(b.draft.bytes.len(), before + 4, "{}", b.spec_text);
        assert!(b.spec_text.starts_with("eth("), "{}", b.spec_text);
        assert!(b.spec_text.contains("/vlan/ip("), "{}", b.spec_text);
        b.remove_layer(1);
        assert_eq!(b.draft.bytes.len(), before);
        // The diff is against the very first packet.
        assert!(b.draft.diff().is_empty());
    }

    #[test]
    fn typing_a_field_checks_then_applies_it() {
        let mut b = Builder::from_template(Template::IcmpEcho);
        let ttl = b
            .draft
            .tree
            .nodes
            .iter()
            .position(|n| n.field == Field::IpTtl)
            .expect("ttl");
        b.editing.insert(ttl, "300".into());
        b.check_field(ttl);
        assert!(
            b.errors
                .get(&ttl)
                .is_some_and(|e| e.contains("does not fit"))
        );
        b.editing.insert(ttl, "9".into());
        b.check_field(ttl);
        assert!(b.errors.is_empty());
        b.apply_field(ttl);
        assert_eq!(b.draft.bytes[22], 9);
        assert!(b.spec_text.contains("ttl=9"), "{}", b.spec_text);
    }
}
