//! The layers a packet can be built from, one encoder per protocol. Each knows the fields it
//! takes (display-filter names), their defaults (scapy's, so explicit values give scapy's
//! bytes), and which are derived: lengths, checksums and next-protocol numbers are computed
//! from the layers around them unless the spec gives them, which pins them.
//!
//! Encoding runs innermost layer first (gopacket's order): each encoder gets the bytes of
//! everything it carries, so every length and checksum covers final bytes.

mod arp;
mod data;
mod dns;
mod eth;
mod icmp;
mod icmpv6;
mod ipv4;
mod ipv6;
mod tcp;
mod udp;
mod vlan;

pub(crate) use tcp::options as tcp_options;

use super::CraftError;
use crate::dissect::{Field, Value};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A protocol the builder can encode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Proto {
    /// Ethernet II.
    Eth,
    /// IEEE 802.1Q tag.
    Vlan,
    /// ARP.
    Arp,
    /// IPv4.
    Ip,
    /// IPv6 (no extension headers; carry them as `data`).
    Ipv6,
    /// ICMP.
    Icmp,
    /// ICMPv6.
    Icmpv6,
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// DNS (over UDP, or TCP with its length prefix).
    Dns,
    /// Raw bytes.
    Data,
    /// A protocol of the loaded descriptions (its index in the installed set).
    Described(u16),
}

/// A field a layer takes.
#[derive(Debug, Clone, Copy)]
pub struct Settable {
    /// The field.
    pub field: Field,
    /// Computed from the other layers unless given (then pinned as given).
    pub derived: bool,
}

const fn plain(field: Field) -> Settable {
    Settable {
        field,
        derived: false,
    }
}

const fn derived(field: Field) -> Settable {
    Settable {
        field,
        derived: true,
    }
}

impl Proto {
    /// Every layer, in the order the docs list them.
    pub const ALL: [Proto; 11] = [
        Proto::Eth,
        Proto::Vlan,
        Proto::Arp,
        Proto::Ip,
        Proto::Ipv6,
        Proto::Icmp,
        Proto::Icmpv6,
        Proto::Tcp,
        Proto::Udp,
        Proto::Dns,
        Proto::Data,
    ];

