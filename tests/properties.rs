//! Property tests: random bytes never panic a dissector or the file reader; random text never
//! panics the filter compiler, and well-formed filters compile and evaluate.

use proptest::prelude::*;
use std::sync::Arc;
use wirelens::dissect::context::{IpReassembly, PduRole, TcpContext};
use wirelens::dissect::{FrameContext, FrameInfo, LinkType, dissect};
use wirelens::filter::Filter;
use wirelens::pcapfile::{ReadProgress, Reader, Source};

/// `cases` cases from a fixed seed: the same cases on every run and every machine (a failure
/// found once is found again; new cases come from changing the seed, on purpose).
fn fixed(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5749_5245_4c45_4e53),
        ..ProptestConfig::default()
    }
}

const LINKS: [u32; 13] = [0, 1, 12, 101, 105, 108, 113, 127, 226, 228, 229, 276, 147];

fn info(link: u32, len: usize) -> FrameInfo {
    FrameInfo {
        number: 1,
        timestamped: true,
        ts_ns: 0,
        rel_ns: 0,
        delta_ns: 0,
        orig_len: len as u32,
        link: LinkType(link),
        interface: 0,
    }
}

fn contexts(pdu: Vec<u8>) -> Vec<FrameContext> {
    let pdu: Arc<[u8]> = pdu.into();
    vec![
        FrameContext::default(),
        FrameContext {
            tcp: Some(TcpContext {
                stream: 1,
                seq_base: 7,
                ack_base: 9,
                window_shift: Some(14),
            }),
            pdu: PduRole::Completes {
                data: pdu.clone(),
                frames: Arc::new([1, 2]),
                rest: 3..9999,
            },
            tls13: true,
            quoted_stream: Some(4),
            ..FrameContext::default()
        },
        FrameContext {
            pdu: PduRole::SegmentOf {
                reassembled_in: 5,
                starts_pdu: true,
                leading: 0..0,
                head_line: None,
            },
            ..FrameContext::default()
        },
        FrameContext {
            // Leading PDUs that lie partly or wholly outside the frame.
            pdu: PduRole::SegmentOf {
                reassembled_in: 2,
                starts_pdu: true,
                leading: 20..9999,
                head_line: Some("GET / HTTP/1.1".into()),
            },
            ..FrameContext::default()
        },
        FrameContext {
            ip_reassembled: Some(IpReassembly {
                payload: pdu,
                frames: Arc::new([1]),
            }),
            ip_reassembled_in: Some(3),
            ..FrameContext::default()
        },
    ]
}

/// Ethernet + IPv4 + TCP/UDP headers with random bytes after them: reaches the deep dissectors.
fn with_headers(proto: u8, port: u16, body: &[u8]) -> Vec<u8> {
    let mut f = vec![0u8; 12];
    f.extend_from_slice(&[
        0x08, 0x00, 0x45, 0, 0, 0, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    ]);
    let total = (20 + 20 + body.len()) as u16;
    f[16..18].copy_from_slice(&total.to_be_bytes());
    f.extend_from_slice(&port.to_be_bytes());
    f.extend_from_slice(&port.to_be_bytes());
    if proto == 6 {
        f.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
    } else {
        f.extend_from_slice(&((8 + body.len()) as u16).to_be_bytes());
        f.extend_from_slice(&[0, 0]);
    }
    f.extend_from_slice(body);
    f
}

/// Every frame of the captures our scripts make (link type, bytes): well-formed packets of
/// every protocol, for mutation below.
fn generated_frames() -> &'static [(u32, Vec<u8>)] {
    static FRAMES: std::sync::LazyLock<Vec<(u32, Vec<u8>)>> = std::sync::LazyLock::new(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.sort();
        let mut frames = Vec::new();
        for path in paths.iter().filter(|p| p.is_file()) {
            let Ok(mut r) = Reader::open(path) else {
                continue;
            };
            while r.read_batch(256, |p, d, ifs| {
                let link = ifs.get(p.interface as usize).map_or(1, |i| i.link.0);
                frames.push((link, d.to_vec()));
            }) == ReadProgress::More
            {}
        }
        frames
    });
    &FRAMES
}

