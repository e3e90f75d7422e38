//! HSRP version 0/1 (RFC 2281) on UDP 1985: the Hello, Coup and Resign messages with the
//! group's state, timers, priority and virtual address, and the Advertise message's interface
//! state, with tshark's Info ("Hello (state Active)").

use std::net::Ipv4Addr;

use super::Dissector;
use super::field::Field;
use super::reader::Short;
use super::value::Value;

/// The HSRP port.
pub const PORT: u16 = 1985;
const ADVERTISE: u8 = 3;

fn opcode_name(op: u8) -> String {
    match op {
        0 => "Hello".into(),
        1 => "Coup".into(),
        2 => "Resign".into(),
        ADVERTISE => "Advertise".into(),
        _ => format!("Unknown ({op})"),
    }
}

fn state_name(state: u8) -> String {
    match state {
        0 => "Initial".into(),
        1 => "Learn".into(),
        2 => "Listen".into(),
        4 => "Speak".into(),
        8 => "Standby".into(),
        16 => "Active".into(),
        _ => format!("Unknown ({state})"),
    }
}

fn adv_state_name(state: u8) -> String {
    match state {
        1 => "Dormant".into(),
        2 => "Passive".into(),
        3 => "Active".into(),
        _ => format!("Unknown ({state})"),
    }
}

/// Dissects an HSRP message in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    d.set_protocol("HSRP");
    let node = d.tree.open_protocol(Field::Hsrp, o..end);
    d.tree
        .label(node, || "Cisco Hot Standby Router Protocol".into());
    let result = message(d, o);
    d.tree.close();
    if let Err(e) = result {
        d.short("hsrp", e);
    }
}

fn add_u8(d: &mut Dissector, field: Field, at: usize) -> Result<u8, Short> {
    let v = d.frame.u8(at)?;
    d.tree.add(field, at..at + 1, Value::UInt(u64::from(v)));
    Ok(v)
}

fn message(d: &mut Dissector, o: usize) -> Result<(), Short> {
    add_u8(d, Field::HsrpVersion, o)?;
    let op = add_u8(d, Field::HsrpOpcode, o + 1)?;
    if op == ADVERTISE {
        return advertise(d, o + 2, &opcode_name(op));
    }
    let state = add_u8(d, Field::HsrpState, o + 2)?;
    let name = opcode_name(op);
    d.set_info(|| format!("{name} (state {})", state_name(state)));
    for (k, field) in [
        Field::HsrpHellotime,
        Field::HsrpHoldtime,
        Field::HsrpPriority,
        Field::HsrpGroup,
        Field::HsrpReserved,
    ]
    .into_iter()
    .enumerate()
    {
        add_u8(d, field, o + 3 + k)?;
    }
    let auth = d.frame.slice(o + 8, 8)?;
    let text = String::from_utf8_lossy(auth.split(|&b| b == 0).next().unwrap_or(&[])).into_owned();
    d.tree
        .add(Field::HsrpAuthData, o + 8..o + 16, Value::Str(text.into()));
    let ip = Ipv4Addr::from(d.frame.array::<4>(o + 16)?);
    d.tree
        .add(Field::HsrpVirtIp, o + 16..o + 20, Value::Ipv4(ip));
    Ok(())
}

/// An Advertise message: its interface-state TLV.
fn advertise(d: &mut Dissector, at: usize, name: &str) -> Result<(), Short> {
    let f = d.frame;
    let (kind, len) = (f.be_u16(at)?, f.be_u16(at + 2)?);
    let t = &mut d.tree;
    t.add(
        Field::HsrpAdvTlvtype,
        at..at + 2,
        Value::UInt(u64::from(kind)),
    );
    t.add(
        Field::HsrpAdvTlvlength,
        at + 2..at + 4,
        Value::UInt(u64::from(len)),
    );
    let state = f.u8(at + 4)?;
    d.set_info(|| format!("{name} (state {})", adv_state_name(state)));
    let t = &mut d.tree;
    t.add(
        Field::HsrpAdvState,
        at + 4..at + 5,
        Value::UInt(u64::from(state)),
    );
    t.add(
        Field::HsrpAdvReserved1,
        at + 5..at + 6,
        Value::UInt(u64::from(f.u8(at + 5)?)),
    );
    t.add(
        Field::HsrpAdvActivegrp,
        at + 6..at + 8,
        Value::UInt(u64::from(f.be_u16(at + 6)?)),
    );
    t.add(
        Field::HsrpAdvPassivegrp,
        at + 8..at + 10,
        Value::UInt(u64::from(f.be_u16(at + 8)?)),
    );
    t.add(
        Field::HsrpAdvReserved2,
        at + 10..at + 14,
        Value::UInt(u64::from(f.be_u32(at + 10)?)),
    );
    Ok(())
}
