//! TCP options (RFC 9293 §3.2, RFC 7323, RFC 2018/2883, RFC 8684): the option list in the
//! tree, the window scale and SACK blocks the store needs, and the Info column's summary.

use super::Dissector;
use super::context::Sack;
use super::field::Field;
use super::reader::Bytes;
use super::tree::Severity;
use super::value::Value;

/// Walks the option list; malformed lengths end the walk with a note.
pub fn options(
    d: &mut Dissector,
    base: usize,
    opts: &[u8],
    ack_base: Option<u32>,
    ack: Option<u32>,
) -> (Option<u8>, Sack) {
    let t = &mut d.tree;
    let mut mptcp_options = 0;
    let mut wscale = None;
    let mut sack = Sack::default();
    t.open(Field::TcpOptions, base..base + opts.len(), Value::Span);
    let b = Bytes::new(opts);
    let mut i = 0;
    while i < opts.len() {
        let kind = b.u8(i).unwrap_or(0);
        if kind == 0 || kind == 1 {
            let at = base + i..base + i + 1;
            let item = if kind == 0 {
                Field::TcpOptionsEol
            } else {
                Field::TcpOptionsNop
            };
            t.open(item, at.clone(), Value::None);
            t.add(Field::TcpOptionKind, at, Value::UInt(u64::from(kind)));
            t.close();
            i += 1;
            if kind == 0 {
                break;
            }
            continue;
        }
        let len = usize::from(b.u8(i + 1).unwrap_or(0));
        if len < 2 || i + len > opts.len() {
            t.note(
                Severity::Error,
                "tcp",
                base + i..base + opts.len(),
                format!("TCP option {kind} has a bad length ({len})"),
            );
            break;
        }
        let at = base + i;
        t.add(
            Field::TcpOptionKind,
            at..at + 1,
            Value::UInt(u64::from(kind)),
        );
        let body = b.slice(i + 2, len - 2).unwrap_or(&[]);
        let body_b = Bytes::new(body);
        match (kind, len) {
            (2, 4) => {
                t.add(
                    Field::TcpOptionsMssVal,
                    at + 2..at + 4,
                    Value::UInt(u64::from(body_b.be_u16(0).unwrap_or(0))),
                );
            }
            (3, 3) => {
                let shift = body_b.u8(0).unwrap_or(0);
                wscale = Some(shift);
                t.add(
                    Field::TcpOptionsWscaleShift,
                    at + 2..at + 3,
                    Value::UInt(u64::from(shift)),
                );
            }
            (4, 2) => {
                t.add(Field::TcpOptionsSackPerm, at..at + 2, Value::None);
            }
            (5, _) => {
                for (k, edge) in body.chunks_exact(8).enumerate() {
                    let e = Bytes::new(edge);
                    let (le, re) = (e.be_u32(0).unwrap_or(0), e.be_u32(4).unwrap_or(0));
                    sack.push(le, re);
                    let rel = |v: u32| ack_base.map_or(v, |bse| v.wrapping_sub(bse));
                    let p = at + 2 + k * 8;
                    t.add(
                        Field::TcpOptionsSackLe,
                        p..p + 4,
                        Value::UInt(u64::from(rel(le))),
                    );
                    t.add(
                        Field::TcpOptionsSackRe,
                        p + 4..p + 8,
                        Value::UInt(u64::from(rel(re))),
                    );
                    // A first block below the ACK reports data received twice (RFC 2883).
                    if k == 0 && ack.is_some_and(|a| (le.wrapping_sub(a) as i32) < 0) {
                        dsack(t, p, rel(le), rel(re));
                    }
                }
            }
            (30, _) => mptcp_options += 1,
            (8, 10) => {
                t.add(
                    Field::TcpOptionsTimestampTsval,
                    at + 2..at + 6,
                    Value::UInt(u64::from(body_b.be_u32(0).unwrap_or(0))),
                );
                t.add(
                    Field::TcpOptionsTimestampTsecr,
                    at + 6..at + 10,
                    Value::UInt(u64::from(body_b.be_u32(4).unwrap_or(0))),
                );
            }
            _ => {}
        }
        i += len;
    }
    t.close();
    // Wireshark lists each Multipath TCP option as a layer of its own, which names the
    // Protocol column (the payload's dissector may name it again).
    for _ in 0..mptcp_options {
        t.protocols.push("mptcp");
    }
    if mptcp_options > 0 {
        d.set_protocol("MPTCP");
    }
    (wscale, sack)
}

/// The D-SACK edges and Wireshark's note for them.
fn dsack(t: &mut super::Tree, at: usize, left: u32, right: u32) {
    let le = Value::UInt(u64::from(left));
    t.add(Field::TcpOptionsSackDsackLe, at..at + 4, le);
    let re = Value::UInt(u64::from(right));
    t.add(Field::TcpOptionsSackDsackRe, at + 4..at + 8, re);
    let expert = super::tree::Expert {
        severity: Severity::Warning,
        group: super::tree::Group::Sequence,
        layer: "tcp",
        field: Some(Field::TcpOptionsSackDsack),
    };
    t.expert(expert, at..at + 8, "D-SACK Sequence".into());
}

/// ` MSS=1460 SACK_PERM TSval=1 TSecr=0 WS=128` (Wireshark's option summary).
pub fn option_info(opts: &[u8], ack_base: Option<u32>) -> String {
    let b = Bytes::new(opts);
    let mut s = String::new();
    let mut i = 0;
    while i < opts.len() {
        let kind = b.u8(i).unwrap_or(0);
        if kind <= 1 {
            i += 1;
            if kind == 0 {
                break;
            }
            continue;
        }
        let len = usize::from(b.u8(i + 1).unwrap_or(0));
        if len < 2 || i + len > opts.len() {
            break;
        }
        match (kind, len) {
            (2, 4) => s.push_str(&format!(" MSS={}", b.be_u16(i + 2).unwrap_or(0))),
            (3, 3) => s.push_str(&format!(" WS={}", 1u32 << b.u8(i + 2).unwrap_or(0).min(14))),
            (4, 2) => s.push_str(" SACK_PERM"),
            (5, _) => {
                // Each block relative to the other side's first sequence number.
                let rel = |v: u32| ack_base.map_or(v, |b| v.wrapping_sub(b));
                for k in (i + 2..i + len).step_by(8).filter(|k| k + 8 <= i + len) {
                    let (le, re) = (b.be_u32(k).unwrap_or(0), b.be_u32(k + 4).unwrap_or(0));
                    s.push_str(&format!(" SLE={} SRE={}", rel(le), rel(re)));
                }
            }
            (8, 10) => s.push_str(&format!(
                " TSval={} TSecr={}",
                b.be_u32(i + 2).unwrap_or(0),
                b.be_u32(i + 6).unwrap_or(0)
            )),
            _ => {}
        }
        i += len;
    }
    s
}
