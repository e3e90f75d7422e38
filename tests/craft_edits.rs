//! Edit and fix-up against tshark: 1,000 random field edits on packets of the test captures,
//! each followed by the fix-up, then tshark with IPv4/TCP/UDP checksum validation on finds
//! no bad checksum, and wirelens dissects every edited packet with tshark's field values.
//! Live (needs tshark; CI sets WIRELENS_REQUIRE_TSHARK).

mod common;

use std::process::Command;
use wirelens::craft::{Draft, wire};
use wirelens::dissect::checksum::Validation;
use wirelens::dissect::field::Kind;
use wirelens::dissect::{Field, LinkType, Value};
use wirelens::pcapfile::{Interface, OutputFormat, PacketToWrite, write_atomically};
use wirelens::session::Session;

/// Edits wanted in all.
const EDITS: usize = 1000;

/// A tiny reproducible generator for the test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        self.0 >> 17
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fields an edit may change: everything in the packet but what makes it another packet —
/// header lengths, versions and next-protocol numbers (the rest would be read as another
/// protocol), and what identifies its conversation (addresses, ports, sequence numbers, TCP
/// flags), which would move it to another stream and renumber the ones after it.
fn editable(field: Field) -> bool {
    let name = field.name();
    let identity = matches!(
        field,
        Field::IpSrc
            | Field::IpDst
            | Field::Ipv6Src
            | Field::Ipv6Dst
            | Field::TcpSrcPort
            | Field::TcpDstPort
            | Field::UdpSrcPort
            | Field::UdpDstPort
            | Field::TcpSeqRaw
            | Field::TcpAckRaw
            | Field::IpId
    ) || name.starts_with("tcp.flags");
    let structure = matches!(
        field,
        Field::IpVersion
            | Field::IpHdrLen
            | Field::Ipv6Version
            | Field::Ipv6Nxt
            | Field::IpProto
            | Field::TcpHdrLen
            | Field::EthType
            | Field::VlanEtype
            | Field::ArpHwSize
            | Field::ArpProtoSize
            | Field::IpFlags
            | Field::IpFlagsMf
            | Field::IpFragOffset
    );
    let payload = [
        "dns.",
        "dhcp.",
        "tls.",
        "http.",
        "tcp.option",
        "icmp.",
        "icmpv6.",
        "data",
    ]
    .iter()
    .any(|p| name.starts_with(p))
        || matches!(field, Field::TcpPayload | Field::UdpPayload);
    !(identity || structure || payload)
}

/// A random value of the same width for `field` stored in `bytes`.
fn random_value(rng: &mut Rng, field: Field, width: usize) -> Option<Value> {
    let def = field.def();
    Some(match def.kind {
        Kind::UInt { .. } | Kind::Int => {
            let bits = if def.mask != 0 {
                def.mask.count_ones()
            } else {
                (width as u32 * 8).min(63)
            };
            Value::UInt(rng.next() % (1u64 << bits))
        }
        Kind::Bool => Value::Bool(rng.next() & 1 == 1),
        Kind::Ipv4 => Value::Ipv4(std::net::Ipv4Addr::from(rng.next() as u32)),
        Kind::Ipv6 => Value::Ipv6(std::net::Ipv6Addr::from(
            (u128::from(rng.next()) << 64) | u128::from(rng.next()),
        )),
        Kind::Ether => {
            let v = rng.next().to_be_bytes();
            let mut m = [0u8; 6];
            m.copy_from_slice(&v[2..8]);
            m[0] &= 0xfe;
            Value::Ether(m)
        }
        Kind::Bytes => Value::Bytes((0..width).map(|_| rng.next() as u8).collect()),
        _ => return None,
    })
}

/// Packet `i` with one random edit; `None` when it has nothing to edit.
fn edit(rng: &mut Rng, session: &Session, i: usize) -> Option<Vec<u8>> {
    let bytes = session.bytes(i).ok()?;
    let link = session.frame_info(i)?.link;
    if link != LinkType::ETHERNET {
        return None;
    }
    let mut draft = Draft::new(link, bytes);
    let editable: Vec<usize> = draft
        .tree
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| wire::not_editable(n).is_none())
        .filter(|(_, n)| !Draft::is_derived(n) && editable(n.field))
        .map(|(k, _)| k)
        .collect();
    let node = *editable.get(rng.below(editable.len()))?;
    let n = draft.tree.nodes.get(node)?;
    let value = random_value(rng, n.field, n.range.len())?;
    draft.set(node, &value).ok()?;
    Some(draft.bytes)
}

