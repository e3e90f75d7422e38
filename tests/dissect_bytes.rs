//! Literal-byte tests, one or more per protocol: field values, Wireshark text forms, byte
//! ranges (for the hex view), the protocol stack, and truncation notes.

use wirelens::dissect::tree::Severity;
use wirelens::dissect::{Field, FrameContext, FrameInfo, LinkType, Tree, dissect};

fn run(link: u32, bytes: &[u8]) -> Tree {
    let info = FrameInfo {
        number: 1,
        timestamped: true,
        ts_ns: 1_700_000_000_123_456_789,
        rel_ns: 0,
        delta_ns: 0,
        orig_len: bytes.len() as u32,
        link: LinkType(link),
        interface: 0,
    };
    dissect(&info, bytes, &FrameContext::default(), true).tree
}

fn text(t: &Tree, frame: &[u8], name: &str) -> String {
    let f = Field::by_name(name).unwrap_or_else(|| panic!("unknown field {name}"));
    t.texts(f, frame).collect::<Vec<_>>().join(",")
}

fn range(t: &Tree, name: &str) -> std::ops::Range<usize> {
    let f = Field::by_name(name).expect("field");
    t.nodes
        .iter()
        .find(|n| n.field == f)
        .map(|n| n.range.clone())
        .expect("node present")
}

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

const ETH_IPV4: &str = "ffffffffffff 020000000001 0800";

#[test]
fn arp_request() {
    let f = hex(
        "ffffffffffff 020000000001 0806 0001 0800 06 04 0001 020000000001 0a000001 000000000000 0a000002",
    );
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:arp");
    assert_eq!(text(&t, &f, "arp.opcode"), "1");
    assert_eq!(text(&t, &f, "arp.src.proto_ipv4"), "10.0.0.1");
    assert_eq!(text(&t, &f, "arp.dst.proto_ipv4"), "10.0.0.2");
    assert_eq!(range(&t, "arp.src.hw_mac"), 22..28);
    assert_eq!(t.summary.info, "Who has 10.0.0.2? Tell 10.0.0.1");
    assert_eq!(t.summary.protocol, "ARP");
}

#[test]
fn ipv4_icmp_echo() {
    let f = hex(&format!(
        "{ETH_IPV4} 45000020 1c46 4000 40 01 0000 0a000001 0a000002 0800 f7fe 0001 0001 41424344"
    ));
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:ip:icmp:data");
    assert_eq!(text(&t, &f, "ip.id"), "0x1c46");
    assert_eq!(text(&t, &f, "ip.flags.df"), "1");
    assert_eq!(text(&t, &f, "ip.ttl"), "64");
    assert_eq!(text(&t, &f, "ip.addr"), "10.0.0.1,10.0.0.2");
    assert_eq!(range(&t, "ip.src"), 26..30);
    assert_eq!(text(&t, &f, "icmp.type"), "8");
    assert_eq!(text(&t, &f, "icmp.checksum"), "0xf7fe");
    assert_eq!(text(&t, &f, "data.data"), "41424344");
    assert_eq!(
        t.summary.info,
        "Echo (ping) request  id=0x0001, seq=1/256, ttl=64"
    );
    assert_eq!(
        (t.summary.source.as_str(), t.summary.destination.as_str()),
        ("10.0.0.1", "10.0.0.2")
    );
}

#[test]
fn tcp_syn_with_options() {
    // MSS 1460, SACK permitted, timestamps, NOP, window scale 7.
    let opts = "020405b4 0402 080a 0000000a 00000000 01 030307";
    let f = hex(&format!(
        "{ETH_IPV4} 4500003c 0000 4000 40 06 0000 0a000001 0a000002 c350 01bb 00000064 00000000 a002 faf0 1234 0000 {opts}"
    ));
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:ip:tcp");
    assert_eq!(text(&t, &f, "tcp.srcport"), "50000");
    assert_eq!(text(&t, &f, "tcp.flags"), "0x0002");
    assert_eq!(text(&t, &f, "tcp.flags.syn"), "1");
    assert_eq!(text(&t, &f, "tcp.hdr_len"), "40");
    assert_eq!(text(&t, &f, "tcp.options.mss_val"), "1460");
    assert_eq!(text(&t, &f, "tcp.options.wscale.shift"), "7");
    assert_eq!(text(&t, &f, "tcp.options.timestamp.tsval"), "10");
    assert_eq!(range(&t, "tcp.options.mss_val"), 56..58);
    assert_eq!(range(&t, "tcp"), 34..74);
    assert_eq!(
        t.summary.info,
        "50000 → 443 [SYN] Seq=100 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=10 TSecr=0 WS=128"
    );
}

