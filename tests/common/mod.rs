//! Shared comparison code for the tshark oracle tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use wirelens::dissect::Field;
use wirelens::filter::Filter;
use wirelens::session::Session;

/// Protocols (as `frame.protocols` names them) whose packets we compare.
const DISSECTED: &[&str] = &[
    "eth",
    "ethertype",
    "vlan",
    "sll",
    "null",
    "raw",
    "ipnet",
    "ip",
    "ipv6",
    "ipv6.hopopts",
    "ipv6.routing",
    "ipv6.dstopts",
    "ipv6.fraghdr",
    "arp",
    "icmp",
    "icmpv6",
    "igmp",
    "mpls",
    "pppoed",
    "pppoes",
    "ppp",
    "lcp",
    "ipcp",
    "ipv6cp",
    "ccp",
    "pap",
    "chap",
    "vrrp",
    "hsrp",
    "tcp",
    "udp",
    "dns",
    "mdns",
    "llmnr",
    "http",
    "tls",
    "dhcp",
    "dhcpv6",
    "ntp",
    "ssdp",
    "nbns",
    "nbdgm",
    "smb",
    "browser",
    "ftp",
    "ftp-data",
    "ssh",
    "sip",
    "sdp",
    "rtp",
    "rtpevent",
    "rtcp",
    "eapol",
    "eap",
    "sctp",
    "wg",
    "quic",
    "smtp",
    "imf",
    "pop",
    "imap",
    "stp",
    "llc",
    "radiotap",
    "wlan_radio",
    "wlan",
    "data",
    "data-text-lines",
    "media",
    "xml",
    "json",
];

/// Captures whose damaged timestamps tshark prints unnormalised (a fraction of ≥ 10⁹ ns, or
/// a negative time from a 32-bit overflow); wirelens normalises them. Only the time fields of
/// these files are exempt.
const UNNORMALISED_TIMESTAMPS: &[&str] = &[
    "timestamp_invalid_micro.pcap",
    "timestamp_invalid_nano.pcap",
    "rx_serviceid_oobr.pcap",
];

/// Packets (fuzzed crash-regression captures, and two of our RTP capture) where wirelens knowingly differs from
/// tshark 4.0, with the reason. Everything else must match exactly.
const KNOWN_DIVERGENCES: &[(&str, usize, &str)] = &[
    (
        "icmp-cksum-oobr-1.pcap",
        1,
        "tshark finds RTCP in an ICMP-quoted datagram (and numbers its stream); wirelens does not",
    ),
    (
        "rtp-call.pcap",
        22,
        "tshark's udp.stream follows the SDP's per-endpoint conversations: a reverse direction first seen after the SDP gets a stream of its own",
    ),
    (
        "rtp-call.pcap",
        23,
        "tshark's udp.stream follows the SDP's per-endpoint conversations: a reverse direction first seen after the SDP gets a stream of its own",
    ),
    (
        "icmp-cksum-oobr-4.pcapng",
        1,
        "a quoted UDP payload after RFC 4884 ICMP extensions is not shown as data",
    ),
    (
        "icmp-cksum-oobr-2.pcap",
        1,
        "a quoted UDP payload after RFC 4884 ICMP extensions is not shown as data",
    ),
    (
        "icmp-rfc5837.pcap",
        1,
        "a quoted UDP payload after RFC 4884 ICMP extensions is not shown as data",
    ),
    (
        "icmp_inft_name_length_zero.pcap",
        1,
        "a quoted UDP payload after RFC 4884 ICMP extensions is not shown as data",
    ),
    (
        "mpls-traceroute.pcap",
        2,
        "a quoted UDP payload after RFC 4884 ICMP extensions is not shown as data",
    ),
    (
        "mpls-traceroute.pcap",
        4,
        "a quoted UDP payload after RFC 4884 ICMP extensions is not shown as data",
    ),
    (
        "mpls-traceroute.pcap",
        6,
        "a quoted UDP payload after RFC 4884 ICMP extensions is not shown as data",
    ),
    (
        "mpls-traceroute.pcap",
        8,
        "a quoted UDP payload after RFC 4884 ICMP extensions is not shown as data",
    ),
    (
        "mpls-traceroute.pcap",
        10,
        "a quoted UDP payload after RFC 4884 ICMP extensions is not shown as data",
    ),
    (
        "mpls-traceroute.pcap",
        12,
        "a quoted UDP payload after RFC 4884 ICMP extensions is not shown as data",
    ),
    (
        "arp-oobr.pcap",
        186,
        "tshark dissects a second ARP header found in the trailer",
    ),
    (
        "icmp6-rfc8335.pcap",
        1,
        "ICMP extension objects (RFC 4884) are not dissected",
    ),
    (
        "icmp6-rfc8335.pcap",
        3,
        "ICMP extension objects (RFC 4884) are not dissected",
    ),
    (
        "icmp6-rfc8335.pcap",
        5,
        "ICMP extension objects (RFC 4884) are not dissected",
    ),
    (
        "ipv6-next-header-oobr-1.pcap",
        1,
        "malformed jumbogram: tshark stops after hop-by-hop",
    ),
    (
        "ipv6-too-long-jumbo.pcap",
        1,
        "jumbo length beyond the frame: tshark stops after hop-by-hop",
    ),
    (
        "pgm_opts_asan.pcap",
        1,
        "Wireshark's PGM dissector (not implemented here) throws before adding its layer",
    ),
    (
        "pgm_opts_asan_2.pcap",
        1,
        "Wireshark's PGM dissector (not implemented here) throws before adding its layer",
    ),
    (
        "pgm_opts_asan_3.pcap",
        1,
        "Wireshark's PGM dissector (not implemented here) throws before adding its layer",
    ),
    (
        "bootp_asan.pcap",
        1,
        "truncated BOOTP: tshark stops before yiaddr, wirelens shows the captured bytes",
    ),
    (
        "rx_serviceid_oobr.pcap",
        1,
        "truncated BOOTP: tshark stops before yiaddr, wirelens shows the captured bytes",
    ),
    (
        "nfs-write-verf-cookie.pcapng",
        1,
        "SSLv2 records are not dissected",
    ),
    (
        "nfs-write-verf-cookie.pcapng",
        2,
        "SSLv2 records are not dissected",
    ),
    (
        "llc-xid-heapoverflow.pcap",
        1,
        "link type 100 (ATM RFC 1483, LLC-encapsulated) is not dissected",
    ),
    (
        "ntp-mode7.pcap",
        8,
        "NTP private (mode 7) PEER_LIST_SUM items are not dissected",
    ),
    (
        "ieee802.11_meshhdr-oobr.pcap",
        1,
        "802.11 Mesh Control in a fuzzed frame is not parsed: tshark stops, wirelens shows data",
    ),
    (
        "hncp_dhcpv4data-oobr.pcap",
        1,
        "IPv4 with options cut by the snapshot: tshark still dissects UDP",
    ),
];

