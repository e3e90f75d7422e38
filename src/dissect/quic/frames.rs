//! QUIC frames (RFC 9000 §19, RFC 9221) inside a decrypted payload: one parse, used by the
//! dissector for the tree and the Info column and by the connection tracker for the CRYPTO
//! stream offsets.

use super::super::field::Field;
use super::header::varint;
use std::ops::Range;

/// A value of a frame, with its bytes in the payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A variable-length (or one-byte) integer.
    Int(Field, u64, Range<usize>),
    /// Raw bytes.
    Bytes(Field, Range<usize>),
    /// Text.
    Text(Field, Range<usize>),
}

/// One frame: its type, extent, values, and how tshark names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Frame type.
    pub kind: u64,
    /// Its bytes in the payload.
    pub range: Range<usize>,
    /// Its values after the type, in order.
    pub parts: Vec<Part>,
    /// For CRYPTO: the stream offset and the data's bytes.
    pub crypto: Option<(u64, Range<usize>)>,
    /// What the Info column appends (", CRYPTO", ", STREAM(4)").
    pub info: String,
    /// Tree label.
    pub label: String,
}

/// Where a frame could not be read: the payload ends too early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut;

struct Reader<'b> {
    b: &'b [u8],
    at: usize,
    parts: Vec<Part>,
}

impl Reader<'_> {
    fn int(&mut self, field: Field) -> Result<u64, Cut> {
        let (v, n) = varint(self.b, self.at).ok_or(Cut)?;
        self.parts.push(Part::Int(field, v, self.at..self.at + n));
        self.at += n;
        Ok(v)
    }

    fn byte(&mut self, field: Field) -> Result<u64, Cut> {
        let v = *self.b.get(self.at).ok_or(Cut)?;
        self.parts
            .push(Part::Int(field, u64::from(v), self.at..self.at + 1));
        self.at += 1;
        Ok(u64::from(v))
    }

    fn bytes(&mut self, field: Field, len: u64) -> Result<Range<usize>, Cut> {
        let len = usize::try_from(len).map_err(|_| Cut)?;
        let end = self.at.checked_add(len).ok_or(Cut)?;
        self.b.get(self.at..end).ok_or(Cut)?;
        let r = self.at..end;
        self.parts.push(Part::Bytes(field, r.clone()));
        self.at = end;
        Ok(r)
    }

    fn text(&mut self, field: Field, len: u64) -> Result<(), Cut> {
        let r = self.bytes(field, len)?;
        if let Some(Part::Bytes(f, _)) = self.parts.pop() {
            self.parts.push(Part::Text(f, r));
        }
        Ok(())
    }
}

/// Frame type names as tshark labels frames.
pub fn name(kind: u64) -> &'static str {
    match kind {
        0x00 => "PADDING",
        0x01 => "PING",
        0x02 => "ACK",
        0x03 => "ACK_ECN",
        0x04 => "RESET_STREAM",
        0x05 => "STOP_SENDING",
        0x06 => "CRYPTO",
        0x07 => "NEW_TOKEN",
        0x08..=0x0f => "STREAM",
        0x10 => "MAX_DATA",
        0x11 => "MAX_STREAM_DATA",
        0x12 => "MAX_STREAMS (BIDI)",
        0x13 => "MAX_STREAMS (UNI)",
        0x14 => "DATA_BLOCKED",
        0x15 => "STREAM_DATA_BLOCKED",
        0x16 => "STREAMS_BLOCKED (BIDI)",
        0x17 => "STREAMS_BLOCKED (UNI)",
        0x18 => "NEW_CONNECTION_ID",
        0x19 => "RETIRE_CONNECTION_ID",
        0x1a => "PATH_CHALLENGE",
        0x1b => "PATH_RESPONSE",
        0x1c => "CONNECTION_CLOSE (Transport)",
        0x1d => "CONNECTION_CLOSE (Application)",
        0x1e => "HANDSHAKE_DONE",
        0x30 | 0x31 => "DATAGRAM",
        _ => "Unknown",
    }
}