#[test]
fn truncated_tcp_keeps_the_partial_tree_and_notes_it() {
    let f = hex(&format!(
        "{ETH_IPV4} 45000028 0000 0000 40 06 0000 0a000001 0a000002 c350 01bb 0000"
    ));
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:ip:tcp");
    assert_eq!(text(&t, &f, "tcp.dstport"), "443");
    assert!(
        t.notes
            .iter()
            .any(|n| n.severity == Severity::Error && n.layer == "tcp"),
        "{:?}",
        t.notes
    );
    assert!(t.is_malformed());
}

#[test]
fn ipv6_udp_dns_query() {
    let dns = "abcd 0100 0001 0000 0000 0000 03777777 07 6578616d706c65 03636f6d 00 001c 0001";
    let payload = hex(dns);
    let udp_len = 8 + payload.len();
    let f = hex(&format!(
        "ffffffffffff 020000000001 86dd 6000 0000 {udp_len:04x} 11 40 20010db8000000000000000000000001 20010db8000000000000000000000035 d431 0035 {udp_len:04x} 0000 {dns}"
    ));
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:ipv6:udp:dns");
    assert_eq!(text(&t, &f, "ipv6.src"), "2001:db8::1");
    assert_eq!(text(&t, &f, "ipv6.tclass"), "0x00000000");
    assert_eq!(text(&t, &f, "ip.version"), "6");
    assert_eq!(text(&t, &f, "dns.id"), "0xabcd");
    assert_eq!(text(&t, &f, "dns.qry.name"), "www.example.com");
    assert_eq!(text(&t, &f, "dns.qry.type"), "28");
    assert_eq!(text(&t, &f, "dns.qry.class"), "0x0001");
    assert_eq!(t.summary.info, "Standard query 0xabcd AAAA www.example.com");
}

#[test]
fn dns_compression_loop_is_malformed_not_a_hang() {
    // A question whose name points at itself.
    let dns = "0001 0100 0001 0000 0000 0000 c00c 0001 0001";
    let udp_len = 8 + hex(dns).len();
    let f = hex(&format!(
        "{ETH_IPV4} 4500{:04x} 0000 0000 40 11 0000 0a000001 0a000002 d431 0035 {udp_len:04x} 0000 {dns}",
        20 + udp_len
    ));
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:ip:udp:dns");
    assert_eq!(text(&t, &f, "dns.qry.name"), "");
    assert!(t.is_malformed());
}

#[test]
fn http_request_line_and_headers() {
    let body = b"GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test/1.0\r\n\r\n";
    let mut f = hex(&format!(
        "{ETH_IPV4} 4500{:04x} 0000 4000 40 06 0000 0a000001 0a000002 c350 0050 00000001 00000001 5018 ffff 0000 0000",
        40 + body.len()
    ));
    f.extend_from_slice(body);
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:ip:tcp:http");
    assert_eq!(text(&t, &f, "http.request.method"), "GET");
    assert_eq!(text(&t, &f, "http.request.uri"), "/index.html");
    assert_eq!(text(&t, &f, "http.host"), "example.com");
    assert_eq!(text(&t, &f, "http.user_agent"), "test/1.0");
    assert_eq!(range(&t, "http.request.method"), 54..57);
    assert_eq!(t.summary.info, "GET /index.html HTTP/1.1 ");
}

