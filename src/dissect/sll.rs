//! Linux "cooked" capture headers, v1 (LINKTYPE_LINUX_SLL) and v2 (LINKTYPE_LINUX_SLL2).

use super::field::Field;
use super::value::{Value, format_ether};
use super::{Dissector, data, ethernet, ethertype, names};

const V1_LEN: usize = 16;
const V2_LEN: usize = 20;
/// ARPHRD_ETHER.
const HATYPE_ETHER: u16 = 1;
/// ARPHRD_IPGRE: the protocol field is a GRE protocol type.
const ARPHRD_IPGRE: u16 = 778;

/// Dissects an SLL v1 header.
pub fn dissect_v1(d: &mut Dissector) {
    let fields = (|| {
        Ok::<_, super::reader::Short>((
            d.frame.be_u16(0)?,
            d.frame.be_u16(2)?,
            d.frame.be_u16(4)?,
            d.frame.slice(6, 8)?,
            d.frame.be_u16(14)?,
        ))
    })();
    let (pkttype, hatype, halen, addr, proto) = match fields {
        Ok(f) => f,
        Err(e) => {
            d.tree.open_protocol(Field::Sll, 0..d.frame.len());
            d.tree.close();
            d.short("sll", e);
            return;
        }
    };
    let t = &mut d.tree;
    let node = t.open_protocol(Field::Sll, 0..V1_LEN);
    t.add(Field::SllPktType, 0..2, Value::UInt(u64::from(pkttype)));
    t.add(Field::SllHaType, 2..4, Value::UInt(u64::from(hatype)));
    t.add(Field::SllHaLen, 4..6, Value::UInt(u64::from(halen)));
    let src = source_mac(hatype, halen, addr);
    if let Some(mac) = src {
        t.add(Field::SllSrcEth, 6..12, Value::Ether(mac));
    }
    t.label(node, || {
        let who = src.map(|m| format_ether(&m)).unwrap_or_default();
        format!(
            "Linux cooked capture v1, {} {who}",
            names::sll_pkttype(pkttype).unwrap_or("Unknown")
        )
    });
    finish(d, src, hatype, proto, 14, V1_LEN);
}

/// Dissects an SLL v2 header.
pub fn dissect_v2(d: &mut Dissector) {
    let fields = (|| {
        Ok::<_, super::reader::Short>((
            d.frame.be_u16(0)?,
            d.frame.be_u32(4)?,
            d.frame.be_u16(8)?,
            d.frame.u8(10)?,
            d.frame.u8(11)?,
            d.frame.slice(12, 8)?,
        ))
    })();
    let (proto, ifindex, hatype, pkttype, halen, addr) = match fields {
        Ok(f) => f,
        Err(e) => {
            d.tree.open_protocol(Field::Sll, 0..d.frame.len());
            d.tree.close();
            d.short("sll", e);
            return;
        }
    };
    let t = &mut d.tree;
    let node = t.open_protocol(Field::Sll, 0..V2_LEN);
    t.label(node, || "Linux cooked capture v2".into());
    t.add(Field::SllIfIndex, 4..8, Value::UInt(u64::from(ifindex)));
    t.add(Field::SllHaType, 8..10, Value::UInt(u64::from(hatype)));
    t.add(Field::SllPktType, 10..11, Value::UInt(u64::from(pkttype)));
    t.add(Field::SllHaLen, 11..12, Value::UInt(u64::from(halen)));
    let src = source_mac(hatype, u16::from(halen), addr);
    if let Some(mac) = src {
        t.add(Field::SllSrcEth, 12..18, Value::Ether(mac));
    }
    finish(d, src, hatype, proto, 0, V2_LEN);
}

fn source_mac(hatype: u16, halen: u16, addr: &[u8]) -> Option<[u8; 6]> {
    if hatype != HATYPE_ETHER || halen != 6 {
        return None;
    }
    addr.get(..6).and_then(|a| <[u8; 6]>::try_from(a).ok())
}

/// Adds the protocol field and dispatches the payload.
fn finish(
    d: &mut Dissector,
    src: Option<[u8; 6]>,
    hatype: u16,
    proto: u16,
    proto_at: usize,
    header_len: usize,
) {
    let range = proto_at..proto_at + 2;
    // ARPHRD_NETLINK (824) and similar carry non-EtherType protocols; 1/4 are Novell/LLC.
    let is_etype = proto > 1500 && hatype != 824;
    if hatype == ARPHRD_IPGRE {
        d.tree
            .add(Field::SllGretype, range, Value::UInt(u64::from(proto)));
        d.tree.close();
        d.set_protocol("SLL");
        ethertype::dispatch_table(d, proto, header_len);
        return;
    }
    let field = if is_etype {
        Field::SllEtype
    } else {
        Field::SllLtype
    };
    d.tree.add(field, range, Value::UInt(u64::from(proto)));
    d.tree.close();
    d.set_protocol("SLL");
    if let Some(mac) = src {
        d.set_endpoints(super::Endpoint::Mac(mac), super::Endpoint::None);
    }
    if is_etype {
        ethertype::dispatch(d, proto, header_len);
    } else if proto == 4 {
        let end = d.frame.len();
        ethernet::llc(d, header_len, end);
    } else {
        data::dissect(d, header_len);
    }
}
