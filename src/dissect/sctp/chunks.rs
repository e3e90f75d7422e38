//! The bodies of SCTP chunks: DATA and I-DATA with their place in the message and what the
//! index pass found of them, SACK with its gap blocks, INIT/INIT ACK, the cookie, heartbeat,
//! shutdown, congestion and forward-TSN chunks, ERROR/ABORT causes, and unknown chunks.

use std::ops::Range;

use super::assoc::{DataFate, SctpFrame};
use super::{DATA, I_DATA, Payload, Stop, Walk, names, params};
use crate::dissect::Dissector;
use crate::dissect::field::Field;
use crate::dissect::reader::Short;
use crate::dissect::tree::{Expert, Group, Severity};
use crate::dissect::value::Value;

const SACK: u8 = 3;
const ABORT: u8 = 6;
const SHUTDOWN_COMPLETE: u8 = 14;

/// The chunk flags' bits, under the flags field.
pub(super) fn flag_bits(d: &mut Dissector, kind: u8, flags: u8, at: usize) {
    let v = u64::from(flags);
    let r = at..at + 1;
    let tag = ["Tag not reflected", "Tag reflected"];
    match kind {
        DATA | I_DATA => {
            let i = ["Possibly delay SACK", "Send SACK immediately"];
            d.tree.add_flag(Field::SctpDataIBit, r.clone(), (8, v), i);
            let u = ["Ordered delivery", "Unordered delivery"];
            d.tree.add_flag(Field::SctpDataUBit, r.clone(), (8, v), u);
            let b = ["Subsequent segment", "First segment"];
            d.tree.add_flag(Field::SctpDataBBit, r.clone(), (8, v), b);
            let e = ["Not the last segment", "Last segment"];
            d.tree.add_flag(Field::SctpDataEBit, r, (8, v), e);
        }
        SACK => {
            let n = d.tree.add(Field::SctpSackNounceSum, r, Value::UInt(v & 1));
            d.tree.label(n, || {
                let bits = crate::dissect::format::bit_pattern_of(8, 1, v);
                format!("{bits}Nounce sum: {}", v & 1)
            });
        }
        ABORT => {
            d.tree.add_flag(Field::SctpAbortTBit, r, (8, v), tag);
        }
        SHUTDOWN_COMPLETE => {
            d.tree
                .add_flag(Field::SctpShutdownCompleteTBit, r, (8, v), tag);
        }
        _ => {}
    }
}

/// Dissects the body of a chunk of type `kind` in `body`, labelling the chunk's `node`.
pub(super) fn body(
    d: &mut Dissector,
    walk: &mut Walk,
    node: usize,
    kind: u8,
    flags: u8,
    body: Range<usize>,
) -> Result<(), Stop> {
    let name = names::chunk_name(kind);
    let summary = match kind {
        DATA | I_DATA => Some(data(d, walk, kind, flags, body)?),
        1 | 2 => {
            walk.init |= kind == 1;
            Some(init(d, kind, body)?)
        }
        SACK => Some(sack(d, body)?),
        4 | 5 => {
            let len = body.len();
            params::parameters(d, body)?;
            Some(format!("Information: {len} bytes"))
        }
        ABORT | 9 => {
            params::causes(d, body)?;
            None
        }
        7 => {
            let ack = d.frame.be_u32(body.start)?;
            let v = Value::UInt(u64::from(ack));
            d.tree.add(
                Field::SctpShutdownCumulativeTsnAck,
                body.start..body.start + 4,
                v,
            );
            Some(format!("Cumulative TSN ack: {ack}"))
        }
        10 => {
            let len = body.len();
            if len > 0 {
                d.tree.add(Field::SctpCookie, body, Value::Span);
            }
            Some(format!("Cookie length: {len} bytes"))
        }
        12 | 13 => {
            let lowest = d.frame.be_u32(body.start)?;
            let field = match kind {
                12 => Field::SctpEcneLowestTsn,
                _ => Field::SctpCwrLowestTsn,
            };
            let v = Value::UInt(u64::from(lowest));
            d.tree.add(field, body.start..body.start + 4, v);
            Some(format!("Lowest TSN: {lowest}"))
        }
        192 => {
            let tsn = forward_tsn(d, body)?;
            d.tree
                .label(node, || format!("FORWARD_TSN chunk(Cumulative TSN: {tsn})"));
            d.append_info(" ");
            return Ok(());
        }
        8 | 11 | SHUTDOWN_COMPLETE => None,
        _ => {
            let len = body.len();
            if len > 0 {
                d.tree.add(Field::SctpChunkValue, body, Value::Span);
            }
            (name == "RESERVED").then(|| format!("Type: {kind}, value length: {len} bytes"))
        }
    };
    d.tree.label(node, || match summary {
        Some(s) => format!("{name} chunk ({s})"),
        None => format!("{name} chunk"),
    });
    d.append_info(" ");
    Ok(())
}

