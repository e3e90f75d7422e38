//! The field registry: every field's Wireshark name, display name, type and bit mask.
//! Filters resolve names here; the tree and `-T fields` format values from here.

use std::sync::LazyLock;

/// How an integer is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// Decimal.
    Dec,
    /// `0x` + zero-padded hex, as wide as the field's storage type.
    Hex,
}

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A protocol layer (presence only).
    Protocol,
    /// A text-only node (no filterable value).
    Text,
    /// A presence-only field (Wireshark's FT_NONE): `-T fields` prints `1` where present.
    Flag,
    /// True/false.
    Bool,
    /// Unsigned integer stored in `bits` bits.
    UInt { bits: u8, base: Base },
    /// Signed integer.
    Int,
    /// IPv4 address.
    Ipv4,
    /// IPv6 address.
    Ipv6,
    /// MAC address.
    Ether,
    /// Byte string.
    Bytes,
    /// Character string.
    Str,
    /// Absolute time (epoch ns).
    AbsTime,
    /// Relative time (ns).
    RelTime,
}

/// One registered field.
#[derive(Debug, Clone)]
pub struct FieldDef {
    /// Filter name, e.g. `tcp.srcport`.
    pub name: &'static str,
    /// Human name, e.g. `Source Port`.
    pub display: &'static str,
    /// Value type.
    pub kind: Kind,
    /// Bit mask inside the containing bytes (0 = whole bytes), for the tree's bit view.
    pub mask: u64,
}

const fn dec(bits: u8) -> Kind {
    Kind::UInt {
        bits,
        base: Base::Dec,
    }
}
const fn hex(bits: u8) -> Kind {
    Kind::UInt {
        bits,
        base: Base::Hex,
    }
}

macro_rules! field_table {
    ($( $id:ident = $name:literal, $display:literal, $kind:expr, $mask:expr; )*) => {
        #[allow(clippy::enum_variant_names)]
        #[repr(u16)]
        enum Id { $($id),* }

        #[allow(non_upper_case_globals, missing_docs)]
        impl Field {
            $( pub const $id: Field = Field(Id::$id as u16); )*
        }

        /// The built-in fields, indexed by a built-in field's number.
        pub static FIELDS: &[FieldDef] = &[ $( FieldDef { name: $name, display: $display, kind: $kind, mask: $mask } ),* ];

        const ALL: &[Field] = &[ $( Field::$id ),* ];
    };
}

use Kind::{AbsTime, Bool, Bytes, Ether, Flag, Int, Ipv4, Ipv6, Protocol, RelTime, Str, Text};