/// Reads the frame at `at` of `b` (a decrypted payload).
pub fn parse(b: &[u8], at: usize) -> Result<Frame, Cut> {
    let (kind, n) = varint(b, at).ok_or(Cut)?;
    let mut r = Reader {
        b,
        at: at + n,
        parts: vec![Part::Int(Field::QuicFrameType, kind, at..at + n)],
    };
    let mut crypto = None;
    let mut label = name(kind).to_string();
    let info = match kind {
        0x00 => {
            let zeros = b
                .get(r.at..)
                .map_or(0, |rest| rest.iter().take_while(|x| **x == 0).count());
            r.at += zeros;
            let len = zeros + 1;
            r.parts
                .push(Part::Int(Field::QuicPaddingLength, len as u64, at..at));
            label = format!("PADDING Length: {len}");
            "PADDING".to_string()
        }
        0x01 => "PING".into(),
        0x02 | 0x03 => {
            ack(&mut r, kind == 0x03)?;
            name(kind).into()
        }
        0x04 => {
            let id = r.int(Field::QuicRstsStreamId)?;
            r.int(Field::QuicRstsApplicationErrorCode)?;
            r.int(Field::QuicRstsFinalSize)?;
            label = format!("{label} id={id}");
            format!("RS({id})")
        }
        0x05 => {
            let id = r.int(Field::QuicSsStreamId)?;
            r.int(Field::QuicSsApplicationErrorCode)?;
            label = format!("{label} id={id}");
            format!("SS({id})")
        }
        0x06 => {
            let offset = r.int(Field::QuicCryptoOffset)?;
            let len = r.int(Field::QuicCryptoLength)?;
            let data = r.bytes(Field::QuicCryptoData, len)?;
            crypto = Some((offset, data));
            "CRYPTO".into()
        }
        0x07 => {
            let len = r.int(Field::QuicNtLength)?;
            r.bytes(Field::QuicNtToken, len)?;
            "NT".into()
        }
        0x08..=0x0f => {
            let id = stream(&mut r, kind, &mut label)?;
            format!("STREAM({id})")
        }
        0x10 => {
            r.int(Field::QuicMdMaximumData)?;
            "MD".into()
        }
        0x11 => {
            let id = r.int(Field::QuicMsdStreamId)?;
            r.int(Field::QuicMsdMaximumStreamData)?;
            format!("MSD({id})")
        }
        0x12 | 0x13 => {
            r.int(Field::QuicMsMaxStreams)?;
            "MS".into()
        }
        0x14 => {
            r.int(Field::QuicDbStreamDataLimit)?;
            "DB".into()
        }
        0x15 => {
            let id = r.int(Field::QuicSdbStreamId)?;
            r.int(Field::QuicDbStreamDataLimit)?;
            format!("SDB({id})")
        }
        0x16 | 0x17 => {
            r.int(Field::QuicSbStreamLimit)?;
            "SB".into()
        }
        0x18 => {
            r.int(Field::QuicNciSequence)?;
            r.int(Field::QuicNciRetirePriorTo)?;
            let len = r.byte(Field::QuicNciConnectionIdLength)?;
            r.bytes(Field::QuicNciConnectionId, len)?;
            r.bytes(Field::QuicNciStatelessResetToken, 16)?;
            "NCI".into()
        }
        0x19 => {
            r.int(Field::QuicRciSequence)?;
            "RC".into()
        }
        0x1a => {
            r.bytes(Field::QuicPathChallengeData, 8)?;
            "PC".into()
        }
        0x1b => {
            r.bytes(Field::QuicPathResponseData, 8)?;
            "PR".into()
        }
        0x1c | 0x1d => {
            close(&mut r, kind, &mut label)?;
            "CC".into()
        }
        0x1e => "DONE".into(),
        0x30 | 0x31 => {
            let len = if kind == 0x31 {
                r.int(Field::QuicDgLength)?
            } else {
                b.len().saturating_sub(r.at) as u64
            };
            r.bytes(Field::QuicDg, len)?;
            "DG".into()
        }
        // An unknown type: its length is unknown too, so the rest of the payload is its.
        _ => {
            r.at = b.len();
            return Ok(Frame {
                kind,
                range: at..b.len(),
                parts: r.parts,
                crypto: None,
                info: String::new(),
                label,
            });
        }
    };
    Ok(Frame {
        kind,
        range: at..r.at,
        parts: r.parts,
        crypto,
        info: format!(", {info}"),
        label,
    })
}

fn ack(r: &mut Reader, ecn: bool) -> Result<(), Cut> {
    r.int(Field::QuicAckLargestAcknowledged)?;
    r.int(Field::QuicAckAckDelay)?;
    let ranges = r.int(Field::QuicAckAckRangeCount)?;
    r.int(Field::QuicAckFirstAckRange)?;
    // Every range takes at least two bytes, so a huge count stops at the payload's end.
    for _ in 0..ranges {
        r.int(Field::QuicAckGap)?;
        r.int(Field::QuicAckAckRange)?;
    }
    if ecn {
        r.int(Field::QuicAckEct0Count)?;
        r.int(Field::QuicAckEct1Count)?;
        r.int(Field::QuicAckEcnCeCount)?;
    }
    Ok(())
}