/// TCP ports whose PDUs wirelens reassembles (same table as the dissectors).
fn reassembled_by_us(ports: &str) -> bool {
    ports
        .split(',')
        .filter_map(|p| p.parse::<u16>().ok())
        .any(|p| wirelens::dissect::app::for_tcp_ports(p, p).is_some())
}

/// Totals and mismatches of a field comparison.
pub struct Report {
    /// Packets whose Protocol column equals tshark's.
    pub protocol_column_equal: usize,
    /// Packets whose Info column equals tshark's.
    pub info_column_equal: usize,
    pub packets_compared: usize,
    pub packets_skipped: usize,
    pub values_compared: usize,
    pub mismatches: BTreeMap<String, (usize, Vec<String>)>,
}

/// True when every protocol of a tshark stack (`eth:ethertype:ip:tcp`) is one we dissect.
pub fn stack_dissected(stack: &str) -> bool {
    stack.split(':').all(|p| DISSECTED.contains(&p))
}

/// True for captures whose damaged time stamps tshark prints unnormalised.
pub fn unnormalised_timestamps(capture: &str) -> bool {
    UNNORMALISED_TIMESTAMPS.contains(&capture)
}

/// The capture a golden file `<capture>.tsv` was made from.
pub fn capture_of(golden: &Path) -> Option<PathBuf> {
    capture_for(golden)
}

pub fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/fields")
}

fn capture_for(golden: &Path) -> Option<PathBuf> {
    let name = golden.file_name()?.to_str()?.strip_suffix(".tsv")?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        root.join("tests/corpus/tcpdump").join(name),
        root.join("tests/captures").join(name),
    ]
    .into_iter()
    .find(|p| p.exists())
}

/// Compares a golden file with wirelens on the capture it was made from.
pub fn compare_file(golden: &Path, report: &mut Report) {
    let Some(capture) = capture_for(golden) else {
        return;
    };
    let text = std::fs::read_to_string(golden).unwrap_or_default();
    compare_text(&capture, &text, report);
}