field_table! {
    Frame = "frame", "Frame", Protocol, 0;
    FrameNumber = "frame.number", "Frame Number", dec(32), 0;
    FrameTimeEpoch = "frame.time_epoch", "Epoch Time", AbsTime, 0;
    FrameTime = "frame.time", "Arrival Time", AbsTime, 0;
    FrameTimeRelative = "frame.time_relative", "Time since reference or first frame", RelTime, 0;
    FrameTimeDelta = "frame.time_delta", "Time delta from previous captured frame", RelTime, 0;
    FrameLen = "frame.len", "Frame Length", dec(32), 0;
    FrameCapLen = "frame.cap_len", "Capture Length", dec(32), 0;
    FrameProtocols = "frame.protocols", "Protocols in frame", Str, 0;
    FrameInterfaceId = "frame.interface_id", "Interface id", dec(32), 0;
    FrameEncapType = "frame.encap_type", "Encapsulation type", Int, 0;
    FrameMarked = "frame.marked", "Frame is marked", Bool, 0;
    Raw = "raw", "Raw packet data", Protocol, 0;
    Expert = "_ws.expert", "Expert Info", Protocol, 0;
    Malformed = "_ws.malformed", "Malformed Packet", Protocol, 0;
    Short = "_ws.short", "Packet size limited during capture", Protocol, 0;
    ExpertMessage = "_ws.expert.message", "Message", Str, 0;
    ExpertSeverity = "_ws.expert.severity", "Severity level", dec(32), 0;
    ExpertGroup = "_ws.expert.group", "Group", dec(32), 0;
    Eth = "eth", "Ethernet II", Protocol, 0;
    EthDst = "eth.dst", "Destination", Ether, 0;
    EthSrc = "eth.src", "Source", Ether, 0;
    EthAddr = "eth.addr", "Address", Ether, 0;
    EthType = "eth.type", "Type", hex(16), 0;
    EthLen = "eth.len", "Length", dec(16), 0;
    EthPadding = "eth.padding", "Padding", Bytes, 0;
    EthTrailer = "eth.trailer", "Trailer", Bytes, 0;
    Vlan = "vlan", "802.1Q Virtual LAN", Protocol, 0;
    VlanPriority = "vlan.priority", "Priority", dec(16), 0xe000;
    VlanDei = "vlan.dei", "DEI", Bool, 0x1000;
    VlanId = "vlan.id", "ID", dec(16), 0x0fff;
    VlanEtype = "vlan.etype", "Type", hex(16), 0;
    VlanLen = "vlan.len", "Length", dec(16), 0;
    Llc = "llc", "Logical-Link Control", Protocol, 0;
    LlcDsap = "llc.dsap", "DSAP", hex(8), 0;
    LlcSsap = "llc.ssap", "SSAP", hex(8), 0;
    LlcControl = "llc.control", "Control field", hex(16), 0;
    Sll = "sll", "Linux cooked capture", Protocol, 0;
    SllPktType = "sll.pkttype", "Packet type", dec(16), 0;
    SllHaType = "sll.hatype", "Link-layer address type", dec(16), 0;
    SllHaLen = "sll.halen", "Link-layer address length", dec(16), 0;
    SllSrcEth = "sll.src.eth", "Source", Ether, 0;
    SllIfIndex = "sll.ifindex", "Interface index", dec(32), 0;
    SllEtype = "sll.etype", "Protocol", hex(16), 0;
    SllLtype = "sll.ltype", "Protocol", hex(16), 0;
    SllGretype = "sll.gretype", "Protocol", hex(16), 0;
    Null = "null", "Null/Loopback", Protocol, 0;
    Ipnet = "ipnet", "Solaris ipnet", Protocol, 0;
    IpnetVersion = "ipnet.version", "Version", dec(8), 0;
    IpnetFamily = "ipnet.family", "Address family", dec(8), 0;
    NullFamily = "null.family", "Family", dec(32), 0;
    Radiotap = "radiotap", "Radiotap Header", Protocol, 0;
    RadiotapVersion = "radiotap.version", "Header revision", dec(8), 0;
    RadiotapLength = "radiotap.length", "Header length", dec(16), 0;
    RadiotapPresent = "radiotap.present.word", "Present flags word", hex(32), 0;
    Wlan = "wlan", "IEEE 802.11", Protocol, 0;
    WlanFc = "wlan.fc", "Frame Control Field", hex(16), 0;
    WlanFcType = "wlan.fc.type", "Type", dec(8), 0x0c;
    WlanFcSubtype = "wlan.fc.subtype", "Subtype", dec(8), 0xf0;
    WlanFcTypeSubtype = "wlan.fc.type_subtype", "Type/Subtype", hex(16), 0;
    WlanFcToDs = "wlan.fc.tods", "To DS", Bool, 0x0100;
    WlanFcFromDs = "wlan.fc.fromds", "From DS", Bool, 0x0200;
    WlanFcProtected = "wlan.fc.protected", "Protected flag", Bool, 0x4000;
    WlanDuration = "wlan.duration", "Duration", dec(16), 0;
    WlanRa = "wlan.ra", "Receiver address", Ether, 0;
    WlanTa = "wlan.ta", "Transmitter address", Ether, 0;
    WlanDa = "wlan.da", "Destination address", Ether, 0;
    WlanSa = "wlan.sa", "Source address", Ether, 0;
    WlanBssid = "wlan.bssid", "BSS Id", Ether, 0;
    WlanAddr = "wlan.addr", "Hardware address", Ether, 0;
    WlanSeq = "wlan.seq", "Sequence number", dec(16), 0xfff0;
    WlanFrag = "wlan.frag", "Fragment number", dec(16), 0x000f;
    Arp = "arp", "Address Resolution Protocol", Protocol, 0;
    ArpHwType = "arp.hw.type", "Hardware type", dec(16), 0;
    ArpProtoType = "arp.proto.type", "Protocol type", hex(16), 0;
    ArpHwSize = "arp.hw.size", "Hardware size", dec(8), 0;
    ArpProtoSize = "arp.proto.size", "Protocol size", dec(8), 0;
    ArpOpcode = "arp.opcode", "Opcode", dec(16), 0;
    ArpSrcHwMac = "arp.src.hw_mac", "Sender MAC address", Ether, 0;
    ArpSrcProtoIpv4 = "arp.src.proto_ipv4", "Sender IP address", Ipv4, 0;
    ArpDstHwMac = "arp.dst.hw_mac", "Target MAC address", Ether, 0;
    ArpDstProtoIpv4 = "arp.dst.proto_ipv4", "Target IP address", Ipv4, 0;
    Ip = "ip", "Internet Protocol Version 4", Protocol, 0;
    IpVersion = "ip.version", "Version", dec(8), 0xf0;
    IpHdrLen = "ip.hdr_len", "Header Length", dec(8), 0x0f;
    IpDsfield = "ip.dsfield", "Differentiated Services Field", hex(8), 0;
    IpDsfieldDscp = "ip.dsfield.dscp", "Differentiated Services Codepoint", dec(8), 0xfc;
    IpDsfieldEcn = "ip.dsfield.ecn", "Explicit Congestion Notification", dec(8), 0x03;
    IpLen = "ip.len", "Total Length", dec(16), 0;
    IpId = "ip.id", "Identification", hex(16), 0;
    IpFlags = "ip.flags", "Flags", hex(8), 0;
    IpFlagsRb = "ip.flags.rb", "Reserved bit", Bool, 0x8000;
    IpFlagsDf = "ip.flags.df", "Don't fragment", Bool, 0x4000;
    IpFlagsMf = "ip.flags.mf", "More fragments", Bool, 0x2000;
    IpFragOffset = "ip.frag_offset", "Fragment Offset", dec(16), 0x1fff;
    IpTtl = "ip.ttl", "Time to Live", dec(8), 0;
    IpProto = "ip.proto", "Protocol", dec(8), 0;
    IpChecksum = "ip.checksum", "Header Checksum", hex(16), 0;
    IpChecksumStatus = "ip.checksum.status", "Header checksum status", dec(8), 0;
    IpSrc = "ip.src", "Source Address", Ipv4, 0;
    IpDst = "ip.dst", "Destination Address", Ipv4, 0;
    IpAddr = "ip.addr", "Source or Destination Address", Ipv4, 0;
    IpOptions = "ip.options", "Options", Bytes, 0;
    IpFragment = "ip.fragment", "IPv4 Fragment", dec(32), 0;
    IpReassembledIn = "ip.reassembled_in", "Reassembled IPv4 in frame", dec(32), 0;
    Ipv6 = "ipv6", "Internet Protocol Version 6", Protocol, 0;
    Ipv6Version = "ipv6.version", "Version", dec(8), 0xf0;
    Ipv6Tclass = "ipv6.tclass", "Traffic Class", hex(32), 0x0ff0_0000;
    Ipv6Flow = "ipv6.flow", "Flow Label", hex(24), 0x000f_ffff;
    Ipv6Plen = "ipv6.plen", "Payload Length", dec(16), 0;
    Ipv6Nxt = "ipv6.nxt", "Next Header", dec(8), 0;
    Ipv6Hlim = "ipv6.hlim", "Hop Limit", dec(8), 0;
    Ipv6Src = "ipv6.src", "Source Address", Ipv6, 0;
    Ipv6Dst = "ipv6.dst", "Destination Address", Ipv6, 0;
    Ipv6Addr = "ipv6.addr", "Source or Destination Address", Ipv6, 0;
    Ipv6ExtHdr = "ipv6.ext", "Extension Header", Protocol, 0;
    Ipv6FragmentOffset = "ipv6.fragment.offset", "Offset", dec(16), 0xfff8;
    Ipv6FragmentMore = "ipv6.fragment.more", "More Fragments", Bool, 0x0001;
    Ipv6FragmentId = "ipv6.fragment.id", "Identification", hex(32), 0;
    Ipv6ReassembledIn = "ipv6.reassembled_in", "Reassembled IPv6 in frame", dec(32), 0;
    Icmp = "icmp", "Internet Control Message Protocol", Protocol, 0;
    IcmpType = "icmp.type", "Type", dec(8), 0;
    IcmpCode = "icmp.code", "Code", dec(8), 0;
    IcmpChecksum = "icmp.checksum", "Checksum", hex(16), 0;
    IcmpChecksumStatus = "icmp.checksum.status", "Checksum Status", dec(8), 0;
    IcmpIdent = "icmp.ident", "Identifier (BE)", dec(16), 0;
    IcmpSeq = "icmp.seq", "Sequence Number (BE)", dec(16), 0;
    IcmpRespTo = "icmp.resp_to", "Response To", dec(32), 0;
    IcmpMtu = "icmp.mtu", "MTU of next hop", dec(16), 0;
    Icmpv6 = "icmpv6", "Internet Control Message Protocol v6", Protocol, 0;
    Icmpv6Type = "icmpv6.type", "Type", dec(8), 0;
    Icmpv6Code = "icmpv6.code", "Code", dec(8), 0;
    Icmpv6Checksum = "icmpv6.checksum", "Checksum", hex(16), 0;
    Icmpv6ChecksumStatus = "icmpv6.checksum.status", "Checksum Status", dec(8), 0;
    Icmpv6EchoIdentifier = "icmpv6.echo.identifier", "Identifier", hex(16), 0;
    Icmpv6EchoSequenceNumber = "icmpv6.echo.sequence_number", "Sequence", dec(16), 0;
    Icmpv6RespTo = "icmpv6.resp_to", "Response To", dec(32), 0;
    Tcp = "tcp", "Transmission Control Protocol", Protocol, 0;
    TcpSrcPort = "tcp.srcport", "Source Port", dec(16), 0;
    TcpDstPort = "tcp.dstport", "Destination Port", dec(16), 0;
    TcpPort = "tcp.port", "Source or Destination Port", dec(16), 0;
    TcpStream = "tcp.stream", "Stream index", dec(32), 0;
    TcpLen = "tcp.len", "TCP Segment Len", dec(32), 0;
    TcpSeq = "tcp.seq", "Sequence Number", dec(32), 0;
    TcpSeqRaw = "tcp.seq_raw", "Sequence Number (raw)", dec(32), 0;
    TcpNxtSeq = "tcp.nxtseq", "Next Sequence Number", dec(32), 0;
    TcpAck = "tcp.ack", "Acknowledgment Number", dec(32), 0;
    TcpAckRaw = "tcp.ack_raw", "Acknowledgment number (raw)", dec(32), 0;
    TcpHdrLen = "tcp.hdr_len", "Header Length", dec(8), 0;
    TcpFlags = "tcp.flags", "Flags", hex(16), 0x0fff;
    TcpFlagsRes = "tcp.flags.res", "Reserved", Bool, 0x0e00;
    TcpFlagsAe = "tcp.flags.ae", "Accurate ECN", Bool, 0x0100;
    TcpFlagsCwr = "tcp.flags.cwr", "Congestion Window Reduced", Bool, 0x0080;
    TcpFlagsEce = "tcp.flags.ece", "ECN-Echo", Bool, 0x0040;
    TcpFlagsUrg = "tcp.flags.urg", "Urgent", Bool, 0x0020;
    TcpFlagsAck = "tcp.flags.ack", "Acknowledgment", Bool, 0x0010;
    TcpFlagsPush = "tcp.flags.push", "Push", Bool, 0x0008;
    TcpFlagsReset = "tcp.flags.reset", "Reset", Bool, 0x0004;
    TcpFlagsSyn = "tcp.flags.syn", "Syn", Bool, 0x0002;
    TcpFlagsFin = "tcp.flags.fin", "Fin", Bool, 0x0001;
    TcpWindowSizeValue = "tcp.window_size_value", "Window", dec(16), 0;
    TcpChecksum = "tcp.checksum", "Checksum", hex(16), 0;
    TcpChecksumStatus = "tcp.checksum.status", "Checksum Status", dec(8), 0;
    TcpUrgentPointer = "tcp.urgent_pointer", "Urgent Pointer", dec(16), 0;
    TcpOptions = "tcp.options", "Options", Bytes, 0;
    TcpOptionKind = "tcp.option_kind", "Kind", dec(8), 0;
    TcpOptionsMssVal = "tcp.options.mss_val", "MSS Value", dec(16), 0;
    TcpOptionsWscaleShift = "tcp.options.wscale.shift", "Shift count", dec(8), 0;
    TcpOptionsSackPerm = "tcp.options.sack_perm", "TCP SACK Permitted Option", Protocol, 0;
    TcpOptionsSackLe = "tcp.options.sack_le", "left edge", dec(32), 0;
    TcpOptionsSackRe = "tcp.options.sack_re", "right edge", dec(32), 0;
    TcpOptionsTimestampTsval = "tcp.options.timestamp.tsval", "Timestamp value", dec(32), 0;
    TcpOptionsTimestampTsecr = "tcp.options.timestamp.tsecr", "Timestamp echo reply", dec(32), 0;
    TcpOptionsNop = "tcp.options.nop", "TCP Option - No-Operation (NOP)", Protocol, 0;
    TcpOptionsEol = "tcp.options.eol", "TCP Option - End of Option List (EOL)", Protocol, 0;
    TcpAnalysis = "tcp.analysis", "SEQ/ACK analysis", Flag, 0;
    TcpAnalysisAcksFrame = "tcp.analysis.acks_frame", "This is an ACK to the segment in frame", dec(32), 0;
    TcpAnalysisAckRtt = "tcp.analysis.ack_rtt", "The RTT to ACK the segment was", RelTime, 0;
    TcpAnalysisInitialRtt = "tcp.analysis.initial_rtt", "iRTT", RelTime, 0;
    TcpAnalysisBytesInFlight = "tcp.analysis.bytes_in_flight", "Bytes in flight", dec(32), 0;
    TcpAnalysisPushBytesSent = "tcp.analysis.push_bytes_sent", "Bytes sent since last PSH flag", dec(32), 0;
    TcpAnalysisFlags = "tcp.analysis.flags", "TCP Analysis Flags", Flag, 0;
    TcpAnalysisRetransmission = "tcp.analysis.retransmission", "This frame is a (suspected) retransmission", Flag, 0;
    TcpAnalysisFastRetransmission = "tcp.analysis.fast_retransmission", "This frame is a (suspected) fast retransmission", Flag, 0;
    TcpAnalysisSpuriousRetransmission = "tcp.analysis.spurious_retransmission", "This frame is a (suspected) spurious retransmission", Flag, 0;
    TcpAnalysisOutOfOrder = "tcp.analysis.out_of_order", "This frame is a (suspected) out-of-order segment", Flag, 0;
    TcpAnalysisReusedPorts = "tcp.analysis.reused_ports", "A new tcp session is started with the same ports as an earlier session in this trace", Flag, 0;
    TcpAnalysisLostSegment = "tcp.analysis.lost_segment", "Previous segment(s) not captured (common at capture start)", Flag, 0;
    TcpAnalysisAckLostSegment = "tcp.analysis.ack_lost_segment", "ACKed segment that wasn't captured (common at capture start)", Flag, 0;
    TcpAnalysisWindowUpdate = "tcp.analysis.window_update", "TCP window update", Flag, 0;
    TcpAnalysisWindowFull = "tcp.analysis.window_full", "TCP window specified by the receiver is now completely full", Flag, 0;
    TcpAnalysisKeepAlive = "tcp.analysis.keep_alive", "TCP keep-alive segment", Flag, 0;
    TcpAnalysisKeepAliveAck = "tcp.analysis.keep_alive_ack", "ACK to a TCP keep-alive segment", Flag, 0;
    TcpAnalysisDuplicateAck = "tcp.analysis.duplicate_ack", "Duplicate ACK", Flag, 0;
    TcpAnalysisDuplicateAckNum = "tcp.analysis.duplicate_ack_num", "Duplicate ACK #", dec(32), 0;
    TcpAnalysisDuplicateAckFrame = "tcp.analysis.duplicate_ack_frame", "Duplicate to the ACK in frame", dec(32), 0;
    TcpAnalysisZeroWindowProbe = "tcp.analysis.zero_window_probe", "TCP Zero Window Probe", Flag, 0;
    TcpAnalysisZeroWindow = "tcp.analysis.zero_window", "TCP Zero Window segment", Flag, 0;
    TcpAnalysisZeroWindowProbeAck = "tcp.analysis.zero_window_probe_ack", "ACK to a TCP Zero Window Probe", Flag, 0;
    TcpAnalysisRto = "tcp.analysis.rto", "The RTO for this segment was", RelTime, 0;
    TcpAnalysisRtoFrame = "tcp.analysis.rto_frame", "RTO based on delta from frame", dec(32), 0;
    TcpOptionsSackDsack = "tcp.options.sack.dsack", "D-SACK Sequence", Flag, 0;
    TcpOptionsSackDsackLe = "tcp.options.sack.dsack_le", "TCP D-SACK Left Edge", dec(32), 0;
    TcpOptionsSackDsackRe = "tcp.options.sack.dsack_re", "TCP D-SACK Right Edge", dec(32), 0;
    TcpConnectionSyn = "tcp.connection.syn", "Connection establish request (SYN)", Flag, 0;
    TcpConnectionSynack = "tcp.connection.synack", "Connection establish acknowledge (SYN+ACK)", Flag, 0;
    TcpConnectionFin = "tcp.connection.fin", "Connection finish (FIN)", Flag, 0;
    TcpConnectionFinActive = "tcp.connection.fin_active", "This frame initiates the connection closing", Flag, 0;
    TcpConnectionFinPassive = "tcp.connection.fin_passive", "This frame undergoes the connection closing", Flag, 0;
    TcpConnectionRst = "tcp.connection.rst", "Connection reset (RST)", Flag, 0;
    TcpTimestamps = "tcp.timestamps", "Timestamps", Text, 0;
    TcpTimeRelative = "tcp.time_relative", "Time since first frame in this TCP stream", RelTime, 0;
    TcpTimeDelta = "tcp.time_delta", "Time since previous frame in this TCP stream", RelTime, 0;
    TcpPayload = "tcp.payload", "TCP payload", Bytes, 0;
    TcpSegmentData = "tcp.segment_data", "TCP segment data", Bytes, 0;
    TcpReassembledIn = "tcp.reassembled_in", "Reassembled PDU in frame", dec(32), 0;
    TcpSegments = "tcp.segments", "Reassembled TCP Segments", Text, 0;
    Udp = "udp", "User Datagram Protocol", Protocol, 0;
    UdpSrcPort = "udp.srcport", "Source Port", dec(16), 0;
    UdpDstPort = "udp.dstport", "Destination Port", dec(16), 0;
    UdpPossibleTraceroute = "udp.possible_traceroute", "Possible traceroute", Flag, 0;
    UdpPort = "udp.port", "Source or Destination Port", dec(16), 0;
    UdpLength = "udp.length", "Length", dec(16), 0;
    UdpChecksum = "udp.checksum", "Checksum", hex(16), 0;
    UdpChecksumStatus = "udp.checksum.status", "Checksum Status", dec(8), 0;
    UdpStream = "udp.stream", "Stream index", dec(32), 0;
    UdpPayload = "udp.payload", "UDP payload", Bytes, 0;
    Dns = "dns", "Domain Name System", Protocol, 0;
    Mdns = "mdns", "Multicast Domain Name System", Protocol, 0;
    Llmnr = "llmnr", "Link-local Multicast Name Resolution", Protocol, 0;
    DnsLength = "dns.length", "Length", dec(16), 0;
    DnsId = "dns.id", "Transaction ID", hex(16), 0;
    DnsFlags = "dns.flags", "Flags", hex(16), 0;
    DnsFlagsResponse = "dns.flags.response", "Response", Bool, 0x8000;
    DnsFlagsOpcode = "dns.flags.opcode", "Opcode", dec(16), 0x7800;
    DnsFlagsAuthoritative = "dns.flags.authoritative", "Authoritative", Bool, 0x0400;
    DnsFlagsTruncated = "dns.flags.truncated", "Truncated", Bool, 0x0200;
    DnsFlagsRecdesired = "dns.flags.recdesired", "Recursion desired", Bool, 0x0100;
    DnsFlagsRecavail = "dns.flags.recavail", "Recursion available", Bool, 0x0080;
    DnsFlagsRcode = "dns.flags.rcode", "Reply code", dec(16), 0x000f;
    DnsCountQueries = "dns.count.queries", "Questions", dec(16), 0;
    DnsCountAnswers = "dns.count.answers", "Answer RRs", dec(16), 0;
    DnsCountAuthRr = "dns.count.auth_rr", "Authority RRs", dec(16), 0;
    DnsCountAddRr = "dns.count.add_rr", "Additional RRs", dec(16), 0;
    DnsCountZones = "dns.count.zones", "Zones", dec(16), 0;
    DnsCountPrerequisites = "dns.count.prerequisites", "Prerequisites", dec(16), 0;
    DnsCountUpdates = "dns.count.updates", "Updates", dec(16), 0;
    DnsQry = "dns.qry", "Queries", Text, 0;
    DnsQryName = "dns.qry.name", "Name", Str, 0;
    DnsQryType = "dns.qry.type", "Type", dec(16), 0;
    DnsQryQu = "dns.qry.qu", "\"QU\" question", Bool, 0;
    DnsQryClass = "dns.qry.class", "Class", hex(16), 0;
    DnsResp = "dns.resp", "Answers", Text, 0;
    DnsRespName = "dns.resp.name", "Name", Str, 0;
    DnsRespType = "dns.resp.type", "Type", dec(16), 0;
    DnsRespCacheFlush = "dns.resp.cache_flush", "Cache flush", Bool, 0;
    DnsRespClass = "dns.resp.class", "Class", hex(16), 0;
    DnsRespTtl = "dns.resp.ttl", "Time to live", dec(32), 0;
    DnsRespLen = "dns.resp.len", "Data length", dec(16), 0;
    DnsA = "dns.a", "Address", Ipv4, 0;
    DnsAaaa = "dns.aaaa", "AAAA Address", Ipv6, 0;
    DnsCname = "dns.cname", "CNAME", Str, 0;
    DnsNs = "dns.ns", "Name Server", Str, 0;
    DnsPtr = "dns.ptr.domain_name", "Domain Name", Str, 0;
    DnsMxPreference = "dns.mx.preference", "Preference", dec(16), 0;
    DnsMx = "dns.mx.mail_exchange", "Mail Exchange", Str, 0;
    DnsSrvService = "dns.srv.service", "Service", Str, 0;
    DnsSrvProto = "dns.srv.proto", "Protocol", Str, 0;
    DnsSrvName = "dns.srv.name", "Name", Str, 0;
    DnsSrvPriority = "dns.srv.priority", "Priority", dec(16), 0;
    DnsSrvWeight = "dns.srv.weight", "Weight", dec(16), 0;
    DnsSrvPort = "dns.srv.port", "Port", dec(16), 0;
    DnsSrvTarget = "dns.srv.target", "Target", Str, 0;
    DnsTxt = "dns.txt", "TXT", Str, 0;
    DnsResponseIn = "dns.response_in", "Response In", dec(32), 0;
    DnsResponseTo = "dns.response_to", "Request In", dec(32), 0;
    DnsTime = "dns.time", "Time", RelTime, 0;
    DnsRetransmitRequest = "dns.retransmit_request", "DNS query retransmission", Flag, 0;
    DnsRetransmitRequestIn = "dns.retransmit_request_in", "Retransmitted request. Original request in", dec(32), 0;
    DnsRetransmitResponse = "dns.retransmit_response", "DNS response retransmission", Flag, 0;
    DnsRetransmitResponseIn = "dns.retransmit_response_in", "Retransmitted response. Original response in", dec(32), 0;
    DnsRetransmission = "dns.retransmission", "Retransmission", Bool, 0;
    DnsUnsolicited = "dns.unsolicited", "Unsolicited", Bool, 0;
    Http = "http", "Hypertext Transfer Protocol", Protocol, 0;
    HttpRequest = "http.request", "Request", Bool, 0;
    HttpNotification = "http.notification", "Notification", Bool, 0;
    HttpChat = "http.chat", "Chat", Flag, 0;
    HttpResponse = "http.response", "Response", Bool, 0;
    HttpRequestMethod = "http.request.method", "Request Method", Str, 0;
    HttpRequestUri = "http.request.uri", "Request URI", Str, 0;
    HttpRequestVersion = "http.request.version", "Request Version", Str, 0;
    HttpResponseVersion = "http.response.version", "Response Version", Str, 0;
    HttpResponseCode = "http.response.code", "Status Code", dec(16), 0;
    HttpResponsePhrase = "http.response.phrase", "Response Phrase", Str, 0;
    HttpHost = "http.host", "Host", Str, 0;
    HttpUserAgent = "http.user_agent", "User-Agent", Str, 0;
    HttpContentType = "http.content_type", "Content-Type", Str, 0;
    HttpContentLength = "http.content_length", "Content length", dec(64), 0;
    HttpServer = "http.server", "Server", Str, 0;
    HttpConnection = "http.connection", "Connection", Str, 0;
    HttpAccept = "http.accept", "Accept", Str, 0;
    HttpReferer = "http.referer", "Referer", Str, 0;
    HttpCookie = "http.cookie", "Cookie", Str, 0;
    HttpLocation = "http.location", "Location", Str, 0;
    HttpFileData = "http.file_data", "File Data", Bytes, 0;
    Tls = "tls", "Transport Layer Security", Protocol, 0;
    TlsRecord = "tls.record", "Record Layer", Text, 0;
    TlsRecordContentType = "tls.record.content_type", "Content Type", dec(8), 0;
    TlsRecordOpaqueType = "tls.record.opaque_type", "Opaque Type", dec(8), 0;
    TlsRecordVersion = "tls.record.version", "Version", hex(16), 0;
    TlsRecordLength = "tls.record.length", "Length", dec(16), 0;
    TlsHandshake = "tls.handshake", "Handshake Protocol", Text, 0;
    TlsHandshakeType = "tls.handshake.type", "Handshake Type", dec(8), 0;
    TlsHandshakeLength = "tls.handshake.length", "Length", dec(24), 0;
    TlsHandshakeVersion = "tls.handshake.version", "Version", hex(16), 0;
    TlsHandshakeRandom = "tls.handshake.random", "Random", Bytes, 0;
    TlsHandshakeSessionId = "tls.handshake.session_id", "Session ID", Bytes, 0;
    TlsHandshakeCiphersuite = "tls.handshake.ciphersuite", "Cipher Suite", hex(16), 0;
    TlsHandshakeExtensionType = "tls.handshake.extension.type", "Type", dec(16), 0;
    TlsHandshakeExtensionsServerName = "tls.handshake.extensions_server_name", "Server Name", Str, 0;
    TlsHandshakeExtensionsAlpnStr = "tls.handshake.extensions_alpn_str", "ALPN Next Protocol", Str, 0;
    TlsHandshakeExtensionsSupportedVersion = "tls.handshake.extensions.supported_version", "Supported Version", hex(16), 0;
    TlsAlertLevel = "tls.alert_message.level", "Level", dec(8), 0;
    TlsAlertDesc = "tls.alert_message.desc", "Description", dec(8), 0;
    TlsAppData = "tls.app_data", "Encrypted Application Data", Bytes, 0;
    Stp = "stp", "Spanning Tree Protocol", Protocol, 0;
    StpProtocol = "stp.protocol", "Protocol Identifier", hex(16), 0;
    StpVersion = "stp.version", "Protocol Version Identifier", dec(8), 0;
    StpType = "stp.type", "BPDU Type", hex(8), 0;
    StpFlags = "stp.flags", "BPDU flags", hex(8), 0;
    StpRootPrio = "stp.root.prio", "Root Bridge Priority", dec(16), 0;
    StpRootExt = "stp.root.ext", "Root Bridge System ID Extension", dec(16), 0;
    StpRootHw = "stp.root.hw", "Root Bridge System ID", Ether, 0;
    StpRootCost = "stp.root.cost", "Root Path Cost", dec(32), 0;
    StpBridgePrio = "stp.bridge.prio", "Bridge Priority", dec(16), 0;
    StpBridgeExt = "stp.bridge.ext", "Bridge System ID Extension", dec(16), 0;
    StpBridgeHw = "stp.bridge.hw", "Bridge System ID", Ether, 0;
    StpPort = "stp.port", "Port identifier", hex(16), 0;
    Ssdp = "ssdp", "Simple Service Discovery Protocol", Protocol, 0;
    Ntp = "ntp", "Network Time Protocol", Protocol, 0;
    NtpFlags = "ntp.flags", "Flags", hex(8), 0;
    NtpFlagsLi = "ntp.flags.li", "Leap Indicator", dec(8), 0xc0;
    NtpFlagsVn = "ntp.flags.vn", "Version number", dec(8), 0x38;
    NtpFlagsMode = "ntp.flags.mode", "Mode", dec(8), 0x07;
    NtpStratum = "ntp.stratum", "Peer Clock Stratum", dec(8), 0;
    NtpPpoll = "ntp.ppoll", "Peer Polling Interval", dec(8), 0;
    NtpPrecision = "ntp.precision", "Peer Clock Precision", dec(8), 0;
    Dhcp = "dhcp", "Dynamic Host Configuration Protocol", Protocol, 0;
    DhcpType = "dhcp.type", "Message type", dec(8), 0;
    DhcpHwType = "dhcp.hw.type", "Hardware type", hex(8), 0;
    DhcpHwLen = "dhcp.hw.len", "Hardware address length", dec(8), 0;
    DhcpHops = "dhcp.hops", "Hops", dec(8), 0;
    DhcpId = "dhcp.id", "Transaction ID", hex(32), 0;
    DhcpSecs = "dhcp.secs", "Seconds elapsed", dec(16), 0;
    DhcpFlags = "dhcp.flags", "Bootp flags", hex(16), 0;
    DhcpIpClient = "dhcp.ip.client", "Client IP address", Ipv4, 0;
    DhcpIpYour = "dhcp.ip.your", "Your (client) IP address", Ipv4, 0;
    DhcpIpServer = "dhcp.ip.server", "Next server IP address", Ipv4, 0;
    DhcpIpRelay = "dhcp.ip.relay", "Relay agent IP address", Ipv4, 0;
    DhcpHwMacAddr = "dhcp.hw.mac_addr", "Client MAC address", Ether, 0;
    DhcpServer = "dhcp.server", "Server host name", Str, 0;
    DhcpFile = "dhcp.file", "Boot file name", Str, 0;
    DhcpCookie = "dhcp.cookie", "Magic cookie", Text, 0;
    DhcpOption = "dhcp.option.type", "Option", dec(8), 0;
    DhcpOptionLength = "dhcp.option.length", "Length", dec(8), 0;
    DhcpOptionDhcp = "dhcp.option.dhcp", "DHCP", dec(8), 0;
    DhcpOptionHostname = "dhcp.option.hostname", "Host Name", Str, 0;
    DhcpOptionRequestedIp = "dhcp.option.requested_ip_address", "Requested IP Address", Ipv4, 0;
    DhcpOptionServerId = "dhcp.option.dhcp_server_id", "DHCP Server Identifier", Ipv4, 0;
    DhcpOptionSubnetMask = "dhcp.option.subnet_mask", "Subnet Mask", Ipv4, 0;
    DhcpOptionRouter = "dhcp.option.router", "Router", Ipv4, 0;
    DhcpOptionLeaseTime = "dhcp.option.ip_address_lease_time", "IP Address Lease Time", dec(32), 0;
    DhcpOptionEnd = "dhcp.option.end", "Option End", dec(8), 0;
    DataTextLines = "data-text-lines", "Line-based text data", Protocol, 0;
    Media = "media", "Media Type", Protocol, 0;
    Xml = "xml", "eXtensible Markup Language", Protocol, 0;
    Json = "json", "JavaScript Object Notation", Protocol, 0;
    UrlencodedForm = "urlencoded-form", "HTML Form URL Encoded", Protocol, 0;
    UrlencodedFormItem = "urlencoded-form.item", "Form item", Text, 0;
    UrlencodedFormKey = "urlencoded-form.key", "Key", Str, 0;
    UrlencodedFormValue = "urlencoded-form.value", "Value", Str, 0;
    Data = "data", "Data", Protocol, 0;
    DataData = "data.data", "Data", Bytes, 0;
    DataLen = "data.len", "Length", dec(32), 0;
}