    /// The display-filter protocol name.
    pub fn name(self) -> &'static str {
        match self {
            Proto::Described(i) => described(i, |_, p| p.layer).unwrap_or("data"),
            _ => self.field().name(),
        }
    }

    /// The protocol's field in the registry.
    pub fn field(self) -> Field {
        match self {
            Proto::Eth => Field::Eth,
            Proto::Vlan => Field::Vlan,
            Proto::Arp => Field::Arp,
            Proto::Ip => Field::Ip,
            Proto::Ipv6 => Field::Ipv6,
            Proto::Icmp => Field::Icmp,
            Proto::Icmpv6 => Field::Icmpv6,
            Proto::Tcp => Field::Tcp,
            Proto::Udp => Field::Udp,
            Proto::Dns => Field::Dns,
            Proto::Data => Field::Data,
            Proto::Described(i) => described(i, |plan, p| plan.field(p.field))
                .flatten()
                .unwrap_or(Field::Data),
        }
    }

    /// The layer for a protocol name.
    pub fn by_name(name: &str) -> Option<Proto> {
        Proto::ALL
            .into_iter()
            .find(|p| p.name() == name)
            .or_else(|| {
                let set = crate::describe::load::active()?;
                let i = set.plan.protocol(name)?;
                u16::try_from(i).ok().map(Proto::Described)
            })
    }

    /// The layer for a protocol field of a dissection.
    pub fn of_field(field: Field) -> Option<Proto> {
        Proto::ALL
            .into_iter()
            .find(|p| p.field() == field)
            .or_else(|| {
                let set = crate::describe::load::active()?;
                let i = set
                    .plan
                    .protocols
                    .iter()
                    .position(|p| set.plan.field(p.field) == Some(field))?;
                u16::try_from(i).ok().map(Proto::Described)
            })
    }

    /// Every layer: the built-in ones, then the loaded descriptions'.
    pub fn every() -> Vec<Proto> {
        let mut all = Proto::ALL.to_vec();
        if let Some(set) = crate::describe::load::active() {
            let n = u16::try_from(set.plan.protocols.len()).unwrap_or(u16::MAX);
            all.extend((0..n).map(Proto::Described));
        }
        all
    }

    /// The fields this layer takes, in their wire order.
    pub fn fields(self) -> std::borrow::Cow<'static, [Settable]> {
        use std::borrow::Cow::Borrowed;
        Borrowed(match self {
            Proto::Eth => eth::FIELDS,
            Proto::Vlan => vlan::FIELDS,
            Proto::Arp => arp::FIELDS,
            Proto::Ip => ipv4::FIELDS,
            Proto::Ipv6 => ipv6::FIELDS,
            Proto::Icmp => icmp::FIELDS,
            Proto::Icmpv6 => icmpv6::FIELDS,
            Proto::Tcp => tcp::FIELDS,
            Proto::Udp => udp::FIELDS,
            Proto::Dns => dns::FIELDS,
            Proto::Data => data::FIELDS,
            Proto::Described(i) => {
                let fields = described(i, |plan, p| {
                    p.settable()
                        .into_iter()
                        .filter_map(|(id, derived)| {
                            Some(Settable {
                                field: plan.field(id)?,
                                derived,
                            })
                        })
                        .collect::<Vec<_>>()
                });
                return std::borrow::Cow::Owned(fields.unwrap_or_default());
            }
        })
    }

    /// The field `name` (`ttl` or `ip.ttl`; `seq` means the raw `tcp.seq_raw`) names in
    /// this layer.
    pub fn resolve(self, name: &str) -> Option<Field> {
        let full = if name.starts_with(&format!("{}.", self.name())) {
            name.to_string()
        } else {
            format!("{}.{name}", self.name())
        };
        let full = match full.as_str() {
            "tcp.seq" => "tcp.seq_raw",
            "tcp.ack" => "tcp.ack_raw",
            // scapy's names, for its users' fingers.
            "tcp.sport" => "tcp.srcport",
            "tcp.dport" => "tcp.dstport",
            "tcp.window" => "tcp.window_size_value",
            "tcp.chksum" => "tcp.checksum",
            "udp.sport" => "udp.srcport",
            "udp.dport" => "udp.dstport",
            "udp.len" => "udp.length",
            "udp.chksum" => "udp.checksum",
            "ip.chksum" => "ip.checksum",
            other => other,
        };
        let field = Field::by_name(full)?;
        self.fields()
            .iter()
            .any(|s| s.field == field)
            .then_some(field)
    }

    /// True when `field` of this layer is computed unless given.
    pub fn is_derived(self, field: Field) -> bool {
        self.fields().iter().any(|s| s.field == field && s.derived)
    }

    /// The EtherType announcing this layer (for the layer below).
    fn ethertype(self) -> Option<u16> {
        if let Proto::Described(i) = self {
            return bound(i, crate::dissect::custom::Table::EtherType);
        }
        match self {
            Proto::Vlan => Some(0x8100),
            Proto::Arp => Some(0x0806),
            Proto::Ip => Some(0x0800),
            Proto::Ipv6 => Some(0x86dd),
            _ => None,
        }
    }

    /// The UDP port a described layer is bound to (for the UDP layer below it).
    fn udp_port(self) -> Option<u16> {
        let Proto::Described(i) = self else {
            return None;
        };
        bound(i, crate::dissect::custom::Table::UdpPort)
    }

    /// The IP protocol number announcing this layer.
    fn ip_proto(self) -> Option<u8> {
        if let Proto::Described(i) = self {
            return bound(i, crate::dissect::custom::Table::IpProto);
        }
        match self {
            Proto::Icmp => Some(1),
            Proto::Ip => Some(4),
            Proto::Tcp => Some(6),
            Proto::Udp => Some(17),
            Proto::Ipv6 => Some(41),
            Proto::Icmpv6 => Some(58),
            _ => None,
        }
    }
}

/// One layer with its values for one packet.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// Which protocol.
    pub proto: Proto,
    /// Its fields in the order given (`Value::None` for a value-less item).
    pub fields: Vec<(Field, Value)>,
}

impl Layer {
    /// A layer with no fields given (every default).
    pub fn new(proto: Proto) -> Layer {
        Layer {
            proto,
            fields: Vec::new(),
        }
    }

