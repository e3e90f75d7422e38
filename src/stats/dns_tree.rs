//! `-z dns,tree`: DNS messages (not mDNS or LLMNR: tshark's tap leaves them out) by rcode, opcode, query type and
//! class, sizes and counts, and request/response times as tshark's DNS tap matches them.

use super::stats_tree::{NodeId, StatsTree};
use crate::dissect::context::DnsMatch;
use crate::dissect::field::Field;
use crate::dissect::names;
use crate::dissect::tree::Tree;
use crate::dissect::value::Value;
use crate::session::{JobControl, Session};

/// What the DNS tap reports for one message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DnsMessage {
    id: u64,
    response: bool,
    opcode: u64,
    rcode: u64,
    qtype: u64,
    qclass: u64,
    payload: usize,
    qname_len: usize,
    labels: usize,
    counts: [i64; 4],
}

/// The DNS messages of one dissected frame, in order; none when DNS found the frame
/// malformed or cut short (tshark's tap is reached only at the end of a message).
pub fn messages(tree: &Tree) -> Vec<DnsMessage> {
    let mut out = Vec::new();
    let broken = tree
        .notes
        .iter()
        .any(|n| n.layer == "dns" && n.severity == crate::dissect::tree::Severity::Error);
    if broken {
        return out;
    }
    let mut current: Option<(DnsMessage, bool)> = None;
    for n in &tree.nodes {
        if n.depth == 0 {
            out.extend(current.take().map(|(m, _)| m));
            if n.field == Field::Dns {
                let m = DnsMessage {
                    payload: n.range.len(),
                    ..DnsMessage::default()
                };
                current = Some((m, false));
            }
            continue;
        }
        let Some((m, seen_query)) = current.as_mut() else {
            continue;
        };
        let number = match n.value {
            Value::UInt(v) => v,
            Value::Bool(b) => u64::from(b),
            _ => 0,
        };
        match n.field {
            Field::DnsId => m.id = number,
            Field::DnsFlagsResponse => m.response = number != 0,
            Field::DnsFlagsOpcode => m.opcode = number,
            Field::DnsFlagsRcode => m.rcode = number,
            Field::DnsCountQueries | Field::DnsCountZones => m.counts[0] = number as i64,
            Field::DnsCountAnswers | Field::DnsCountPrerequisites => m.counts[1] = number as i64,
            Field::DnsCountAuthRr | Field::DnsCountUpdates => m.counts[2] = number as i64,
            Field::DnsCountAddRr => m.counts[3] = number as i64,
            Field::DnsQryName if !*seen_query => {
                if let Value::Str(name) = &n.value {
                    (m.qname_len, m.labels) = name_facts(name);
                }
            }
            Field::DnsQryType if !*seen_query => m.qtype = number,
            Field::DnsQryClass if !*seen_query => {
                m.qclass = number;
                *seen_query = true;
            }
            _ => {}
        }
    }
    out.extend(current.map(|(m, _)| m));
    out
}

/// Length and label count of a query name as the tap measures them (the root is counted
/// as its text, `<Root>`).
fn name_facts(name: &str) -> (usize, usize) {
    let labels = if name.len() > 1 {
        name.bytes().filter(|&b| b == b'.').count() + 1
    } else {
        0
    };
    (name.len(), labels)
}

/// How a response relates to the queries seen before it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Matched {
    Unsolicited,
    Retransmission,
    Answer { rtt_ms: f64 },
}

impl Matched {
    /// From the index's matching of the frame's (first) DNS message.
    fn of(found: Option<&DnsMatch>) -> Matched {
        match found {
            Some(DnsMatch::Answer { rtt_ns, .. }) => Matched::Answer {
                rtt_ms: *rtt_ns as f64 / 1e6,
            },
            Some(DnsMatch::ResponseRetransmission { .. }) => Matched::Retransmission,
            _ => Matched::Unsolicited,
        }
    }
}