fn stream(r: &mut Reader, kind: u64, label: &mut String) -> Result<u64, Cut> {
    let id = r.int(Field::QuicStreamStreamId)?;
    let offset = if kind & 0x04 != 0 {
        r.int(Field::QuicStreamOffset)?
    } else {
        0
    };
    let len = if kind & 0x02 != 0 {
        r.int(Field::QuicStreamLength)?
    } else {
        r.b.len().saturating_sub(r.at) as u64
    };
    r.bytes(Field::QuicStreamData, len)?;
    let dir = if id & 0x2 != 0 {
        "Unidirectional"
    } else {
        "Bidirectional"
    };
    let origin = if id & 0x1 != 0 {
        "Server-initiated"
    } else {
        "Client-initiated"
    };
    *label = format!(
        "STREAM id={id} fin={} off={offset} len={len} dir={dir} origin={origin}",
        kind & 0x01
    );
    Ok(id)
}

fn close(r: &mut Reader, kind: u64, label: &mut String) -> Result<(), Cut> {
    let code = if kind == 0x1c {
        let code = r.int(Field::QuicCcErrorCode)?;
        r.int(Field::QuicCcFrameType)?;
        code
    } else {
        r.int(Field::QuicCcErrorCodeApp)?
    };
    let len = r.int(Field::QuicCcReasonPhraseLength)?;
    r.text(Field::QuicCcReasonPhrase, len)?;
    *label = match transport_error(code).filter(|_| kind == 0x1c) {
        Some(text) => format!("{label} Error code: {text}"),
        None => format!("{label} Error code: {code:#x}"),
    };
    Ok(())
}

fn transport_error(code: u64) -> Option<&'static str> {
    Some(match code {
        0x0 => "NO_ERROR",
        0x1 => "INTERNAL_ERROR",
        0x2 => "CONNECTION_REFUSED",
        0x3 => "FLOW_CONTROL_ERROR",
        0x4 => "STREAM_LIMIT_ERROR",
        0x5 => "STREAM_STATE_ERROR",
        0x6 => "FINAL_SIZE_ERROR",
        0x7 => "FRAME_ENCODING_ERROR",
        0x8 => "TRANSPORT_PARAMETER_ERROR",
        0x9 => "CONNECTION_ID_LIMIT_ERROR",
        0xa => "PROTOCOL_VIOLATION",
        0xb => "INVALID_TOKEN",
        0xc => "APPLICATION_ERROR",
        0xd => "CRYPTO_BUFFER_EXCEEDED",
        0xe => "KEY_UPDATE_ERROR",
        0xf => "AEAD_LIMIT_REACHED",
        0x10 => "NO_VIABLE_PATH",
        0x100..=0x1ff => "CRYPTO_ERROR",
        _ => return None,
    })
}

/// The CRYPTO frames of a payload, in order: stream offset and data bytes. Stops at the
/// first frame that does not parse.
pub fn crypto_frames(b: &[u8]) -> Vec<(u64, Range<usize>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < b.len() {
        let Ok(f) = parse(b, at) else { break };
        out.extend(f.crypto);
        at = f.range.end.max(at + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_of_an_initial_payload() {
        // ACK(largest 0, delay 179, no ranges), CRYPTO(offset 0, 3 bytes), 4 PADDING bytes.
        let payload = [
            0x02, 0x00, 0x40, 0xb3, 0x00, 0x00, 0x06, 0x00, 0x03, 0xaa, 0xbb, 0xcc, 0, 0, 0, 0,
        ];
        let ack = parse(&payload, 0).expect("ack");
        assert_eq!(
            (ack.kind, ack.range.clone(), ack.info.as_str()),
            (2, 0..6, ", ACK")
        );
        let crypto = parse(&payload, 6).expect("crypto");
        assert_eq!(crypto.crypto, Some((0, 9..12)));
        let padding = parse(&payload, 12).expect("padding");
        assert_eq!(
            (padding.range, padding.label.as_str()),
            (12..16, "PADDING Length: 4")
        );
        assert_eq!(crypto_frames(&payload), vec![(0, 9..12)]);
    }

    #[test]
    fn a_cut_frame_is_an_error_not_a_panic() {
        assert_eq!(parse(&[0x06, 0x00, 0x10, 0xaa], 0), Err(Cut));
        // An ACK claiming 2^62 ranges stops at the end of the bytes.
        assert_eq!(
            parse(
                &[
                    0x02, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0
                ],
                0
            ),
            Err(Cut)
        );
    }
}
