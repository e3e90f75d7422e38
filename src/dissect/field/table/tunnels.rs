//! Tunnel payloads in Rust: the ERSPAN mirror headers (types I, II and III) GRE carries (GRE
//! itself is a bundled description, `assets/protocols/gre.wlp`).

use super::super::{Field, FieldDef, Kind, dec};
use Kind::{Bool, Protocol};

field_group! {
    first = super::netbios::NEXT;
    Erspan = "erspan", "Encapsulated Remote Switch Packet ANalysis", Protocol, 0;
    ErspanVersion = "erspan.version", "Version", dec(16), 0xf000;
    ErspanVlan = "erspan.vlan", "Vlan", dec(16), 0x0fff;
    ErspanCos = "erspan.cos", "COS", dec(16), 0xe000;
    ErspanEncap = "erspan.encap", "Encap", dec(16), 0x1800;
    ErspanBso = "erspan.bso", "Bad/Short/Oversized", dec(16), 0x1800;
    ErspanTruncated = "erspan.truncated", "Truncated", dec(16), 0x0400;
    ErspanSpanid = "erspan.spanid", "SpanID", dec(16), 0x03ff;
    ErspanReserved = "erspan.reserved", "Reserved", dec(32), 0xfff0_0000;
    ErspanIndex = "erspan.index", "Index", dec(32), 0x000f_ffff;
    ErspanTimestamp = "erspan.timestamp", "Timestamp", dec(32), 0xffff_ffff;
    ErspanSgt = "erspan.sgt", "Security Group Tag", dec(16), 0xffff;
    ErspanP = "erspan.p", "Has Ethernet PDU", dec(16), 0x8000;
    ErspanFt = "erspan.ft", "Frame Type", dec(16), 0x7c00;
    ErspanHw = "erspan.hw", "Hardware ID", dec(16), 0x03f0;
    ErspanDirection = "erspan.direction", "Direction", Bool, 0x0008;
    ErspanGra = "erspan.gra", "Timestamp granularity", dec(16), 0x0006;
    ErspanO = "erspan.o", "Optional Sub headers", dec(16), 0x0001;
    ErspanPlatid = "erspan.platid", "Platform ID", dec(32), 0xfc00_0000;
    ErspanPid1Rsvd1 = "erspan.pid1.rsvd1", "Reserved", dec(32), 0x03ff_f000;
    ErspanPid1Vsmid = "erspan.pid1.vsmid", "VSM Domain ID", dec(32), 0x0000_0fff;
    ErspanPid1PortIndex = "erspan.pid1.port_index", "Port ID/Index", dec(32), 0xffff_ffff;
    ErspanPid3Rsvd1 = "erspan.pid3.rsvd1", "Reserved", dec(32), 0x03ff_c000;
    ErspanPid3PortIndex = "erspan.pid3.port_index", "Port ID/Index", dec(32), 0x0000_3fff;
    ErspanPid3Timestamp = "erspan.pid3.timestamp", "Upper 32-bit Timestamp", dec(32), 0xffff_ffff;
    ErspanPid4Rsvd1 = "erspan.pid4.rsvd1", "Reserved", dec(32), 0x03ff_c000;
    ErspanPid4Rsvd2 = "erspan.pid4.rsvd2", "Reserved", dec(32), 0x0000_3fff;
    ErspanPid4Rsvd3 = "erspan.pid4.rsvd3", "Reserved", dec(32), 0xffff_ffff;
    ErspanPid5Switchid = "erspan.pid5.switchid", "Switch ID", dec(32), 0x03ff_0000;
    ErspanPid5PortIndex = "erspan.pid5.port_index", "Port ID/Index", dec(32), 0x0000_ffff;
    ErspanPid5Timestamp = "erspan.pid5.timestamp", "Timestamp (seconds)", dec(32), 0xffff_ffff;
    ErspanPid7Rsvd1 = "erspan.pid7.rsvd1", "Reserved", dec(32), 0x03f0_0000;
    ErspanPid7SourceIndex = "erspan.pid7.source_index", "Source Index", dec(32), 0x000f_ffff;
    ErspanPid7Timestamp = "erspan.pid7.timestamp", "Upper 32-bit Timestamp", dec(32), 0xffff_ffff;
    ErspanPidRsvd = "erspan.pid.rsvd", "Reserved", dec(64), 0x03ff_ffff;
}