fn init(d: &mut Dissector, kind: u8, body: Range<usize>) -> Result<String, Short> {
    let f = d.frame;
    let o = body.start;
    let (tag, credit) = (f.be_u32(o)?, f.be_u32(o + 4)?);
    let (outbound, inbound, tsn) = (f.be_u16(o + 8)?, f.be_u16(o + 10)?, f.be_u32(o + 12)?);
    let fields = match kind {
        1 => [
            Field::SctpInitInitiateTag,
            Field::SctpInitCredit,
            Field::SctpInitNrOutStreams,
            Field::SctpInitNrInStreams,
            Field::SctpInitInitialTsn,
        ],
        _ => [
            Field::SctpInitackInitiateTag,
            Field::SctpInitackCredit,
            Field::SctpInitackNrOutStreams,
            Field::SctpInitackNrInStreams,
            Field::SctpInitackInitialTsn,
        ],
    };
    let values = [tag, credit, u32::from(outbound), u32::from(inbound), tsn];
    let ranges = [
        o..o + 4,
        o + 4..o + 8,
        o + 8..o + 10,
        o + 10..o + 12,
        o + 12..o + 16,
    ];
    for ((field, value), range) in fields.into_iter().zip(values).zip(ranges) {
        d.tree.add(field, range, Value::UInt(u64::from(value)));
    }
    params::parameters(d, o + 16..body.end)?;
    Ok(format!(
        "Outbound streams: {outbound}, inbound streams: {inbound}"
    ))
}

/// A TSN relative to `base` (the first TSN of its direction), or as sent when the index
/// did not see the direction.
fn relative(tsn: u32, base: Option<u32>) -> u32 {
    base.map_or(tsn, |b| tsn.wrapping_sub(b))
}