fn tshark_ok() -> bool {
    let ok = Command::new("tshark")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("WIRELENS_REQUIRE_TSHARK").is_none(),
        "tshark is required here but missing"
    );
    ok
}

#[test]
fn a_thousand_random_edits_leave_no_bad_checksum_for_tshark() {
    if !tshark_ok() {
        eprintln!("skipped: tshark is not installed");
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let session = Session::open(&root.join("tests/captures/mixed-2k.pcapng")).expect("open");
    let mut rng = Rng(20_261_201);
    // Every packet in capture order, each with one edit when it has an editable field (so
    // streams and reassembly stay what they were).
    let mut edited = Vec::new();
    let mut edits = 0;
    for i in 0..session.len() {
        match edit(&mut rng, &session, i) {
            Some(bytes) => {
                edits += 1;
                edited.push(bytes);
            }
            None => edited.push(session.bytes(i).expect("bytes")),
        }
    }
    assert!(edits >= EDITS, "{edits} edits");
    let dir = std::env::temp_dir().join(format!("wirelens-edits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let file = dir.join("edited.pcap");
    let iface = Interface {
        link: LinkType::ETHERNET,
        snaplen: 262_144,
        ts_units_per_sec: 1_000_000_000,
        ts_offset_s: 0,
        name: None,
    };
    let packets = edited.iter().enumerate().map(|(k, b)| {
        Ok(PacketToWrite {
            ts_ns: 1_700_000_000_000_000_000 + k as i64 * 1_000_000,
            data: b.as_slice().into(),
            orig_len: b.len() as u32,
            interface: 0,
        })
    });
    write_atomically(&file, OutputFormat::Pcap, &[iface], packets).expect("write");
    let check = [
        "-o",
        "ip.check_checksum:TRUE",
        "-o",
        "udp.check_checksum:TRUE",
        "-o",
        "tcp.check_checksum:TRUE",
    ];
    let statuses = Command::new("tshark")
        .args(["-n", "-r"])
        .arg(&file)
        .args(check)
        .args(["-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"])
        .args([
            "-e",
            "frame.number",
            "-e",
            "ip.checksum.status",
            "-e",
            "udp.checksum.status",
        ])
        .args(["-e", "tcp.checksum.status", "-e", "icmp.checksum.status"])
        .args(["-e", "icmpv6.checksum.status"])
        .output()
        .expect("tshark");
    let text = String::from_utf8_lossy(&statuses.stdout);
    let bad: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.split('\t')
                .skip(1)
                .any(|c| c.split(',').any(|s| s == "0"))
        })
        .collect();
    let verified = text.matches('1').count();
    assert!(
        bad.is_empty(),
        "{} packets with a bad checksum:\n{}",
        bad.len(),
        bad.join("\n")
    );
    assert!(
        verified > EDITS,
        "tshark verified too few checksums ({verified})"
    );
    eprintln!(
        "{edits} edits in {} packets; tshark: {verified} checksums Good, 0 Bad",
        edited.len()
    );
    // And wirelens reads every edited packet as tshark does, validation on for both.
    Validation::ALL.install();
    let mut args: Vec<String> = vec!["-n".into(), "-r".into(), file.display().to_string()];
    args.extend(check.map(String::from));
    args.extend(
        [
            "-T",
            "fields",
            "-E",
            "header=y",
            "-E",
            "occurrence=a",
            "-E",
            "aggregator=,",
        ]
        .map(String::from),
    );
    for f in common::field_list() {
        args.push("-e".into());
        args.push(f);
    }
    let fields = Command::new("tshark").args(&args).output().expect("tshark");
    let mut report = common::Report::new();
    common::compare_text(&file, &String::from_utf8_lossy(&fields.stdout), &mut report);
    let _ = std::fs::remove_dir_all(&dir);
    let summary = report.summary(1);
    eprintln!("{summary}");
    assert!(report.packets_compared > 1500, "{summary}");
    assert!(report.mismatches.is_empty(), "{summary}");
}
