//! SCTP (RFC 9260) as IP protocol 132: the common header, then every chunk with its type
//! bits, flags and length; DATA and I-DATA payloads as data layers (whole messages, and
//! fragmented ones once the index put them back together); Info as tshark writes it, one
//! entry per chunk (`DATA (TSN=1) SACK (Ack=0, Arwnd=65000) `), with TSNs relative to the
//! first one of each direction as the index pass found them.

pub mod assoc;
mod chunks;
mod names;
mod params;

use super::Dissector;
use super::field::Field;
use super::reader::Short;
use super::tree::{Expert, Group, Severity};
use super::value::Value;

pub use assoc::{DataFate, SctpFrame, SctpSeen, SctpTracker};

/// Bytes of the common header.
const HEADER: usize = 12;
/// Bytes of a chunk header.
const CHUNK_HEADER: usize = 4;
/// Chunk types with fields of their own.
pub(crate) const DATA: u8 = 0;
pub(crate) const I_DATA: u8 = 64;

/// Why the chunk walk stopped early.
enum Stop {
    /// The packet ends inside a chunk: a short read.
    Short(Short),
    /// A chunk's length is impossible: tshark's malformed packet.
    Malformed,
}

impl From<Short> for Stop {
    fn from(e: Short) -> Self {
        Stop::Short(e)
    }
}

/// Where the walk is: the next DATA chunk's index (for the index pass's verdicts), whether
/// the SCTP layer is open (a data layer closes it; the next chunk reopens it, as in tshark)
/// and the payload the current chunk hands on.
struct Walk {
    data_chunks: usize,
    open: bool,
    start: usize,
    end: usize,
    payload: Option<Payload>,
    /// The DATA chunks, for the index pass.
    seen: Vec<assoc::DataSeen>,
    /// An INIT chunk came by.
    init: bool,
}

/// What a DATA chunk hands to the data layer after it.
enum Payload {
    /// Bytes of the frame.
    InFrame(std::ops::Range<usize>),
    /// A message put back together from its fragments.
    Reassembled(std::sync::Arc<[u8]>),
}

/// Dissects an SCTP packet in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    d.set_protocol("SCTP");
    d.set_info(String::new);
    let node = d.tree.open_protocol(Field::Sctp, o..end);
    let result = header(d, node, o, end);
    let result = result.map_err(Stop::from).and_then(|()| {
        let mut walk = Walk {
            data_chunks: 0,
            open: true,
            start: o,
            end,
            payload: None,
            seen: Vec::new(),
            init: false,
        };
        let result = walk_chunks(d, &mut walk, o + HEADER);
        if walk.open {
            d.tree.close();
        }
        note_seen(d, o, walk);
        result
    });
    match result {
        Ok(()) => {}
        Err(Stop::Short(e)) => d.short("sctp", e),
        Err(Stop::Malformed) => super::frame::malformed(d, "sctp"),
    }
}

fn header(d: &mut Dissector, node: usize, o: usize, end: usize) -> Result<(), Short> {
    let f = d.frame;
    let (sport, dport) = (f.be_u16(o)?, f.be_u16(o + 2)?);
    let (vtag, sum) = (f.be_u32(o + 4)?, f.be_u32(o + 8)?);
    d.tree.label(node, || {
        format!("Stream Control Transmission Protocol, Src Port: {sport} ({sport}), Dst Port: {dport} ({dport})")
    });
    let t = &mut d.tree;
    t.add(Field::SctpSrcport, o..o + 2, Value::UInt(u64::from(sport)));
    t.add(
        Field::SctpDstport,
        o + 2..o + 4,
        Value::UInt(u64::from(dport)),
    );
    t.add(
        Field::SctpVerificationTag,
        o + 4..o + 8,
        Value::UInt(u64::from(vtag)),
    );
    if chunk_lengths_fit(f.all(), o + HEADER, end) {
        let n = t.add(Field::SctpAssocIndex, 0..0, Value::UInt(65535));
        t.label(n, || {
            "Association index: disabled (enable in preferences)".into()
        });
    }
    t.add_hidden(Field::SctpPort, o..o + 2, Value::UInt(u64::from(sport)));
    t.add_hidden(Field::SctpPort, o + 2..o + 4, Value::UInt(u64::from(dport)));
    let c = t.add(
        Field::SctpChecksum,
        o + 8..o + 12,
        Value::UInt(u64::from(sum)),
    );
    t.label(c, || format!("Checksum: 0x{sum:08x} [unverified]"));
    t.add(Field::SctpChecksumStatus, 0..0, Value::UInt(2));
    Ok(())
}

