//! BSD loopback encapsulation (LINKTYPE_NULL, host byte order; LINKTYPE_LOOP, network order).

use super::field::Field;
use super::value::Value;
use super::{Dissector, data, ipv4, ipv6};

/// Dissects the 4-byte address family header.
pub fn dissect(d: &mut Dissector, network_order: bool) {
    let family = if network_order {
        d.frame.be_u32(0)
    } else {
        d.frame.le_u32(0)
    };
    let mut family = match family {
        Ok(f) => f,
        Err(e) => {
            d.tree.open_protocol(Field::Null, 0..d.frame.len());
            d.tree.close();
            d.short("null", e);
            return;
        }
    };
    // The writer's byte order is unknown for LINKTYPE_NULL; families are small numbers.
    if family & 0xffff_0000 != 0 {
        family = family.swap_bytes();
    }
    d.tree.open_protocol(Field::Null, 0..4);
    d.tree
        .add(Field::NullFamily, 0..4, Value::UInt(u64::from(family)));
    d.tree.close();
    d.set_protocol("NULL");
    match family {
        2 => {
            ipv4::dissect(d, 4);
        }
        10 | 24 | 28 | 30 => {
            ipv6::dissect(d, 4);
        }
        _ => data::dissect(d, 4),
    }
}