proptest! {
    #![proptest_config(fixed(2000))]

    /// A well-formed frame with a few bytes changed and maybe cut short: hostile input that
    /// gets past the first checks of deep dissectors (NetBIOS names, SMB, SCTP chunks…).
    #[test]
    fn mutated_generated_frames_never_panic(which in any::<prop::sample::Index>(), edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6), cut in any::<prop::sample::Index>()) {
        let frames = generated_frames();
        prop_assert!(!frames.is_empty());
        let (link, frame) = &frames[which.index(frames.len())];
        let mut bytes = frame.clone();
        for (at, value) in &edits {
            let i = at.index(bytes.len().max(1));
            if let Some(b) = bytes.get_mut(i) {
                *b = *value;
            }
        }
        if edits.len() % 2 == 0 {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        let d = dissect(&info(*link, bytes.len()), &bytes, &FrameContext::default(), true);
        for n in &d.tree.nodes {
            prop_assert!(n.range.start <= n.range.end);
            let _ = wirelens::dissect::format::label(n);
        }
    }

    #[test]
    fn random_frames_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), pdu in proptest::collection::vec(any::<u8>(), 0..200)) {
        for link in LINKS {
            for ctx in contexts(pdu.clone()) {
                let d = dissect(&info(link, bytes.len()), &bytes, &ctx, true);
                for n in &d.tree.nodes {
                    prop_assert!(n.range.start <= n.range.end);
                    let _ = wirelens::dissect::format::label(n);
                }
            }
        }
    }

    #[test]
    fn random_application_payloads_never_panic(body in proptest::collection::vec(any::<u8>(), 0..600), which in 0usize..6) {
        let (proto, port) = [(6, 80), (6, 443), (6, 53), (17, 53), (17, 67), (17, 9999)][which];
        let frame = with_headers(proto, port, &body);
        for ctx in contexts(body.clone()) {
            let _ = dissect(&info(1, frame.len()), &frame, &ctx, true);
        }
    }

    #[test]
    fn random_files_never_panic_the_reader(bytes in proptest::collection::vec(any::<u8>(), 0..600), magic in 0usize..3) {
        let mut file = [vec![0xd4, 0xc3, 0xb2, 0xa1], vec![0x0a, 0x0d, 0x0d, 0x0a], vec![0x4d, 0x3c, 0xb2, 0xa1]][magic].clone();
        file.extend_from_slice(&bytes);
        if let Ok(mut r) = Reader::from_source(Source::from_bytes(file), std::path::Path::new("random")) {
            let mut n = 0u32;
            while r.read_batch(64, |_, d, _| { n += 1; let _ = d.len(); }) == ReadProgress::More {}
        }
    }

    #[test]
    fn random_filter_text_never_panics_and_errors_point_inside(text in "\\PC{0,60}") {
        if let Err(e) = Filter::compile(&text) {
            prop_assert!(e.span.start <= text.len() + 1, "{:?} for {:?}", e, text);
            let _ = e.render(&text);
        }
    }

    #[test]
    fn well_formed_filters_compile_and_evaluate(expr in filter_expr()) {
        let f = Filter::compile(&expr);
        prop_assert!(f.is_ok(), "{expr}: {:?}", f.err());
        let frame = with_headers(6, 80, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        let d = dissect(&info(1, frame.len()), &frame, &FrameContext::default(), false);
        let _ = f.map(|f| f.matches(&d.tree, &frame));
    }
}

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("tcp".to_string()),
        Just("http".to_string()),
        (1u16..65535).prop_map(|p| format!("tcp.port == {p}")),
        (0u8..=255, 0u8..=32).prop_map(|(a, m)| format!("ip.addr == 10.{a}.0.0/{m}")),
        "[a-z]{1,8}".prop_map(|s| format!("http.host contains \"{s}\"")),
        (0i64..3000).prop_map(|n| format!("frame.len >= {n}")),
        Just("eth.src[0:3] == 00:00:00".to_string()),
        Just("tcp.flags.syn == 1".to_string()),
        Just("udp.port in {53, 67..68}".to_string()),
        Just("http.request.method matches \"^g.t$\"".to_string()),
        Just("len(http.host) > 0".to_string()),
    ]
}