/// A registered field: a built-in one (its number indexes [`FIELDS`]) or one a protocol
/// description registered at run time (numbers from `FIELDS.len()` on, see [`registry`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Field(u16);

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Field({})", self.name())
    }
}

static BY_NAME: LazyLock<rustc_hash::FxHashMap<&'static str, Field>> =
    LazyLock::new(|| ALL.iter().map(|f| (f.def().name, *f)).collect());

impl Field {
    /// The field's definition.
    pub fn def(self) -> &'static FieldDef {
        match FIELDS.get(usize::from(self.0)) {
            Some(def) => def,
            None => registry::def(usize::from(self.0) - FIELDS.len()),
        }
    }

    /// The filter name, e.g. `ip.src`.
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// Finds a field by its filter name: a built-in one, else one of the loaded descriptions.
    pub fn by_name(name: &str) -> Option<Field> {
        BY_NAME
            .get(name)
            .copied()
            .or_else(|| registry::by_name(name))
    }

    /// Every built-in field.
    pub fn all() -> &'static [Field] {
        ALL
    }

    /// Every field a filter can name now: the built-in ones, then the described ones.
    pub fn every() -> Vec<Field> {
        let mut all = ALL.to_vec();
        all.extend(registry::active());
        all
    }

    /// This field was registered by a protocol description.
    pub fn is_described(self) -> bool {
        usize::from(self.0) >= FIELDS.len()
    }
}

pub mod registry;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_resolve() {
        assert_eq!(BY_NAME.len(), FIELDS.len());
        assert!(FIELDS.len() < usize::from(u16::MAX));
        assert_eq!(Field::by_name("tcp.srcport"), Some(Field::TcpSrcPort));
        assert_eq!(Field::TcpSrcPort.def().display, "Source Port");
        for f in Field::all() {
            assert_eq!(Field::by_name(f.name()), Some(*f));
        }
    }
}