    /// The last value given for `field`.
    pub fn get(&self, field: Field) -> Option<&Value> {
        self.fields
            .iter()
            .rev()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v)
    }

    /// An integer field, or `default`.
    pub fn uint(&self, field: Field, default: u64) -> u64 {
        match self.get(field) {
            Some(Value::UInt(v)) => *v,
            Some(Value::Bool(b)) => u64::from(*b),
            _ => default,
        }
    }

    /// A pinned integer (given in the spec), if any.
    pub fn pinned(&self, field: Field) -> Option<u64> {
        match self.get(field) {
            Some(Value::UInt(v)) => Some(*v),
            Some(Value::Bool(b)) => Some(u64::from(*b)),
            _ => None,
        }
    }

    /// A flag field, or `default`.
    pub fn flag(&self, field: Field, default: bool) -> bool {
        self.uint(field, u64::from(default)) != 0
    }

    /// An IPv4 field, or `default`.
    pub fn ipv4(&self, field: Field, default: Ipv4Addr) -> Ipv4Addr {
        match self.get(field) {
            Some(Value::Ipv4(a)) => *a,
            _ => default,
        }
    }

    /// An IPv6 field, or `default`.
    pub fn ipv6(&self, field: Field, default: Ipv6Addr) -> Ipv6Addr {
        match self.get(field) {
            Some(Value::Ipv6(a)) => *a,
            _ => default,
        }
    }

    /// A MAC field, or `default`.
    pub fn ether(&self, field: Field, default: [u8; 6]) -> [u8; 6] {
        match self.get(field) {
            Some(Value::Ether(m)) => *m,
            Some(Value::Bytes(b)) => <[u8; 6]>::try_from(&b[..]).unwrap_or(default),
            _ => default,
        }
    }

    /// A byte-string (or text) field.
    pub fn bytes(&self, field: Field) -> Option<Vec<u8>> {
        self.get(field).and_then(Value::to_bytes)
    }
}

/// Where a layer sits in the stack being encoded.
pub struct Ctx<'a> {
    layers: &'a [Layer],
    index: usize,
}

impl Ctx<'_> {
    /// The layer right above this one (its payload's protocol).
    fn next(&self) -> Option<Proto> {
        self.layers.get(self.index + 1).map(|l| l.proto)
    }

    /// The layer right below this one.
    fn previous(&self) -> Option<Proto> {
        self.index
            .checked_sub(1)
            .and_then(|i| self.layers.get(i))
            .map(|l| l.proto)
    }

    /// Source and destination of the nearest IP layer below (for pseudo-header checksums).
    fn net(&self) -> Option<(IpAddr, IpAddr)> {
        let below = self.layers.get(..self.index)?;
        below.iter().rev().find_map(|l| match l.proto {
            Proto::Ip => Some(ipv4::addresses(l)),
            Proto::Ipv6 => Some(ipv6::addresses(l)),
            _ => None,
        })
    }
}

/// Encodes `layers` (outermost first) into one frame.
pub fn encode(layers: &[Layer]) -> Result<Vec<u8>, CraftError> {
    let mut payload = Vec::new();
    for index in (0..layers.len()).rev() {
        let Some(layer) = layers.get(index) else {
            continue;
        };
        let ctx = Ctx { layers, index };
        payload = encode_one(layer, payload, &ctx)?;
    }
    Ok(payload)
}

fn encode_one(layer: &Layer, payload: Vec<u8>, ctx: &Ctx) -> Result<Vec<u8>, CraftError> {
    match layer.proto {
        Proto::Eth => Ok(eth::encode(layer, payload, ctx)),
        Proto::Vlan => Ok(vlan::encode(layer, payload, ctx)),
        Proto::Arp => Ok(arp::encode(layer, payload)),
        Proto::Ip => ipv4::encode(layer, payload, ctx),
        Proto::Ipv6 => ipv6::encode(layer, payload, ctx),
        Proto::Icmp => Ok(icmp::encode(layer, payload)),
        Proto::Icmpv6 => Ok(icmpv6::encode(layer, payload, ctx)),
        Proto::Tcp => tcp::encode(layer, payload, ctx),
        Proto::Udp => Ok(udp::encode(layer, payload, ctx)),
        Proto::Dns => dns::encode(layer, payload, ctx),
        Proto::Data => Ok(data::encode(layer, payload)),
        Proto::Described(i) => {
            let set = crate::describe::load::active()
                .ok_or_else(|| CraftError::new("no protocol descriptions are loaded"))?;
            let proto = set
                .plan
                .protocols
                .get(usize::from(i))
                .ok_or_else(|| CraftError::new("that description is no longer loaded"))?;
            let mut values = layer.fields.clone();
            if let Some((field, v)) = implied_next(&set.plan, proto, ctx)
                && layer.get(field).is_none()
            {
                values.insert(0, (field, v));
            }
            crate::describe::encode::encode(&set.plan, proto, &values, &payload)
                .map_err(CraftError::new)
        }
    }
}