fn filter_expr() -> impl Strategy<Value = String> {
    atom().prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} || {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) xor ({b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

/// Text made of the spec language's own pieces, so that many cases parse.
fn spec_text() -> impl Strategy<Value = String> {
    let layer = prop::sample::select(vec![
        "eth", "vlan", "arp", "ip", "ipv6", "icmp", "icmpv6", "tcp", "udp", "dns", "data",
    ]);
    let field = prop::sample::select(vec![
        "ttl",
        "src",
        "dst",
        "id",
        "flags",
        "options.mss_val",
        "options.sack_perm",
        "options.timestamp.tsecr",
        "qry.name",
        "resp.name",
        "a",
        "len",
        "data",
        "type",
        "srcport",
        "dstport",
        "checksum",
        "hdr_len",
        "seq",
        "mtu",
        "padding",
        "nxt",
    ]);
    let value = prop::sample::select(vec![
        "1",
        "0x1f",
        "65535",
        "300",
        "198.18.0.1",
        "fe80::1",
        "02:00:00:00:00:01",
        "\"x\"",
        "random",
        "1..9",
        "198.18.0.1..198.18.0.3",
        "",
        "\"unterminated",
        "aa:bb",
        "-1",
    ]);
    let assign = (field, prop::option::of(value)).prop_map(|(f, v)| match v {
        Some(v) => format!("{f}={v}"),
        None => f.to_string(),
    });
    let layer = (layer, prop::collection::vec(assign, 0..4)).prop_map(|(l, a)| {
        if a.is_empty() {
            l.to_string()
        } else {
            format!("{l}({})", a.join(","))
        }
    });
    prop::collection::vec(layer, 1..6).prop_map(|l| l.join("/"))
}

proptest! {
    #![proptest_config(fixed(2000))]

    /// Packet specs: errors point inside the text, specs that parse build and print back.
    #[test]
    fn packet_specs_parse_build_and_print_without_panicking(
        text in prop_oneof![spec_text(), "\\PC{0,80}"]
    ) {
        match wirelens::craft::parse(&text) {
            Ok(spec) => {
                for k in 0..3 {
                    let _ = wirelens::craft::build(&spec, k, 7);
                }
                let printed = spec.to_string();
                prop_assert!(wirelens::craft::parse(&printed).is_ok(), "{}", printed);
            }
            Err(e) => {
                if let Some(span) = &e.span {
                    prop_assert!(span.start <= text.len());
                }
                let _ = e.render(&text);
            }
        }
    }

    /// Any bytes: the spec made from them rebuilds them; editing any field never panics.
    #[test]
    fn any_frame_rebuilds_from_its_spec_and_survives_edits(
        bytes in prop::collection::vec(any::<u8>(), 0..200),
        pick in any::<usize>(),
    ) {
        use wirelens::craft::Draft;
        let spec = wirelens::craft::from_packet::spec_of(LinkType::ETHERNET, &bytes);
        let rebuilt = wirelens::craft::parse(&spec.to_string())
            .and_then(|s| wirelens::craft::build(&s, 0, 0));
        prop_assert_eq!(rebuilt.ok(), Some(bytes.clone()));
        let mut draft = Draft::new(LinkType::ETHERNET, bytes);
        let n = draft.tree.nodes.len();
        if n > 0 {
            let _ = draft.set_text(pick % n, "1");
            let _ = draft.set_text(pick % n, "\"payload\"");
            let _ = draft.set_text(pick % n, "198.18.0.9");
        }
    }
}

proptest! {
    #![proptest_config(fixed(500))]

    /// A random edit of a random well-formed packet, then the fix-up: every checksum verifies.
    #[test]
    fn an_edit_and_fix_up_leave_no_bad_checksum(
        transport in prop::sample::select(vec!["tcp(flags=0x018)", "udp", "icmp(type=8)"]),
        v6 in any::<bool>(),
        port in 1u16..65535,
        payload in "[a-z]{0,40}",
        pick in any::<usize>(),
        value in any::<u32>(),
    ) {
        use wirelens::craft::{Draft, wire};
        wirelens::dissect::checksum::Validation::ALL.install();
        let (ip, transport) = if v6 {
            ("ipv6(src=2001:db8::1,dst=2001:db8::2)", transport.replace("icmp(type=8)", "icmpv6(type=128)"))
        } else {
            ("ip(src=198.18.0.1,dst=198.18.0.2)", transport.to_string())
        };
        let spec = format!("eth/{ip}/{transport}/data(data=\"{payload}\")");
        let spec = spec.replace("tcp(", &format!("tcp(srcport={port},")).replace("udp/", &format!("udp(srcport={port})/"));
        let bytes = wirelens::craft::build(&wirelens::craft::parse(&spec).expect("spec"), 0, 0).expect("builds");
        let mut draft = Draft::new(LinkType::ETHERNET, bytes);
        let editable: Vec<usize> = draft.tree.nodes.iter().enumerate()
            .filter(|(_, n)| wire::not_editable(n).is_none() && !Draft::is_derived(n))
            .map(|(i, _)| i)
            .collect();
        if let Some(&node) = editable.get(pick % editable.len().max(1)) {
            let width = draft.tree.nodes[node].range.len();
            let v = u64::from(value) & if width >= 4 { 0xffff_ffff } else { (1 << (width * 8)) - 1 };
            let _ = draft.set(node, &wirelens::dissect::Value::UInt(v));
        }
        let bad: Vec<&str> = draft.tree.notes.iter()
            .filter(|n| n.message.starts_with("Bad checksum"))
            .map(|n| n.message.as_str())
            .collect();
        prop_assert!(bad.is_empty(), "{:?} in {:02x?}", bad, draft.bytes);
    }
}
