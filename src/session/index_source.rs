//! Answers filter questions from the index alone (records + flow table), so most packets of
//! common filters are decided without reading or dissecting them. Anything the index does not
//! know exactly is "unknown", and the packet is then dissected.

use crate::dissect::Field;
use crate::dissect::context::TransportKind;
use crate::filter::{Getter, Source, Val};
use crate::store::record::flags;
use crate::store::{FlowTable, NO_FLOW, PacketRecord, ProtoSet};
use std::net::IpAddr;

/// Index facts of one packet.
pub struct IndexSource<'a> {
    /// Its record.
    pub record: &'a PacketRecord,
    /// The capture's flows.
    pub flows: &'a FlowTable,
    /// 1-based frame number.
    pub number: u64,
}

/// The protocol whose layer must be present for `field` to occur (`tcp` for `tcp.port`).
fn owner(field: Field) -> Option<Field> {
    let name = field.name();
    // `ip.version` also occurs (hidden) inside IPv6 headers.
    if field == Field::IpVersion {
        return None;
    }
    let proto = name.split_once('.').map_or(name, |(p, _)| p);
    Field::by_name(proto).filter(|p| ProtoSet::bit(*p).is_some())
}

/// Layers whose fields are named after another protocol: (layer, protocol of its field names).
/// mDNS and LLMNR carry `dns.*` fields, SSDP carries `http.*`.
const BORROWED_FIELDS: &[(Field, Field)] = &[
    (Field::Mdns, Field::Dns),
    (Field::Llmnr, Field::Dns),
    (Field::Ssdp, Field::Http),
];

fn ip_val(a: IpAddr) -> Val {
    match a {
        IpAddr::V4(v) => Val::V4(u32::from(v)),
        IpAddr::V6(v) => Val::V6(u128::from(v)),
    }
}

impl IndexSource<'_> {
    fn has(&self, proto: Field) -> bool {
        ProtoSet(self.record.protocols).contains(proto)
    }

    /// A layer that carries `owner`'s fields is present (its own, or one that borrows them).
    fn has_owner(&self, owner: Field) -> bool {
        self.has(owner)
            || BORROWED_FIELDS
                .iter()
                .any(|(layer, named_after)| *named_after == owner && self.has(*layer))
    }

    /// Values the record itself holds.
    fn frame_values(&self, field: Field) -> Option<Vec<Val>> {
        let r = self.record;
        Some(vec![match field {
            Field::FrameNumber => Val::U(self.number),
            Field::FrameLen => Val::U(u64::from(r.orig_len)),
            Field::FrameCapLen => Val::U(u64::from(r.cap_len)),
            Field::FrameTimeEpoch | Field::FrameTime => match r.time_ns() {
                Some(ns) => Val::Time(ns),
                None => return Some(Vec::new()),
            },
            Field::FrameInterfaceId => Val::U(u64::from(r.interface)),
            Field::FrameMarked => Val::Bool(r.flags & flags::MARKED != 0),
            _ => return None,
        }])
    }

    /// Values of the single outer TCP/UDP + IP layer, from the flow table.
    fn flow_values(&self, field: Field) -> Option<Vec<Val>> {
        let r = self.record;
        if r.flow == NO_FLOW || r.flags & (flags::NESTED | flags::FRAGMENT) != 0 {
            return None;
        }
        let flow = self.flows.get(r.flow)?;
        let reverse = r.flags & flags::REVERSE != 0;
        let (src, dst) = if reverse {
            (flow.b, flow.a)
        } else {
            (flow.a, flow.b)
        };
        let tcp = flow.kind == TransportKind::Tcp;
        let v4 = src.0.is_ipv4();
        let bit = |mask: u16| Val::Bool(r.tcp_flags & mask != 0);
        let port = |p: u16| Val::U(u64::from(p));
        Some(match field {
            Field::TcpSrcPort | Field::UdpSrcPort if tcp == (field == Field::TcpSrcPort) => {
                vec![port(src.1)]
            }
            Field::TcpDstPort | Field::UdpDstPort if tcp == (field == Field::TcpDstPort) => {
                vec![port(dst.1)]
            }
            Field::TcpPort | Field::UdpPort if tcp == (field == Field::TcpPort) => {
                vec![port(src.1), port(dst.1)]
            }
            Field::TcpStream if tcp => vec![Val::U(u64::from(flow.stream))],
            Field::UdpStream if !tcp => vec![Val::U(u64::from(flow.stream))],
            Field::IpSrc | Field::Ipv6Src if v4 == (field == Field::IpSrc) => vec![ip_val(src.0)],
            Field::IpDst | Field::Ipv6Dst if v4 == (field == Field::IpDst) => vec![ip_val(dst.0)],
            Field::IpAddr | Field::Ipv6Addr if v4 == (field == Field::IpAddr) => {
                vec![ip_val(src.0), ip_val(dst.0)]
            }
            Field::TcpFlags if tcp => vec![Val::U(u64::from(r.tcp_flags))],
            Field::TcpFlagsSyn if tcp => vec![bit(0x002)],
            Field::TcpFlagsAck if tcp => vec![bit(0x010)],
            Field::TcpFlagsFin if tcp => vec![bit(0x001)],
            Field::TcpFlagsReset if tcp => vec![bit(0x004)],
            Field::TcpFlagsPush if tcp => vec![bit(0x008)],
            Field::TcpFlagsUrg if tcp => vec![bit(0x020)],
            _ => return None,
        })
    }
}

impl Source for IndexSource<'_> {
    fn values(&self, g: &Getter) -> Option<Vec<Val>> {
        let field = g.field();
        if let Some(p) = owner(field)
            && !self.has_owner(p)
        {
            return Some(Vec::new());
        }
        match g {
            Getter::Field(f) => self.frame_values(*f).or_else(|| self.flow_values(*f)),
            _ => None,
        }
    }

    fn exists(&self, g: &Getter) -> Option<bool> {
        if let Getter::Field(f) = g {
            if ProtoSet::bit(*f).is_some() {
                return Some(self.has(*f));
            }
            if let Some(p) = owner(*f)
                && !self.has_owner(p)
            {
                return Some(false);
            }
        }
        self.values(g).map(|v| !v.is_empty())
    }
}
