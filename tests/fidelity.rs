//! Field fidelity against tshark (the oracle): for every capture with a golden file, every
//! packet whose tshark protocol stack lies entirely within the protocols wirelens dissects
//! must give exactly tshark's `-T fields` text for every field in tests/golden/FIELDS.

mod common;

use std::path::PathBuf;

#[test]
fn fields_match_tshark() {
    let mut report = common::Report::new();
    let mut goldens: Vec<PathBuf> = std::fs::read_dir(common::golden_dir())
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    goldens.sort();
    for g in &goldens {
        common::compare_file(g, &mut report);
    }
    let summary = report.summary(goldens.len());
    eprintln!("{summary}");
    assert!(
        report.packets_compared > 5000,
        "too few packets compared\n{summary}"
    );
    assert!(report.mismatches.is_empty(), "{summary}");
}

/// tshark's golden columns for one capture: (frame.protocols, Protocol, Info) per packet.
fn golden_columns(capture: &str) -> Vec<(String, String, String)> {
    let path = common::golden_dir().join(format!("{capture}.tsv"));
    let text = std::fs::read_to_string(&path).expect("golden file");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (stack, protocol, info) = (
        at("frame.protocols"),
        at("_ws.col.Protocol"),
        at("_ws.col.Info"),
    );
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            let cell = |i: usize| cells.get(i).copied().unwrap_or("").to_string();
            (cell(stack), cell(protocol), cell(info))
        })
        .collect()
}

/// Every packet's Protocol and Info columns, printed by `-e _ws.col.*`, and its stack (but for
/// the X.509 layers tshark adds inside certificates) equal tshark's golden ones.
fn columns_and_stack_match(capture: &str) {
    let expected = golden_columns(capture);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-r"])
        .arg(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/captures")
                .join(capture),
        )
        .args(["-T", "fields", "-e", "frame.protocols"])
        .args(["-e", "_ws.col.Protocol", "-e", "_ws.col.Info"])
        .output()
        .expect("runs wirelens");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let got: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(got.len(), expected.len());
    for (k, ((stack, protocol, info), row)) in expected.iter().zip(&got).enumerate() {
        let frame = k + 1;
        let without_x509: Vec<&str> = stack
            .split(':')
            .filter(|p| !p.starts_with("x509"))
            .collect();
        let want = without_x509.join(":");
        assert_eq!(
            row.first().copied(),
            Some(want.as_str()),
            "{capture} #{frame}"
        );
        assert_eq!(
            row.get(1).copied(),
            Some(protocol.as_str()),
            "{capture} #{frame}"
        );
        assert_eq!(
            row.get(2).copied(),
            Some(info.as_str()),
            "{capture} #{frame}"
        );
    }
}

/// TLS records span segments and segments hold several records (real openssl/curl
/// handshakes over a 1500-byte MTU, `scripts/make-tls-capture.sh`).
#[test]
fn tls_segments_have_tsharks_columns_and_stack() {
    columns_and_stack_match("tls-segments.pcap");
}

/// mDNS (QU/QM questions, cache-flush records, SRV, TXT, over IPv4 and IPv6) and LLMNR
/// (`scripts/make-name-captures.py`).
#[test]
fn mdns_and_llmnr_have_tsharks_columns_and_stack() {
    columns_and_stack_match("mdns-llmnr.pcap");
}

/// SSDP searches, answers and notifications (`scripts/make-name-captures.py`).
#[test]
fn ssdp_has_tsharks_columns_and_stack() {
    columns_and_stack_match("ssdp.pcap");
}

/// The generated mixed capture (TLS across segments, HTTP bodies, DNS, ICMP echo pairs with
/// "(request in N)", IP fragments, VLAN, IPv6).
#[test]
fn the_mixed_capture_has_tsharks_columns_and_stack() {
    columns_and_stack_match("mixed-2k.pcapng");
}

/// The troubled TCP transfers of the generator (loss, SACK, fast retransmission, reordering,
/// full and zero windows, probes, keep-alives): every Info with its `[TCP …]` prefixes.
#[test]
fn troubled_tcp_transfers_have_tsharks_columns_and_stack() {
    columns_and_stack_match("tcp-trouble.pcapng");
}

/// Real Linux TCP through a lossy relay, captured with a 96-byte snapshot length.
#[test]
fn a_lossy_real_tcp_capture_has_tsharks_columns_and_stack() {
    columns_and_stack_match("tcp-netem.pcap");
}

/// FTP, SMTP (with a message handed to IMF), POP3 and IMAP sessions as their servers talk
/// (scapy, `scripts/make-text-capture.py`).
#[test]
fn text_protocols_have_tsharks_columns_and_stack() {
    columns_and_stack_match("text-protocols.pcap");
}

/// NetBIOS name queries, responses (positive, negative, wait-for-acknowledgement),
/// registrations, releases, refreshes, node status and scoped names
/// (scapy, `scripts/make-nbns-capture.py`).
#[test]
fn nbns_has_tsharks_columns_and_stack() {
    columns_and_stack_match("nbns.pcap");
}