/// The nodes tshark creates before any packet.
struct Nodes {
    packets: NodeId,
    pivots: [NodeId; 5],
    size: NodeId,
    qname_len: NodeId,
    labels: [NodeId; 4],
    counts: [NodeId; 4],
    rtt: NodeId,
    unsolicited: NodeId,
    retransmissions: NodeId,
}

impl Nodes {
    fn new(t: &mut StatsTree) -> Self {
        let packets = t.node(None, "Total Packets");
        let pivots = ["rcode", "opcodes", "Query/Response", "Query Type", "Class"]
            .map(|name| t.node(Some(packets), name));
        let size = t.node(None, "Payload size");
        let query = t.node(None, "Query Stats");
        let qname_len = t.node(Some(query), "Qname Len");
        let label_stats = t.node(Some(query), "Label Stats");
        let labels = ["1st Level", "2nd Level", "3rd Level", "4th Level or more"]
            .map(|name| t.node(Some(label_stats), name));
        let response = t.node(None, "Response Stats");
        let counts = [
            "no. of questions",
            "no. of answers",
            "no. of authorities",
            "no. of additionals",
        ]
        .map(|name| t.node(Some(response), name));
        let service = t.node(None, "Service Stats");
        Nodes {
            packets,
            pivots,
            size,
            qname_len,
            labels,
            counts,
            rtt: t.node(Some(service), "request-response time (msec)"),
            unsolicited: t.node(Some(service), "no. of unsolicited responses"),
            retransmissions: t.node(Some(service), "no. of retransmissions"),
        }
    }

    fn count(&self, t: &mut StatsTree, m: &DnsMessage, matched: Option<Matched>) {
        t.tick(self.packets);
        let [rcode, opcode, qr, qtype, qclass] = self.pivots;
        t.tick_pivot(rcode, &rcode_name(m.rcode));
        t.tick_pivot(opcode, &opcode_name(m.opcode));
        t.tick_pivot(qr, if m.response { "Response" } else { "Query" });
        t.tick_pivot(qtype, &type_description(m.qtype));
        t.tick_pivot(qclass, &class_name(m.qclass));
        t.add_int(self.size, m.payload as i64);
        let Some(matched) = matched else {
            t.add_int(self.qname_len, m.qname_len as i64);
            let level = m.labels.clamp(1, 4) - 1;
            if let Some(&node) = self.labels.get(level) {
                t.tick(node);
            }
            return;
        };
        self.add_counts(t, m);
        if matched == Matched::Unsolicited {
            t.tick(self.unsolicited);
            return;
        }
        // tshark's tap adds a matched response's counts a second time.
        self.add_counts(t, m);
        match matched {
            Matched::Retransmission => t.tick(self.retransmissions),
            Matched::Answer { rtt_ms } => t.add_float(self.rtt, rtt_ms),
            Matched::Unsolicited => {}
        }
    }

    fn add_counts(&self, t: &mut StatsTree, m: &DnsMessage) {
        for (node, value) in self.counts.iter().zip(m.counts) {
            t.add_int(*node, value);
        }
    }
}

/// One frame's index, time and DNS messages.
type FrameMessages = (usize, f64, Vec<DnsMessage>);

/// The tree over the `tapped` ones of `packets` (0-based, ascending); queries and responses
/// are matched as the index matched them over the whole capture (dissection matches them
/// whatever the tap's filter; only a frame's first message is matched). `None` if cancelled.
pub fn tally(session: &Session, packets: &[usize], control: &JobControl) -> Option<StatsTree> {
    let per_frame: Vec<FrameMessages> = super::per_packet(packets, control, |i| {
        let d = session.dissect(i, false).ok()?;
        let found = messages(&d.tree);
        (!found.is_empty()).then(|| (i, super::relative_ms(session, i), found))
    })?;
    let mut tree = StatsTree::new("DNS");
    let nodes = Nodes::new(&mut tree);
    for (i, ms, found) in per_frame {
        let matched = u32::try_from(i)
            .ok()
            .and_then(|key| session.dns_matches.get(&key));
        for (k, m) in found.iter().enumerate() {
            tree.packet(ms);
            let matched = m.response.then(|| Matched::of(matched.filter(|_| k == 0)));
            nodes.count(&mut tree, m, matched);
        }
    }
    Some(tree)
}

