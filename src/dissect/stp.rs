//! Spanning Tree BPDUs (IEEE 802.1D STP, 802.1w RSTP, 802.1s MSTP, 802.1aq SPB; Cisco PVST+
//! over SNAP): the common header and the CIST fields, with tshark's Info
//! ("RST. Root = 32768/1/00:19:06:ea:b8:80  Cost = 0  Port = 0x800c").

use super::Dissector;
use super::field::Field;
use super::reader::{Bytes, Short};
use super::value::Value;

/// BPDU types.
const TOPOLOGY_CHANGE: u8 = 0x80;
/// Bytes of a configuration BPDU (through the forward delay).
const CONFIG_LEN: usize = 35;

/// Dissects a BPDU in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len());
    let node = d.tree.open_protocol(Field::Stp, o..end);
    d.set_protocol("STP");
    let depth = d.tree.depth();
    let b = Bytes::new(d.frame.range(o..end).unwrap_or(&[]));
    let r = fields(d, b, o);
    d.tree.set_depth(depth);
    d.tree.close();
    d.tree.label(node, || "Spanning Tree Protocol".into());
    match r {
        Ok(info) => d.set_info(|| info),
        Err(e) => {
            // Like Wireshark, a short BPDU leaves only the truncation note.
            d.set_info(String::new);
            d.short(
                "stp",
                Short {
                    needed_end: e.needed_end + o,
                    have: e.have + o,
                },
            );
        }
    }
}

/// Adds the fields; returns the Info text.
fn fields(d: &mut Dissector, b: Bytes, o: usize) -> Result<String, Short> {
    let (protocol, version, kind) = (b.be_u16(0)?, b.u8(2)?, b.u8(3)?);
    if kind != TOPOLOGY_CHANGE {
        // Wireshark reads the whole configuration BPDU before adding any of it.
        b.be_u16(CONFIG_LEN - 2)?;
    }
    let t = &mut d.tree;
    let uint = Value::UInt;
    t.add(Field::StpProtocol, o..o + 2, uint(u64::from(protocol)));
    t.add(Field::StpVersion, o + 2..o + 3, uint(u64::from(version)));
    t.add(Field::StpType, o + 3..o + 4, uint(u64::from(kind)));
    if kind == TOPOLOGY_CHANGE {
        return Ok("Topology Change Notification".into());
    }
    let flags = b.u8(4)?;
    t.add(Field::StpFlags, o + 4..o + 5, uint(u64::from(flags)));
    let root = bridge_id(
        t,
        b,
        o,
        5,
        [Field::StpRootPrio, Field::StpRootExt, Field::StpRootHw],
    )?;
    let cost = b.be_u32(13)?;
    t.add(Field::StpRootCost, o + 13..o + 17, uint(u64::from(cost)));
    bridge_id(
        t,
        b,
        o,
        17,
        [
            Field::StpBridgePrio,
            Field::StpBridgeExt,
            Field::StpBridgeHw,
        ],
    )?;
    let port = b.be_u16(25)?;
    t.add(Field::StpPort, o + 25..o + 27, uint(u64::from(port)));
    let prefix = match version {
        0 | 1 => "Conf.",
        2 => "RST.",
        3 => "MST.",
        _ => "SPT.",
    };
    let tc_ack = if flags & 0x80 != 0 { "TCAck + " } else { "" };
    let tc = if flags & 0x01 != 0 { "TC + " } else { "" };
    Ok(format!(
        "{prefix} {tc_ack}{tc}Root = {root}  Cost = {cost}  Port = 0x{port:04x}"
    ))
}

/// A bridge identifier at `at`: priority (top 4 bits), system ID extension, MAC. Returns
/// "priority/extension/mac".
fn bridge_id(
    t: &mut super::tree::Tree,
    b: Bytes,
    o: usize,
    at: usize,
    [prio_field, ext_field, hw_field]: [Field; 3],
) -> Result<String, Short> {
    let id = b.be_u16(at)?;
    let mac = b.array::<6>(at + 2)?;
    let (prio, ext) = (id & 0xf000, id & 0x0fff);
    let r = o + at..o + at + 2;
    t.add(prio_field, r.clone(), Value::UInt(u64::from(prio)));
    t.add(ext_field, r, Value::UInt(u64::from(ext)));
    t.add(hw_field, o + at + 2..o + at + 8, Value::Ether(mac));
    let m = mac.map(|x| format!("{x:02x}")).join(":");
    Ok(format!("{prio}/{ext}/{m}"))
}
