//! PPP (RFC 1661): on a PPP link the HDLC-like address and control bytes (RFC 1662), then
//! the protocol number — one byte when its first byte is odd (protocol-field compression,
//! RFC 1661 §6.5) — and the protocol's packet: IPv4, IPv6, MPLS, the control protocols
//! (LCP, IPCP, IPV6CP, CCP), PAP and CHAP; anything else is data, named as Wireshark names it.

mod auth;
mod control;
mod names;

use super::field::Field;
use super::reader::{Bytes, Short};
use super::value::Value;
use super::{Dissector, data, ipv4, ipv6, mpls};

/// The all-stations address of an HDLC-framed link (RFC 1662 §3.1).
const ALL_STATIONS: u8 = 0xff;

/// Dissects a frame of the PPP link type at `o`: the optional address and control bytes, then
/// the protocol.
pub fn dissect_link(d: &mut Dissector, o: usize) {
    let end = d.frame.len();
    let node = d.tree.open_protocol(Field::Ppp, o..end);
    let mut at = o;
    // Wireshark takes any control byte after the all-stations address.
    if let Ok([ALL_STATIONS, control]) = d.frame.array::<2>(o) {
        d.tree.add(
            Field::PppAddress,
            o..o + 1,
            Value::UInt(u64::from(ALL_STATIONS)),
        );
        d.tree.add(
            Field::PppControl,
            o + 1..o + 2,
            Value::UInt(u64::from(control)),
        );
        at += 2;
    }
    protocol_and_payload(d, node, at, end);
}

/// Dissects a PPP frame without address and control bytes in `o..end` (PPPoE's payload).
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let node = d.tree.open_protocol(Field::Ppp, o..end);
    protocol_and_payload(d, node, o, end);
}

fn protocol_and_payload(d: &mut Dissector, node: usize, at: usize, end: usize) {
    let (protocol, width) = match protocol_number(d.frame, at) {
        Ok(read) => read,
        Err(e) => {
            d.set_protocol("PPP");
            d.tree.close();
            d.short("ppp", e);
            return;
        }
    };
    let t = &mut d.tree;
    let p = t.add(
        Field::PppProtocol,
        at..at + width,
        Value::UInt(u64::from(protocol)),
    );
    t.label(p, || {
        let name = names::protocol(protocol).unwrap_or("Unknown");
        format!("Protocol: {name} (0x{protocol:04x})")
    });
    t.set_end(node, at + width);
    t.close();
    payload(d, protocol, at + width, end);
}

/// The protocol number at `at` and its width: one byte when that byte is odd (compressed).
fn protocol_number(f: Bytes, at: usize) -> Result<(u16, usize), Short> {
    let first = f.u8(at)?;
    if first & 1 == 1 {
        Ok((u16::from(first), 1))
    } else {
        Ok((f.be_u16(at)?, 2))
    }
}

/// Dissects `o..end` as PPP protocol `protocol` (also a rejected packet quoted in LCP).
fn payload(d: &mut Dissector, protocol: u16, o: usize, end: usize) {
    match protocol {
        0x0021 => {
            ipv4::dissect(d, o);
        }
        0x0057 => {
            ipv6::dissect(d, o);
        }
        0x0281 | 0x0283 => {
            mpls::dissect(d, o);
        }
        0xc023 => auth::pap(d, o, end),
        0xc223 => auth::chap(d, o, end),
        _ => match control::Protocol::by_number(protocol) {
            Some(cp) => control::dissect(d, cp, o, end),
            None => {
                d.set_protocol(&format!("0x{protocol:04x}"));
                d.set_info(|| {
                    let name = names::protocol(protocol).unwrap_or("Unknown");
                    format!("PPP {name} (0x{protocol:04x})")
                });
                data::dissect_range(d, o, end);
            }
        },
    }
}
