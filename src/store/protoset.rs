//! A bit set of the protocols the index tracks per packet.

use crate::dissect::Field;

/// Protocols with an index bit, in bit order.
pub const INDEXED: [Field; 27] = [
    Field::Eth,
    Field::Vlan,
    Field::Sll,
    Field::Null,
    Field::Ipnet,
    Field::Raw,
    Field::Radiotap,
    Field::Wlan,
    Field::Llc,
    Field::Arp,
    Field::Ip,
    Field::Ipv6,
    Field::Icmp,
    Field::Icmpv6,
    Field::Tcp,
    Field::Udp,
    Field::Dns,
    Field::Http,
    Field::Tls,
    Field::Dhcp,
    Field::Data,
    Field::DataTextLines,
    Field::Media,
    Field::Frame,
    Field::Mdns,
    Field::Llmnr,
    Field::Ssdp,
];

/// A set of [`INDEXED`] protocols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProtoSet(pub u32);

impl ProtoSet {
    /// The bit of `field`, when it is indexed.
    pub fn bit(field: Field) -> Option<u32> {
        INDEXED.iter().position(|f| *f == field).map(|i| 1 << i)
    }

    /// Builds the set from `frame.protocols` names.
    pub fn from_names(names: &[&str]) -> ProtoSet {
        let mut bits = 0;
        for name in names {
            if let Some(b) = Field::by_name(name).and_then(ProtoSet::bit) {
                bits |= b;
            }
        }
        ProtoSet(bits)
    }

    /// True when `field`'s bit is set.
    pub fn contains(self, field: Field) -> bool {
        ProtoSet::bit(field).is_some_and(|b| self.0 & b != 0)
    }
}