/// SSH-2 sessions: group exchange, classic and elliptic-curve Diffie-Hellman, a KEXINIT split
/// across segments, and a session joined mid-stream (scapy, `scripts/make-ssh-capture.py`).
#[test]
fn ssh_has_tsharks_columns_and_stack() {
    columns_and_stack_match("ssh-sessions.pcap");
}

/// A SIP call with SDP offer and answer, registrations, challenges, a text MESSAGE, compact
/// headers and a request split over TCP (scapy, `scripts/make-sip-capture.py`).
#[test]
fn sip_has_tsharks_columns_and_stack() {
    columns_and_stack_match("sip.pcap");
}

/// A WireGuard handshake, cookie reply, transport data and keepalive, and an initiation on
/// other ports found by the heuristic (scapy, `scripts/make-wireguard-capture.py`).
#[test]
fn wireguard_has_tsharks_columns_and_stack() {
    columns_and_stack_match("wireguard.pcap");
}

/// A PPPoE discovery, the PPP session's LCP, PAP, CHAP, IPCP and IPV6CP negotiation, IPv4
/// and IPv6 inside, a protocol reject and an unknown protocol (scapy,
/// `scripts/make-pppoe-capture.py`).
#[test]
fn pppoe_has_tsharks_columns_and_stack() {
    columns_and_stack_match("pppoe-session.pcap");
}

/// A SIP call whose SDP offer and answer announce the media ports, then RTP (voice, DTMF
/// events, padding, CSRCs, a header extension, a wrong version) and RTCP compounds on them
/// (`scripts/make-rtp-capture.py`): RTP/RTCP are found from the SDP as tshark finds them, with
/// its setup frame, extended sequence numbers and columns.
#[test]
fn rtp_from_sdp_has_tsharks_columns_and_stack() {
    columns_and_stack_match("rtp-call.pcap");
}

/// IEEE 802.1X on a wired port (`scripts/make-eapol-capture.py`): EAPOL Start/Logoff, the EAP
/// methods (Identity, Notification, Nak, MD5, TLS/PEAP/TTLS/FAST with an unfragmented
/// ClientHello, MS-CHAP-v2, SIM, AKA, AKA', Expanded), RC4 and RSN/WPA key descriptors with
/// tshark's 4-way and group handshake numbering, and an EAP packet past the EAPOL length.
#[test]
fn eapol_has_tsharks_columns_and_stack() {
    columns_and_stack_match("eapol.pcap");
}

/// SCTP associations (`scripts/make-sctp-capture.py`): INIT/INIT-ACK with address, cookie,
/// supported-type and unknown parameters, COOKIE-ECHO/ACK, DATA and I-DATA fragmented and
/// reassembled, a retransmission, SACK with gap blocks and duplicates, HEARTBEAT, ABORT/ERROR
/// causes, SHUTDOWN, FORWARD-TSN, ECNE/CWR and an unknown chunk type.
#[test]
fn sctp_has_tsharks_columns_and_stack() {
    columns_and_stack_match("sctp.pcap");
}

/// NetBIOS datagrams (`scripts/make-nbdgm-capture.py`): SMB Trans requests to
/// `\MAILSLOT\BROWSE` with every browser command (announcements with each server type and
/// OS version, elections, backup lists, reset, promote, an unknown command), a LANMAN
/// announcement, an unknown mailslot, Unicode names, later fragments, error and query
/// datagrams, a scoped name, and announcements and SMB headers cut short.
#[test]
fn nbdgm_has_tsharks_columns_and_stack() {
    columns_and_stack_match("nbdgm.pcap");
}

/// FTP between curl and pyftpdlib on loopback (`scripts/make-ftp-capture.sh`): data
/// connections announced by EPSV, PASV, PORT and EPRT, with directory listings, a download
/// and an upload. tshark's FTP-DATA layer, Info and working directories follow the control
/// connection (a PORT upload from a port other than 20 stays TCP, as in tshark).
#[test]
fn ftp_data_connections_have_tsharks_columns_and_stack() {
    columns_and_stack_match("ftp-data.pcap");
}

/// ARP (`scripts/make-arp-capture.py`): a second MAC answering for an owned address (tshark's
/// duplicate-address detection, in the sender and in the target pair), gratuitous requests
/// and replies, probe, announcement, RARP, DRARP, InARP, MARS, reserved and unknown opcodes,
/// and unusual address sizes.
#[test]
fn arp_has_tsharks_columns_and_stack() {
    columns_and_stack_match("arp-duplicates.pcap");
}

/// QUIC between aioquic's client and server (`scripts/make-quic-capture.py`): v1 on 443 and
/// on other ports (the heuristic), v2, Retry, Version Negotiation after a forcing version,
/// and a ClientHello whose CRYPTO data spans two Initial packets. The Initial packets are
/// decrypted as tshark decrypts them, so the TLS layer and Info's frame list match.
#[test]
fn quic_has_tsharks_columns_and_stack() {
    columns_and_stack_match("quic-sessions.pcap");
}