#[test]
fn tls_client_hello_sni() {
    let sni = "6578616d706c652e636f6d";
    let ext_sni = format!("0000 0010 000e 00 000b {sni}");
    let hello = format!(
        "0303 {} 00 0004 13011302 01 00 {:04x} {ext_sni}",
        "11".repeat(32),
        ext_sni.replace(' ', "").len() / 2
    );
    let hs = format!("01 {:06x} {hello}", hello.replace(' ', "").len() / 2);
    let rec = format!("16 0301 {:04x} {hs}", hs.replace(' ', "").len() / 2);
    let payload = hex(&rec);
    let mut f = hex(&format!(
        "{ETH_IPV4} 4500{:04x} 0000 4000 40 06 0000 0a000001 0a000002 c350 01bb 00000001 00000001 5018 ffff 0000 0000",
        40 + payload.len()
    ));
    f.extend_from_slice(&payload);
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:ip:tcp:tls");
    assert_eq!(text(&t, &f, "tls.record.version"), "0x0301");
    assert_eq!(text(&t, &f, "tls.handshake.type"), "1");
    assert_eq!(text(&t, &f, "tls.handshake.version"), "0x0303");
    assert_eq!(text(&t, &f, "tls.handshake.ciphersuite"), "0x1301,0x1302");
    assert_eq!(
        text(&t, &f, "tls.handshake.extensions_server_name"),
        "example.com"
    );
    assert_eq!(t.summary.info, "Client Hello");
}

#[test]
fn dhcp_discover() {
    let mut bootp =
        hex("01 01 06 00 12345678 0000 8000 00000000 00000000 00000000 00000000 020000000001");
    bootp.resize(236, 0);
    bootp.extend(hex("63825363 3501 01 0c04 686f7374 ff"));
    let udp_len = 8 + bootp.len();
    let mut f = hex(&format!(
        "ffffffffffff 020000000001 0800 4500{:04x} 0000 0000 40 11 0000 00000000 ffffffff 0044 0043 {udp_len:04x} 0000",
        20 + udp_len
    ));
    f.extend(bootp);
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:ip:udp:dhcp");
    assert_eq!(text(&t, &f, "dhcp.option.dhcp"), "1");
    assert_eq!(text(&t, &f, "dhcp.hw.mac_addr"), "02:00:00:00:00:01");
    assert_eq!(text(&t, &f, "dhcp.option.hostname"), "host");
    assert_eq!(t.summary.info, "DHCP Discover - Transaction ID 0x12345678");
}

#[test]
fn qinq_vlan_tags() {
    let f = hex(
        "ffffffffffff 020000000001 88a8 0064 8100 a0c8 0800 45000014 0000 0000 40 ff 0000 0a000001 0a000002",
    );
    let t = run(1, &f);
    assert_eq!(
        t.frame_protocols(),
        "eth:ethertype:vlan:ethertype:vlan:ethertype:ip"
    );
    assert_eq!(text(&t, &f, "vlan.id"), "100,200");
    assert_eq!(text(&t, &f, "vlan.priority"), "0,5");
    assert_eq!(text(&t, &f, "vlan.etype"), "0x8100,0x0800");
}

#[test]
fn linux_sll2_and_null_loopback() {
    let f = hex(
        "0800 0000 00000002 0001 00 06 020000000001 0000 45000014 0000 0000 40 ff 0000 7f000001 7f000001",
    );
    let t = run(276, &f);
    assert_eq!(t.frame_protocols(), "sll:ethertype:ip");
    assert_eq!(text(&t, &f, "sll.etype"), "0x0800");
    let f = hex("02000000 45000014 0000 0000 40 ff 0000 7f000001 7f000001");
    let t = run(0, &f);
    assert_eq!(t.frame_protocols(), "null:ip");
}

#[test]
fn frame_fields_and_unknown_link_types() {
    let f = hex("0102030405");
    let t = run(147, &f);
    assert_eq!(t.frame_protocols(), "data");
    assert_eq!(text(&t, &f, "frame.time_epoch"), "1700000000.123456789");
    assert_eq!(text(&t, &f, "frame.len"), "5");
    assert_eq!(t.summary.protocol, "UNKNOWN");
}

#[test]
fn igmpv3_report_with_sources() {
    let f = hex(
        "01005e000016020000000001080045c0002c00010000010212e6c6120001e0000016\
         220060c90000000101000002ef010101c6120005c6120006",
    );
    let t = run(1, &f);
    // Wireshark registers the version's dissector under IGMP again.
    assert_eq!(t.frame_protocols(), "eth:ethertype:ip:igmp:igmp");
    assert_eq!(t.summary.protocol, "IGMPv3");
    assert_eq!(
        t.summary.info,
        "Membership Report / Join group 239.1.1.1 for sources in {198.18.0.5, 198.18.0.6}"
    );
    assert_eq!(text(&t, &f, "igmp.type"), "0x22");
    assert_eq!(text(&t, &f, "igmp.checksum.status"), "1");
    assert_eq!(text(&t, &f, "igmp.num_grp_recs"), "1");
    assert_eq!(text(&t, &f, "igmp.saddr"), "198.18.0.5,198.18.0.6");
    assert_eq!(range(&t, "igmp.maddr"), 46..50);
}