fn data(
    d: &mut Dissector,
    walk: &mut Walk,
    kind: u8,
    flags: u8,
    body: Range<usize>,
) -> Result<String, Short> {
    let f = d.frame;
    let o = body.start;
    let (tsn, sid) = (f.be_u32(o)?, f.be_u16(o + 4)?);
    let sctp: Option<&SctpFrame> = d.ctx.sctp.as_deref();
    let rel = relative(tsn, sctp.and_then(|s| s.own_base));
    let index = walk.data_chunks;
    walk.data_chunks += 1;
    let whole = flags & 0x03 == 0x03;
    let fate = sctp.and_then(|s| s.fates.get(index)).cloned();
    let fate = fate.unwrap_or(match whole {
        true => DataFate::Whole,
        false => DataFate::Fragment,
    });
    let t = &mut d.tree;
    t.add(Field::SctpDataTsn, o..o + 4, Value::UInt(u64::from(rel)));
    if let DataFate::Retransmission { of } = fate {
        d.tree
            .open(Field::SctpRetransmission, o..o + 4, Value::UInt(of));
        let e = Expert {
            severity: Severity::Note,
            group: Group::Sequence,
            layer: "sctp",
            field: None,
        };
        d.tree.expert(e, o..o + 4, "Retransmitted TSN".into());
        d.tree.close();
    }
    let t = &mut d.tree;
    t.add(Field::SctpDataTsnRaw, o..o + 4, Value::UInt(u64::from(tsn)));
    t.add(
        Field::SctpDataSid,
        o + 4..o + 6,
        Value::UInt(u64::from(sid)),
    );
    let (sequence, ppid, payload_at) = if kind == DATA {
        let ssn = f.be_u16(o + 6)?;
        t.add(
            Field::SctpDataSsn,
            o + 6..o + 8,
            Value::UInt(u64::from(ssn)),
        );
        let ppid = f.be_u32(o + 8)?;
        (
            format!("SSN: {ssn}, PPID: {ppid}"),
            Some((ppid, o + 8)),
            o + 12,
        )
    } else {
        let reserved = Value::UInt(u64::from(f.be_u16(o + 6)?));
        t.add(Field::SctpDataReserved, o + 6..o + 8, reserved);
        let mid = f.be_u32(o + 8)?;
        t.add(
            Field::SctpDataMid,
            o + 8..o + 12,
            Value::UInt(u64::from(mid)),
        );
        let word = f.be_u32(o + 12)?;
        let first = flags & 0x02 != 0;
        let field = if first {
            None
        } else {
            Some(Field::SctpDataFsn)
        };
        if let Some(field) = field {
            t.add(field, o + 12..o + 16, Value::UInt(u64::from(word)));
        }
        (
            format!("MID: {mid}"),
            first.then_some((word, o + 12)),
            o + 16,
        )
    };
    if let Some((ppid, at)) = ppid {
        let n = d.tree.add(
            Field::SctpDataPayloadProtoId,
            at..at + 4,
            Value::UInt(u64::from(ppid)),
        );
        d.tree.label(n, || {
            format!(
                "Payload protocol identifier: {} ({ppid})",
                names::ppid_name(ppid)
            )
        });
    }
    let payload = payload_at.min(body.end)..body.end;
    let key = match kind {
        DATA => f.be_u16(o + 6).map(u32::from)?,
        _ => f.be_u32(o + 8)?,
    };
    walk.seen.push(super::assoc::DataSeen {
        tsn,
        message: (sid, key, flags & 0x04 != 0),
        first: flags & 0x02 != 0,
        last: flags & 0x01 != 0,
        payload: payload.clone(),
    });
    let mut info = format!(" (TSN={rel})");
    match fate {
        DataFate::Whole => walk.payload = Some(Payload::InFrame(payload.clone())),
        DataFate::Fragment => info.push_str(" (Message Fragment)"),
        DataFate::Retransmission { .. } => info.push_str(" (retransmission)"),
        DataFate::Reassembled { message, parts } => {
            reassembled(d, &message, &parts);
            walk.payload = Some(Payload::Reassembled(message));
        }
    }
    d.append_info(&info);
    let order = if flags & 0x04 != 0 {
        "unordered"
    } else {
        "ordered"
    };
    let segment = match flags & 0x03 {
        0x03 => "complete segment",
        0x02 => "first segment",
        0x01 => "last segment",
        _ => "middle segment",
    };
    Ok(format!(
        "{order}, {segment}, TSN: {rel}, SID: {sid}, {sequence}, payload length: {} bytes",
        payload.len()
    ))
}

/// tshark's list of the fragments of a reassembled message. (Its offsets start at the
/// message's length, as tshark's do.)
fn reassembled(d: &mut Dissector, message: &[u8], parts: &[(u64, usize)]) {
    let total = message.len();
    let n = d.tree.open(Field::SctpFragments, 0..0, Value::None);
    d.tree.label(n, || {
        format!(
            "Reassembled SCTP Fragments ({total} bytes, {} fragments): ",
            parts.len()
        )
    });
    let mut offset = total;
    for &(frame, len) in parts {
        let p = d.tree.add(Field::SctpFragment, 0..0, Value::UInt(frame));
        let last = (offset + len).saturating_sub(1);
        d.tree.label(p, || {
            format!("Frame: {frame}, payload: {offset}-{last} ({len} bytes)")
        });
        offset += len;
    }
    d.tree.close();
}