/// The value of the field a described layer's `next ethertype(F)` / `next ip.proto(F)`
/// reads, implied by the layer above it (as GRE's protocol type is by its payload).
fn implied_next(
    plan: &crate::describe::plan::Plan,
    proto: &crate::describe::plan::ProtoPlan,
    ctx: &Ctx,
) -> Option<(Field, Value)> {
    use crate::describe::plan::{Expr, Next};
    let above = ctx.next()?;
    proto.next.iter().find_map(|(_, n)| {
        let (var, value) = match n {
            Next::EtherType(Expr::Var(v)) => (*v, u64::from(above.ethertype()?)),
            Next::IpProto(Expr::Var(v)) => (*v, u64::from(above.ip_proto()?)),
            _ => return None,
        };
        let field = plan.field(proto.vars.get(var)?.field?)?;
        Some((field, Value::UInt(value)))
    })
}

/// The value described protocol `i` is bound to in `table`, narrowed to the field's width.
fn bound<T: TryFrom<u32>>(i: u16, table: crate::dissect::custom::Table) -> Option<T> {
    let v = described(i, |plan, _| plan.bound_value(table, usize::from(i)))??;
    T::try_from(v).ok()
}

/// Runs `f` on the installed description set and its protocol `i`.
fn described<R>(
    i: u16,
    f: impl FnOnce(&crate::describe::plan::Plan, &crate::describe::plan::ProtoPlan) -> R,
) -> Option<R> {
    let set = crate::describe::load::active()?;
    let p = set.plan.protocols.get(usize::from(i))?;
    Some(f(&set.plan, p))
}

/// `value` stored under `mask` of a big-endian word (the mask says where its bits go).
fn under_mask(value: u64, mask: u64) -> u64 {
    if mask == 0 {
        return value;
    }
    (value << mask.trailing_zeros()) & mask
}

/// A field's value under its registered mask.
fn masked(layer: &Layer, field: Field, default: u64) -> u64 {
    under_mask(layer.uint(field, default), field.def().mask)
}

/// `v` as `N` big-endian bytes (the high bytes are dropped: values were range-checked).
fn be<const N: usize>(v: u64) -> [u8; N] {
    let bytes = v.to_be_bytes();
    let mut out = [0u8; N];
    for (o, b) in out.iter_mut().zip(bytes.iter().skip(8 - N)) {
        *o = *b;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Proto, be, under_mask};
    use crate::dissect::Field;

    #[test]
    fn names_resolve_with_and_without_the_prefix() {
        assert_eq!(Proto::Ip.resolve("ttl"), Some(Field::IpTtl));
        assert_eq!(Proto::Ip.resolve("ip.ttl"), Some(Field::IpTtl));
        assert_eq!(Proto::Tcp.resolve("seq"), Some(Field::TcpSeqRaw));
        assert_eq!(Proto::Tcp.resolve("dport"), Some(Field::TcpDstPort));
        assert_eq!(Proto::Udp.resolve("sport"), Some(Field::UdpSrcPort));
        assert_eq!(Proto::Udp.resolve("tcp.dport"), None);
        assert_eq!(Proto::Tcp.resolve("flags.syn"), Some(Field::TcpFlagsSyn));
        assert_eq!(Proto::Udp.resolve("ttl"), None);
        assert_eq!(Proto::by_name("ipv6"), Some(Proto::Ipv6));
    }

    #[test]
    fn masks_and_widths() {
        assert_eq!(under_mask(5, 0xe000), 0xa000);
        assert_eq!(under_mask(0x123, 0x0fff), 0x123);
        assert_eq!(be::<2>(0x1234), [0x12, 0x34]);
        assert_eq!(be::<3>(0x0a_bcde), [0x0a, 0xbc, 0xde]);
    }
}