/// Compares `tshark -T fields -E header=y` output (`text`) with wirelens on `capture`.
pub fn compare_text(capture: &Path, text: &str, report: &mut Report) {
    let capture = capture.to_path_buf();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let fields: Vec<Option<Field>> = header.iter().map(|n| Field::by_name(n)).collect();
    let proto_col = header.iter().position(|h| *h == "frame.protocols");
    let Ok(session) = Session::open(&capture) else {
        report
            .mismatches
            .entry("<open>".into())
            .or_default()
            .1
            .push(capture.display().to_string());
        return;
    };
    for (i, line) in lines.enumerate() {
        let want: Vec<&str> = line.split('\t').collect();
        let stack = proto_col.and_then(|c| want.get(c)).copied().unwrap_or("");
        let col = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .and_then(|c| want.get(c))
                .copied()
                .unwrap_or("")
        };
        // A segment of a PDU that a dissector we do not have reassembled (BGP, SSH, …).
        let foreign_segment = col("_ws.col.Info").contains("[TCP segment of a reassembled PDU]")
            && !reassembled_by_us(col("tcp.port"));
        if foreign_segment || stack.split(':').any(|p| !DISSECTED.contains(&p)) {
            report.packets_skipped += 1;
            continue;
        }
        let file_name = capture
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if KNOWN_DIVERGENCES
            .iter()
            .any(|(f, n, _)| *f == file_name && *n == i + 1)
        {
            report.packets_skipped += 1;
            continue;
        }
        let time_exempt = UNNORMALISED_TIMESTAMPS.contains(&file_name.as_str());
        let (Ok(frame), Some(info)) = (session.bytes(i), session.frame_info(i)) else {
            report
                .mismatches
                .entry("<missing packet>".into())
                .or_default()
                .0 += 1;
            continue;
        };
        let d = wirelens::dissect::dissect(&info, &frame, &session.context(i), false);
        report.packets_compared += 1;
        {
            let s = wirelens::dissect::dissect_summary(&info, &frame, &session.context(i))
                .tree
                .summary;
            report.protocol_column_equal += usize::from(s.protocol == col("_ws.col.Protocol"));
            report.info_column_equal += usize::from(s.info == col("_ws.col.Info"));
            if std::env::var_os("WIRELENS_SHOW_COLUMNS").is_some()
                && (s.protocol != col("_ws.col.Protocol") || s.info != col("_ws.col.Info"))
            {
                eprintln!(
                    "COL\t{}\t{}\t{}\t{}",
                    col("_ws.col.Protocol"),
                    s.protocol,
                    col("_ws.col.Info"),
                    s.info
                );
            }
        }
        for (k, field) in fields.iter().enumerate() {
            let Some(field) = field else { continue };
            if time_exempt && field.name().starts_with("frame.time") {
                continue;
            }
            let got = d.tree.texts(*field, &frame).collect::<Vec<_>>().join(",");
            let expected = want.get(k).copied().unwrap_or("");
            report.values_compared += 1;
            if got != expected {
                let e = report
                    .mismatches
                    .entry(field.name().to_string())
                    .or_default();
                e.0 += 1;
                if e.1.len() < 40 {
                    let clip = |s: &str| s.chars().take(120).collect::<String>();
                    let (expected, got) = (clip(expected), clip(&got));
                    let name = capture
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    e.1.push(format!(
                        "{name}#{}: tshark {expected:?} wirelens {got:?}",
                        i + 1
                    ));
                }
            }
        }
    }
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Report {
            protocol_column_equal: 0,
            info_column_equal: 0,
            packets_compared: 0,
            packets_skipped: 0,
            values_compared: 0,
            mismatches: BTreeMap::new(),
        }
    }

    /// A readable summary with examples.
    pub fn summary(&self, files: usize) -> String {
        let pct = |n: usize| 100.0 * n as f64 / self.packets_compared.max(1) as f64;
        let mut summary = format!(
            "{files} captures, {} packets compared ({} skipped: protocols we do not dissect), {} values\n\
             columns equal to tshark's: Protocol {:.1}%, Info {:.1}%\n",
            self.packets_compared,
            self.packets_skipped,
            self.values_compared,
            pct(self.protocol_column_equal),
            pct(self.info_column_equal)
        );
        let mut rows: Vec<_> = self.mismatches.iter().collect();
        rows.sort_by_key(|(_, (n, _))| std::cmp::Reverse(*n));
        for (field, (n, examples)) in &rows {
            summary.push_str(&format!("{field}: {n} mismatches\n"));
            for e in examples {
                summary.push_str(&format!("    {e}\n"));
            }
        }
        summary
    }
}

/// Runs every `filter TAB frames` line against wirelens; returns the differences.
pub fn compare_filters(session: &Session, name: &str, lines: &str) -> (usize, Vec<String>) {
    let mut compared = 0;
    let mut failures = Vec::new();
    for line in lines.lines() {
        let (text, frames) = line.split_once('\t').unwrap_or((line, ""));
        let filter = match Filter::compile(text) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{text}: does not compile: {}", e.render(text)));
                continue;
            }
        };
        let got: Vec<String> = session
            .filter(&filter)
            .iter()
            .map(|i| (i + 1).to_string())
            .collect();
        let got = got.join(",");
        compared += 1;
        if got != frames {
            let clip = |s: &str| s.chars().take(100).collect::<String>();
            failures.push(format!(
                "{name}: {text}\n    tshark   {}\n    wirelens {}",
                clip(frames),
                clip(&got)
            ));
        }
    }
    (compared, failures)
}

/// Field names of tests/golden/FIELDS.
pub fn field_list() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join("tests/golden/FIELDS"))
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}