fn sack(d: &mut Dissector, body: Range<usize>) -> Result<String, Short> {
    let f = d.frame;
    let o = body.start;
    let (cum, rwnd) = (f.be_u32(o)?, f.be_u32(o + 4)?);
    let (gaps, dups) = (f.be_u16(o + 8)?, f.be_u16(o + 10)?);
    let base = d.ctx.sctp.as_deref().and_then(|s| s.peer_base);
    let rel = relative(cum, base);
    let t = &mut d.tree;
    t.add(
        Field::SctpSackCumulativeTsnAck,
        o..o + 4,
        Value::UInt(u64::from(rel)),
    );
    t.add(
        Field::SctpSackCumulativeTsnAckRaw,
        o..o + 4,
        Value::UInt(u64::from(cum)),
    );
    t.add(
        Field::SctpSackARwnd,
        o + 4..o + 8,
        Value::UInt(u64::from(rwnd)),
    );
    t.add(
        Field::SctpSackNumberOfGapBlocks,
        o + 8..o + 10,
        Value::UInt(u64::from(gaps)),
    );
    t.add(
        Field::SctpSackNumberOfDuplicatedTsns,
        o + 10..o + 12,
        Value::UInt(u64::from(dups)),
    );
    let mut at = o + 12;
    let (mut acked, mut last_end) = (0u64, None);
    for _ in 0..gaps {
        let (start, end) = (f.be_u16(at)?, f.be_u16(at + 2)?);
        gap_block(d, at, rel, (start, end));
        acked += u64::from(end.saturating_sub(start)) + 1;
        last_end = Some(end);
        at += 4;
    }
    if gaps > 0 {
        let n = d.tree.add(
            Field::SctpSackNumberOfTsnsGapAcked,
            0..0,
            Value::UInt(acked),
        );
        d.tree.label(n, || {
            format!("[Number of TSNs in gap acknowledgement blocks: {acked}]")
        });
    }
    for _ in 0..dups {
        let dup = f.be_u32(at)?;
        d.tree.add(
            Field::SctpSackDuplicateTsn,
            at..at + 4,
            Value::UInt(u64::from(dup)),
        );
        at += 4;
    }
    let ack = match last_end {
        Some(end) => format!("{rel}+{end}"),
        None => rel.to_string(),
    };
    d.append_info(&format!(" (Ack={ack}, Arwnd={rwnd})"));
    Ok(format!(
        "Cumulative TSN: {cum}, a_rwnd: {rwnd}, gaps: {gaps}, duplicate TSNs: {dups}"
    ))
}

fn gap_block(d: &mut Dissector, at: usize, cum: u32, (start, end): (u16, u16)) {
    let start_tsn = cum.wrapping_add(u32::from(start));
    let end_tsn = cum.wrapping_add(u32::from(end));
    let t = &mut d.tree;
    let n = t.open(Field::SctpSackGapBlock, at..at + 4, Value::None);
    t.label(n, || {
        format!("Gap Acknowledgement for TSN {start_tsn} to {end_tsn}")
    });
    t.open(
        Field::SctpSackGapBlockStart,
        at..at + 2,
        Value::UInt(u64::from(start)),
    );
    t.add(
        Field::SctpSackGapBlockStartTsn,
        at..at + 2,
        Value::UInt(u64::from(start_tsn)),
    );
    t.close();
    t.open(
        Field::SctpSackGapBlockEnd,
        at + 2..at + 4,
        Value::UInt(u64::from(end)),
    );
    t.add(
        Field::SctpSackGapBlockEndTsn,
        at + 2..at + 4,
        Value::UInt(u64::from(end_tsn)),
    );
    t.close();
    t.close();
}

fn forward_tsn(d: &mut Dissector, body: Range<usize>) -> Result<u32, Short> {
    let f = d.frame;
    let o = body.start;
    let tsn = f.be_u32(o)?;
    d.tree.add(
        Field::SctpForwardTsnTsn,
        o..o + 4,
        Value::UInt(u64::from(tsn)),
    );
    let mut at = o + 4;
    while at + 4 <= body.end {
        let (sid, ssn) = (f.be_u16(at)?, f.be_u16(at + 2)?);
        let t = &mut d.tree;
        t.add(
            Field::SctpForwardTsnSid,
            at..at + 2,
            Value::UInt(u64::from(sid)),
        );
        t.add(
            Field::SctpForwardTsnSsn,
            at + 2..at + 4,
            Value::UInt(u64::from(ssn)),
        );
        at += 4;
    }
    Ok(tsn)
}