fn rcode_name(rcode: u64) -> String {
    u16::try_from(rcode)
        .ok()
        .and_then(names::dns_rcode)
        .map_or_else(|| format!("Unknown rcode ({rcode})"), str::to_string)
}

fn opcode_name(opcode: u64) -> String {
    u16::try_from(opcode)
        .ok()
        .and_then(names::dns_opcode)
        .map_or_else(|| format!("Unknown opcode ({opcode})"), str::to_string)
}

fn class_name(class: u64) -> String {
    match class {
        1 => "IN".into(),
        2 => "CS".into(),
        3 => "CH".into(),
        4 => "HS".into(),
        254 => "NONE".into(),
        255 => "ANY".into(),
        _ => format!("Unknown class ({class})"),
    }
}

/// Wireshark's descriptions of DNS record types.
fn type_description(qtype: u64) -> String {
    let text = match qtype {
        0 => "Unused",
        1 => "A (Host Address)",
        2 => "NS (authoritative Name Server)",
        3 => "MD (Mail Destination)",
        4 => "MF (Mail Forwarder)",
        5 => "CNAME (Canonical NAME for an alias)",
        6 => "SOA (Start Of a zone of Authority)",
        7 => "MB (MailBox domain name)",
        8 => "MG (Mail Group member)",
        9 => "MR (Mail Rename domain)",
        10 => "NULL RR",
        11 => "WKS (Well Known Service)",
        12 => "PTR (domain name PoinTeR)",
        13 => "HINFO (host information)",
        14 => "MINFO (Mailbox or mail list information)",
        15 => "MX (Mail eXchange)",
        16 => "TXT (Text strings)",
        17 => "RP (Responsible Person)",
        18 => "AFSDB (AFS Data Base location)",
        24 => "SIG (security signature)",
        25 => "KEY (security key)",
        28 => "AAAA (IPv6 Address)",
        29 => "LOC (Location Information)",
        30 => "NXT (Next Domain)",
        33 => "SRV (Server Selection)",
        35 => "NAPTR (Naming Authority Pointer)",
        36 => "KX (Key Exchanger)",
        37 => "CERT",
        38 => "A6 (OBSOLETE - use AAAA)",
        39 => "DNAME",
        41 => "OPT",
        42 => "APL",
        43 => "DS (Delegation Signer)",
        44 => "SSHFP (SSH Key Fingerprint)",
        45 => "IPSECKEY",
        46 => "RRSIG (Resource Record Signature)",
        47 => "NSEC (Next Secure)",
        48 => "DNSKEY (DNS Public Key)",
        49 => "DHCID",
        50 => "NSEC3",
        51 => "NSEC3PARAM",
        52 => "TLSA",
        55 => "HIP (Host Identity Protocol)",
        59 => "CDS (Child DS)",
        60 => "CDNSKEY (DNSKEY(s) the Child wants reflected in DS)",
        61 => "OPENPGPKEY (OpenPGP Key)",
        62 => "CSYNC (Child-to-Parent Synchronization)",
        63 => "ZONEMD",
        64 => "SVCB (General Purpose Service Endpoints)",
        65 => "HTTPS (HTTPS Specific Service Endpoints)",
        99 => "SPF",
        249 => "TKEY (Transaction Key)",
        250 => "TSIG (Transaction Signature)",
        251 => "IXFR (incremental transfer)",
        252 => "AXFR (transfer of an entire zone)",
        253 => "MAILB (mailbox-related RRs)",
        254 => "MAILA (mail agent RRs)",
        255 => "* (A request for all records the server/cache has available)",
        256 => "URI",
        257 => "CAA (Certification Authority Restriction)",
        32768 => "TA (DNSSEC Trust Authorities)",
        32769 => "DLV (DNSSEC Lookaside Validation)",
        _ => return format!("Unknown packet type ({qtype})"),
    };
    text.to_string()
}