/// True when every chunk's length stays inside the packet (tshark then shows the
/// association index; a packet it finds malformed goes without).
fn chunk_lengths_fit(bytes: &[u8], mut at: usize, end: usize) -> bool {
    while at + CHUNK_HEADER <= end {
        let len = bytes
            .get(at + 2..at + 4)
            .map_or(0, |b| usize::from(u16::from_be_bytes([b[0], b[1]])));
        if len < CHUNK_HEADER || at + len > end {
            return false;
        }
        at += len.next_multiple_of(4);
    }
    true
}

fn walk_chunks(d: &mut Dissector, walk: &mut Walk, mut at: usize) -> Result<(), Stop> {
    while at < walk.end {
        if !walk.open {
            walk.open = true;
            let n = d.tree.open(Field::Sctp, walk.start..walk.end, Value::None);
            d.tree
                .label(n, || "Stream Control Transmission Protocol".into());
        }
        at = chunk(d, walk, at)?;
    }
    Ok(())
}

/// One chunk at `at`; returns where the next one starts.
fn chunk(d: &mut Dissector, walk: &mut Walk, at: usize) -> Result<usize, Stop> {
    let f = d.frame;
    let (kind, flags, len) = (f.u8(at)?, f.u8(at + 1)?, f.be_u16(at + 2)?);
    let len = usize::from(len);
    let remaining = walk.end - at;
    let node = d
        .tree
        .open(Field::SctpChunk, at..(at + len).min(walk.end), Value::None);
    let type_node = d.tree.open(
        Field::SctpChunkType,
        at..at + 1,
        Value::UInt(u64::from(kind)),
    );
    d.tree.label(type_node, || {
        format!("Chunk type: {} ({kind})", names::chunk_name(kind))
    });
    let r = at..at + 1;
    let stop = [
        "Stop processing of the packet",
        "Skip chunk and continue processing of the packet",
    ];
    d.tree
        .add_flag(Field::SctpChunkBit1, r.clone(), (8, u64::from(kind)), stop);
    d.tree
        .add_flag(Field::SctpChunkBit2, r, (8, u64::from(kind)), REPORT);
    d.tree.close();
    d.append_info(names::chunk_name(kind));
    d.tree.open(
        Field::SctpChunkFlags,
        at + 1..at + 2,
        Value::UInt(u64::from(flags)),
    );
    chunks::flag_bits(d, kind, flags, at + 1);
    d.tree.close();
    d.tree.add(
        Field::SctpChunkLength,
        at + 2..at + 4,
        Value::UInt(len as u64),
    );
    let too_long = len > remaining;
    if too_long {
        let e = Expert {
            severity: Severity::Error,
            group: Group::Malformed,
            layer: "sctp",
            field: None,
        };
        let message = format!(
            "Chunk length ({len}) is longer than remaining data ({remaining}) in the packet."
        );
        d.tree.expert(e, at + 2..at + 4, message);
    }
    if len < CHUNK_HEADER {
        d.tree.close();
        d.tree.close();
        walk.open = false;
        return Err(Stop::Malformed);
    }
    let body = at + CHUNK_HEADER..(at + len).min(walk.end);
    let kept = chunks::body(d, walk, node, kind, flags, body.clone());
    let padded = at + len.next_multiple_of(4);
    if kept.is_ok() && !too_long && padded > at + len && padded <= walk.end {
        d.tree
            .add(Field::SctpChunkPadding, at + len..padded, Value::Span);
    }
    d.tree.close();
    if let Some(payload) = walk.payload.take() {
        d.tree.close();
        walk.open = false;
        hand_on(d, payload);
    }
    kept?;
    if too_long {
        return Err(Stop::Malformed);
    }
    Ok(padded)
}

/// The data layer after a DATA chunk: its payload, or the reassembled message.
fn hand_on(d: &mut Dissector, payload: Payload) {
    match payload {
        Payload::InFrame(range) => super::data::dissect_range(d, range.start, range.end),
        Payload::Reassembled(bytes) => {
            let len = bytes.len();
            d.tree
                .push_source(format!("Reassembled SCTP ({len} bytes)"), bytes.clone());
            super::data::dissect_bytes(d, 0, &bytes);
            d.tree.pop_source();
        }
    }
}

/// Tells the index pass what the outermost SCTP packet of the frame carried.
fn note_seen(d: &mut Dissector, o: usize, walk: Walk) {
    if d.in_icmp_error || d.sctp_seen.is_some() {
        return;
    }
    let (Some(net), Ok(sport), Ok(dport), Ok(vtag)) = (
        d.net,
        d.frame.be_u16(o),
        d.frame.be_u16(o + 2),
        d.frame.be_u32(o + 4),
    ) else {
        return;
    };
    d.sctp_seen = Some(SctpSeen {
        addrs: (net.src, net.dst),
        ports: (sport, dport),
        vtag,
        init: walk.init,
        data: walk.seen,
    });
}

/// What the second high bit of a chunk or parameter type asks for, clear and set.
pub(crate) const REPORT: [&str; 2] = ["Do not report", "Do report"];
