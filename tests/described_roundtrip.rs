//! Described protocols both ways: every packet of the shipped protocols' captures turns into
//! a packet spec that rebuilds its bytes exactly (decode → encode), and random field values
//! encode and decode back to themselves (encode → decode).

use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::Once;
use wirelens::craft;
use wirelens::dissect::{LinkType, format::field_text};

/// `cases` cases from a fixed seed: the same cases on every run and every machine (a failure
/// found once is found again; new cases come from changing the seed, on purpose).
fn fixed(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5749_5245_4c45_4e53),
        ..ProptestConfig::default()
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Loads the bundled descriptions and the l33t example once for this test binary.
fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let options = wirelens::describe::load::Options {
            paths: vec![root().join("examples/protocols/l33t.wlp")],
            user_dir: false,
            no_bundled: false,
        };
        let loaded = wirelens::describe::load::load(&options).expect("descriptions load");
        wirelens::describe::load::install(loaded.plan, &[]).expect("installs");
    });
}

#[test]
fn every_packet_of_the_shipped_protocols_rebuilds_from_its_spec() {
    install();
    let mut packets = 0;
    for name in ["l33t", "vxlan", "gre", "tftp", "rip", "lldp"] {
        let path = root().join(format!("tests/captures/described/{name}.pcap"));
        let s = wirelens::session::Session::open(&path).expect("capture");
        for i in 0..s.len() {
            let (Ok(bytes), Some(info)) = (s.bytes(i), s.frame_info(i)) else {
                continue;
            };
            let spec = craft::from_packet::spec_of(info.link, &bytes);
            let text = spec.to_string();
            let structured = spec.layers.iter().any(|l| l.proto.name() == name);
            assert!(structured, "{name} #{}: not a {name} layer: {text}", i + 1);
            let built = craft::parse(&text).and_then(|sp| craft::build(&sp, 0, 0));
            assert_eq!(
                built.ok().as_deref(),
                Some(bytes.as_slice()),
                "{name} #{}: {text}",
                i + 1
            );
            packets += 1;
        }
    }
    assert_eq!(packets, 120);
}

/// Builds `spec`, dissects it, and returns `fields`' values as `-T fields` prints them.
fn round_trip(spec: &str, fields: &[&str]) -> Vec<String> {
    let parsed = craft::parse(spec).unwrap_or_else(|e| panic!("{}", e.render(spec)));
    let bytes = craft::build(&parsed, 0, 0).unwrap_or_else(|e| panic!("{spec}: {e}"));
    let tree = craft::from_packet::dissect_plain(LinkType::ETHERNET, &bytes);
    fields
        .iter()
        .map(|name| {
            let f = wirelens::dissect::Field::by_name(name)
                .unwrap_or_else(|| panic!("{name} is registered"));
            tree.nodes
                .iter()
                .filter(|n| n.field == f)
                .map(|n| field_text(f, &n.value))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect()
}

const UDP: &str = "eth/ip(src=198.18.0.1,dst=198.18.0.2)/udp";

proptest! {
    #![proptest_config(fixed(300))]

    #[test]
    fn l33t_values_come_back(a in any::<u8>(), b in any::<u8>()) {
        install();
        let spec = format!("{UDP}(dstport=2001)/l33t(some_byte={a},another_byte={b})");
        prop_assert_eq!(round_trip(&spec, &["l33t.some_byte", "l33t.another_byte"]), vec![format!("0x{a:02x}"), format!("0x{b:02x}")]);
    }

    #[test]
    fn vxlan_values_come_back(vni in 0u32..1 << 24, gbp in any::<u16>(), g in any::<bool>()) {
        install();
        let flags = 0x0800 | if g { 0x8000 } else { 0 };
        let spec = format!("{UDP}(dstport=4789)/vxlan(flags={flags},gbp={gbp},vni={vni})/eth/ip/icmp");
        let got = round_trip(&spec, &["vxlan.flags", "vxlan.flag_g", "vxlan.gbp", "vxlan.vni", "icmp.type"]);
        prop_assert_eq!(got, vec![format!("0x{flags:04x}"), u8::from(g).to_string(), gbp.to_string(), vni.to_string(), "8".to_string()]);
    }

    #[test]
    fn gre_values_come_back(key in proptest::option::of(any::<u32>()), seq in proptest::option::of(any::<u32>())) {
        install();
        let mut fields = Vec::new();
        if let Some(k) = key { fields.push(format!("flags.key=1,key={k}")); }
        if let Some(s) = seq { fields.push(format!("flags.sequence_number=1,sequence_number={s}")); }
        let spec = format!("eth/ip/gre({})/ip(dst=198.18.0.9)/udp", fields.join(","));
        let got = round_trip(&spec, &["gre.key", "gre.sequence_number", "gre.proto", "udp.length"]);
        let want = vec![
            key.map_or(String::new(), |k| format!("0x{k:08x}")),
            seq.map_or(String::new(), |s| s.to_string()),
            "0x0800".to_string(),
            "8".to_string(),
        ];
        prop_assert_eq!(got, want);
    }

    #[test]
    fn tftp_names_come_back(file in "[a-z0-9._-]{1,40}", mode in "(octet|netascii|mail)") {
        install();
        let spec = format!("{UDP}(dstport=69)/tftp(opcode=1,source_file=\"{file}\",type=\"{mode}\")");
        prop_assert_eq!(round_trip(&spec, &["tftp.opcode", "tftp.source_file", "tftp.type"]), vec!["1".to_string(), file, mode]);
    }

    #[test]
    fn rip_routes_come_back(routes in proptest::collection::vec((any::<[u8; 4]>(), 1u16..=16), 1..6)) {
        install();
        let entries: Vec<String> = routes.iter().map(|(a, m)| format!("family=2,ip={}.{}.{}.{},metric={m}", a[0], a[1], a[2], a[3])).collect();
        let spec = format!("{UDP}(dstport=520,srcport=520)/rip(command=2,version=2,{})", entries.join(","));
        let ips: Vec<String> = routes.iter().map(|(a, _)| format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3])).collect();
        let metrics: Vec<String> = routes.iter().map(|(_, m)| m.to_string()).collect();
        prop_assert_eq!(round_trip(&spec, &["rip.ip", "rip.metric"]), vec![ips.join(","), metrics.join(",")]);
    }
}