#[test]
fn mpls_label_stack_then_ipv4() {
    let f = hex("020000000002020000000001 8847 003e8a40 0001013f \
         4500001c000100004001eeb8c6120001c6120002 0800f7ff00000000");
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:mpls:ip:icmp");
    assert_eq!(text(&t, &f, "mpls.label"), "1000,16");
    assert_eq!(text(&t, &f, "mpls.exp"), "5,0");
    assert_eq!(text(&t, &f, "mpls.bottom"), "0,1");
    assert_eq!(text(&t, &f, "mpls.ttl"), "64,63");
    // A stack cut before its bottom entry is a short read, not a panic.
    let cut = f.get(..18).expect("prefix");
    let t = run(1, cut);
    assert!(t.is_malformed() || t.summary.info.contains("[Packet size limited"));
}

#[test]
fn dhcpv6_solicit_with_ia_na() {
    let f = hex(
        "33330001000202000000000186dd60000000004c1140fe800000000000000000000000000001ff02\
         000000000000000000000001000202220223004c6f43011234560001000a00030001020000000001\
         000800020064000300280102030400000e10000015180005001820010db800000000000000000000\
         000500000064000000c8",
    );
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:ipv6:udp:dhcpv6");
    assert_eq!(
        t.summary.info,
        "Solicit XID: 0x123456 CID: 00030001020000000001 IAA: 2001:db8::5 "
    );
    assert_eq!(text(&t, &f, "dhcpv6.xid"), "0x123456");
    assert_eq!(text(&t, &f, "dhcpv6.option.type"), "1,8,3,5");
    assert_eq!(
        text(&t, &f, "dhcpv6.duidll.link_layer_addr"),
        "02:00:00:00:00:01"
    );
    assert_eq!(text(&t, &f, "dhcpv6.elapsed_time"), "1000");
    assert_eq!(text(&t, &f, "dhcpv6.iaid"), "01020304");
    assert_eq!(text(&t, &f, "dhcpv6.iaaddr.valid_lifetime"), "200");
}

#[test]
fn ftp_request_command_and_argument() {
    let f = hex(
        "020000000002020000000001080045000039000100004006ee96c6120001c6120002\
         9c5500150000000100000001501820007e9a0000 5245545220726561646d652e7478740d0a",
    );
    let t = run(1, &f);
    assert_eq!(t.frame_protocols(), "eth:ethertype:ip:tcp:ftp");
    assert_eq!(t.summary.info, "Request: RETR readme.txt");
    assert_eq!(text(&t, &f, "ftp.request"), "1");
    assert_eq!(text(&t, &f, "ftp.request.command"), "RETR");
    assert_eq!(text(&t, &f, "ftp.request.arg"), "readme.txt");
    assert_eq!(range(&t, "ftp.request.arg"), 59..69);
}

/// Router and neighbour discovery in Info as tshark writes it: a solicitation's target and
/// the link-layer address options ("for …", "from …").
#[test]
fn icmpv6_discovery_names_targets_and_link_addresses() {
    let frame = |icmp: &str| {
        let len = hex(icmp).len();
        hex(&format!(
            "333300000001 020000000001 86dd 6000 0000 {len:04x} 3a ff fe800000000000000000000000000001 ff020000000000000000000000000001 {icmp}"
        ))
    };
    // Neighbor Solicitation for fe80::2 with a source link-layer address option.
    let ns = frame("8700 0000 00000000 fe800000000000000000000000000002 0101 020000000001");
    assert_eq!(
        run(1, &ns).summary.info,
        "Neighbor Solicitation for fe80::2 from 02:00:00:00:00:01"
    );
    // Router Advertisement: hop limit, flags, lifetime, reachable and retrans timers, then
    // an MTU option and the source link-layer address.
    let ra = frame("8600 0000 40 00 0708 00000000 00000000 0501 0000 000005dc 0101 020000000001");
    assert_eq!(
        run(1, &ra).summary.info,
        "Router Advertisement from 02:00:00:00:00:01"
    );
    // A zero-length option ends the walk without a panic.
    let rs = frame("8500 0000 00000000 0100");
    assert_eq!(run(1, &rs).summary.info, "Router Solicitation");
}
