//! QUIC connections in capture order (the first pass, as Wireshark keeps them): which
//! datagrams belong to which connection, the Initial keys each side's packets open with, the
//! packet numbers, and the CRYPTO stream that carries the TLS handshake. What one datagram
//! needs for its dissection is a [`QuicDatagram`].

use super::frames::crypto_frames;
use super::header::{MAX_CID_LEN, PacketKind, dcid_of, long_header, packet_end};
use super::protection::{InitialKeys, TAG_LEN, full_packet_number};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::Arc;

/// The longest handshake message followed across CRYPTO frames (a bigger one is not
/// reassembled: memory stays bounded whatever a peer claims).
const MAX_HANDSHAKE: usize = 1 << 20;

/// What the first pass found for one datagram of a QUIC connection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuicDatagram {
    /// `quic.connection.number` (none for a packet of a connection not seen starting).
    pub connection: Option<u32>,
    /// Sent by the server.
    pub from_server: bool,
    /// Length of a short header's Destination Connection ID in this direction.
    pub short_dcid_len: usize,
    /// For a Retry: the Destination Connection ID the client first chose.
    pub original_dcid: Option<Box<[u8]>>,
    /// The Initial packets opened, by their position in the datagram.
    pub opened: Vec<OpenedPacket>,
}

/// An Initial packet with its header protection removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedPacket {
    /// Which packet of the datagram (0 = the first).
    pub index: usize,
    /// The first byte without protection.
    pub first_byte: u8,
    /// Packet number length.
    pub pn_len: usize,
    /// The full packet number.
    pub packet_number: u64,
    /// The decrypted payload; `None` when the AEAD tag did not check.
    pub plaintext: Option<Arc<[u8]>>,
    /// What the TLS dissector gets from each CRYPTO frame, in order.
    pub crypto: Vec<CryptoDelivery>,
}

/// How one CRYPTO frame's data reaches TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoDelivery {
    /// Already delivered by an earlier frame (a retransmission): not dissected again.
    Repeat,
    /// It starts beyond the data received so far: not dissected.
    Gap,
    /// New data: how it splits into handshake messages.
    Fresh(HandshakePieces),
}

/// How a CRYPTO frame's new data splits into TLS handshake messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandshakePieces {
    /// Bytes of the frame's data skipped as already delivered (a partial overlap).
    pub skip: usize,
    /// A message that began in earlier frames and ends here: its bytes, and the frames
    /// (1-based) and byte counts it came from.
    pub completed: Option<Reassembled>,
    /// How many bytes of this frame's data go to the earlier message (completed or not).
    pub continued: usize,
    /// The earlier message is still not complete after this frame.
    pub middle: bool,
    /// Whole messages in this frame's data after `continued` (relative to the data start).
    pub whole: Range<usize>,
    /// A message starts at `whole.end` and continues in later frames.
    pub starts_partial: bool,
}

/// A handshake message put together from several CRYPTO frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reassembled {
    /// The whole message.
    pub bytes: Arc<[u8]>,
    /// The frames (1-based) its bytes came from, and how many from each.
    pub pieces: Vec<(u64, usize)>,
}

/// One direction's CRYPTO stream at one encryption level.
#[derive(Debug, Default)]
struct CryptoStream {
    /// Bytes received in order so far.
    next: u64,
    /// The handshake message being reassembled: its bytes so far and their pieces.
    pending: Vec<u8>,
    pieces: Vec<(u64, usize)>,
}

impl CryptoStream {
    fn push(&mut self, frame: u64, offset: u64, data: &[u8]) -> CryptoDelivery {
        let len = data.len() as u64;
        if offset > self.next {
            return CryptoDelivery::Gap;
        }
        if offset + len <= self.next && len > 0 {
            return CryptoDelivery::Repeat;
        }
        let skip = usize::try_from(self.next - offset).unwrap_or(usize::MAX);
        let new = data.get(skip..).unwrap_or(&[]);
        self.next = offset + len;
        let mut out = HandshakePieces {
            skip,
            ..HandshakePieces::default()
        };
        let mut pos = 0;
        if !self.pending.is_empty() {
            pos = self.continue_pending(frame, new, &mut out);
            if out.middle {
                return CryptoDelivery::Fresh(out);
            }
        }
        let start = pos;
        while let Some(len) = message_len(new.get(pos..).unwrap_or(&[])) {
            if pos + len > new.len() {
                break;
            }
            pos += len;
        }
        out.whole = start..pos;
        if pos < new.len() {
            out.starts_partial = true;
            let rest = new.get(pos..).unwrap_or(&[]);
            self.pending = rest.to_vec();
            self.pieces = vec![(frame, rest.len())];
        }
        CryptoDelivery::Fresh(out)
    }

    /// Adds the start of `new` to the pending message; returns how many bytes it took.
    fn continue_pending(&mut self, frame: u64, new: &[u8], out: &mut HandshakePieces) -> usize {
        let mut taken = 0;
        // The 4-byte header may itself be split.
        while self.pending.len() < 4 && taken < new.len() {
            self.pending.extend(new.get(taken));
            taken += 1;
        }
        let want = message_len(&self.pending).unwrap_or(usize::MAX);
        if want > MAX_HANDSHAKE {
            self.pending.clear();
            self.pieces.clear();
            out.continued = new.len();
            out.middle = true;
            return new.len();
        }
        let more = want
            .saturating_sub(self.pending.len())
            .min(new.len() - taken);
        self.pending
            .extend_from_slice(new.get(taken..taken + more).unwrap_or(&[]));
        taken += more;
        self.pieces.push((frame, taken));
        out.continued = taken;
        if self.pending.len() >= want {
            let bytes: Arc<[u8]> = std::mem::take(&mut self.pending).into();
            out.completed = Some(Reassembled {
                bytes,
                pieces: std::mem::take(&mut self.pieces),
            });
        } else {
            out.middle = true;
        }
        taken
    }
}

/// The length of the handshake message at the start of `b` (header included), once its
/// 4-byte header is there.
fn message_len(b: &[u8]) -> Option<usize> {
    let header = b.get(..4)?;
    let len = header
        .iter()
        .skip(1)
        .fold(0usize, |v, x| (v << 8) | usize::from(*x));
    Some(4 + len)
}

/// One side of a connection.
#[derive(Debug, Default)]
struct Side {
    keys: Option<InitialKeys>,
    largest_initial_pn: Option<u64>,
    crypto: CryptoStream,
    cid_len: Option<usize>,
}

#[derive(Debug, Default)]
struct Connection {
    number: u32,
    /// The direction (the flow's `reverse`) of the client's datagrams.
    client_reverse: bool,
    /// The Destination Connection ID the Initial keys come from.
    key_dcid: Vec<u8>,
    /// The version the Initial keys were made for (the client's first, until the server
    /// answers in another one after Version Negotiation: then both sides' keys are made
    /// again, as Wireshark does).
    version: Option<u32>,
    client: Side,
    server: Side,
}

/// Every QUIC connection of a capture, in the order their packets were seen.
#[derive(Debug, Default)]
pub struct QuicTracker {
    connections: Vec<Connection>,
    by_cid: FxHashMap<Vec<u8>, usize>,
    by_flow: FxHashMap<u32, usize>,
}

impl QuicTracker {
    /// True when `flow` carries a connection already seen (its short headers are QUIC).
    pub fn knows_flow(&self, flow: u32) -> bool {
        self.by_flow.contains_key(&flow)
    }

    /// Takes in one datagram (`payload`, the UDP payload of 1-based frame `frame` on `flow`
    /// in direction `reverse`) and says what its dissection needs; `None` when it is not
    /// QUIC as far as the connections seen so far tell.
    pub fn datagram(
        &mut self,
        frame: u64,
        flow: u32,
        reverse: bool,
        payload: &[u8],
    ) -> Option<QuicDatagram> {
        let first = *payload.first()?;
        let long = if first & 0x80 != 0 {
            Some(long_header(payload, 0)?)
        } else {
            None
        };
        let conn = match &long {
            Some(h) => self.long_connection(h, payload, flow, reverse),
            None => self.by_flow.get(&flow).copied(),
        }?;
        self.by_flow.insert(flow, conn);
        let c = self.connections.get_mut(conn)?;
        let from_server = reverse != c.client_reverse;
        let mut out = QuicDatagram {
            connection: Some(c.number),
            from_server,
            ..QuicDatagram::default()
        };
        let peer = if from_server { &c.client } else { &c.server };
        out.short_dcid_len = peer.cid_len.unwrap_or(0);
        let mut at = 0;
        let mut first_dcid: Option<Vec<u8>> = None;
        let mut index = 0;
        while at < payload.len() {
            let dcid = dcid_of(payload, at, out.short_dcid_len).map(<[u8]>::to_vec);
            match (&first_dcid, dcid) {
                (None, Some(d)) => first_dcid = Some(d),
                (Some(f), Some(d)) if *f == d => {}
                _ => break,
            }
            let end = packet_end(payload, at, payload.len());
            let packet = payload.get(at..end).unwrap_or(&[]);
            if let Some(opened) = c.packet(frame, index, packet, from_server, &mut out) {
                out.opened.push(opened);
            }
            at = end.max(at + 1);
            index += 1;
        }
        Some(out)
    }

    /// The connection a long header belongs to, creating one for a client's first Initial.
    fn long_connection(
        &mut self,
        h: &super::header::LongHeader,
        payload: &[u8],
        flow: u32,
        reverse: bool,
    ) -> Option<usize> {
        let dcid = payload.get(h.dcid.clone())?;
        let scid = payload.get(h.scid.clone())?;
        if dcid.len() > MAX_CID_LEN || scid.len() > MAX_CID_LEN {
            return None;
        }
        let found = self
            .by_cid
            .get(dcid)
            .filter(|_| !dcid.is_empty())
            .copied()
            .or_else(|| self.by_flow.get(&flow).copied());
        let conn = match found {
            Some(c) => c,
            None if h.kind == PacketKind::Initial => {
                let number = u32::try_from(self.connections.len()).ok()?;
                self.connections.push(Connection {
                    number,
                    client_reverse: reverse,
                    key_dcid: dcid.to_vec(),
                    ..Connection::default()
                });
                if !dcid.is_empty() {
                    self.by_cid.insert(dcid.to_vec(), number as usize);
                }
                number as usize
            }
            None => return None,
        };
        let c = self.connections.get_mut(conn)?;
        let from_server = reverse != c.client_reverse;
        if h.kind != PacketKind::VersionNegotiation {
            let side = if from_server {
                &mut c.server
            } else {
                &mut c.client
            };
            side.cid_len.get_or_insert(scid.len());
        }
        if !scid.is_empty() {
            self.by_cid.insert(scid.to_vec(), conn);
        }
        Some(conn)
    }
}

impl Connection {
    /// Opens one packet of a datagram when it is an Initial (a Retry resets the keys).
    fn packet(
        &mut self,
        frame: u64,
        index: usize,
        packet: &[u8],
        from_server: bool,
        out: &mut QuicDatagram,
    ) -> Option<OpenedPacket> {
        if packet.first()? & 0x80 == 0 {
            return None;
        }
        let h = long_header(packet, 0)?;
        if h.kind == PacketKind::Retry && from_server {
            out.original_dcid = Some(self.key_dcid.clone().into());
            self.key_dcid = packet.get(h.scid.clone())?.to_vec();
            self.client.keys = None;
            self.server.keys = None;
            return None;
        }
        if h.kind != PacketKind::Initial {
            return None;
        }
        if self.version.is_some_and(|v| v != h.version) && from_server {
            self.client.keys = None;
            self.server.keys = None;
        }
        if from_server || self.version.is_none() {
            self.version = Some(h.version);
        }
        let key_dcid = self.key_dcid.clone();
        let side = if from_server {
            &mut self.server
        } else {
            &mut self.client
        };
        if side.keys.is_none() {
            side.keys = InitialKeys::derive(h.version, &key_dcid, from_server);
        }
        let keys = side.keys.as_ref()?;
        let pn_offset = h.pn_offset()?;
        let (first_byte, pn_len, truncated) = keys.unmask(packet, pn_offset)?;
        let packet_number = full_packet_number(side.largest_initial_pn, truncated, pn_len);
        let sealed_at = pn_offset + pn_len;
        let end = pn_offset + usize::try_from(h.length.as_ref()?.1).ok()?;
        let mut header = packet.get(..sealed_at)?.to_vec();
        if let Some(b) = header.first_mut() {
            *b = first_byte;
        }
        let pn_bytes = truncated.to_be_bytes();
        if let (Some(dst), Some(src)) = (
            header.get_mut(pn_offset..sealed_at),
            pn_bytes.get(8 - pn_len..),
        ) {
            dst.copy_from_slice(src);
        }
        let sealed = packet.get(sealed_at..end.min(packet.len()))?;
        let plaintext = (sealed.len() >= TAG_LEN)
            .then(|| keys.open(packet_number, &header, sealed))
            .flatten();
        let mut opened = OpenedPacket {
            index,
            first_byte,
            pn_len,
            packet_number,
            plaintext: None,
            crypto: Vec::new(),
        };
        if let Some(p) = plaintext {
            side.largest_initial_pn = Some(
                side.largest_initial_pn
                    .map_or(packet_number, |l| l.max(packet_number)),
            );
            for (offset, range) in crypto_frames(&p) {
                let data = p.get(range).unwrap_or(&[]);
                opened.crypto.push(side.crypto.push(frame, offset, data));
            }
            opened.plaintext = Some(p.into());
        }
        Some(opened)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(kind: u8, len: usize) -> Vec<u8> {
        let mut m = vec![kind, 0, (len >> 8) as u8, len as u8];
        m.extend(std::iter::repeat_n(0x55, len));
        m
    }

    #[test]
    fn a_handshake_message_split_across_crypto_frames() {
        let hello = message(1, 30);
        let mut s = CryptoStream::default();
        let first = s.push(1, 0, hello.get(..20).expect("part"));
        let CryptoDelivery::Fresh(p) = first else {
            panic!("{first:?}")
        };
        assert!(p.starts_partial && p.whole == (0..0));
        let second = s.push(2, 20, hello.get(20..).expect("rest"));
        let CryptoDelivery::Fresh(p) = second else {
            panic!("{second:?}")
        };
        let done = p.completed.expect("completed");
        assert_eq!(
            (&done.bytes[..], done.pieces),
            (&hello[..], vec![(1, 20), (2, 14)])
        );
        assert_eq!(s.push(3, 0, &hello), CryptoDelivery::Repeat);
        assert_eq!(s.push(4, 99, &hello), CryptoDelivery::Gap);
    }

    #[test]
    fn whole_messages_in_one_frame() {
        let mut data = message(2, 10);
        data.extend(message(8, 5));
        let mut s = CryptoStream::default();
        let CryptoDelivery::Fresh(p) = s.push(1, 0, &data) else {
            panic!("not fresh")
        };
        assert_eq!(
            (p.whole, p.starts_partial, p.completed),
            (0..23, false, None)
        );
    }

    #[test]
    fn a_huge_claimed_length_is_not_buffered() {
        let mut s = CryptoStream::default();
        let _ = s.push(1, 0, &[1, 0xff, 0xff, 0xff, 1, 2]);
        let CryptoDelivery::Fresh(p) = s.push(2, 6, &[0; 100]) else {
            panic!("not fresh")
        };
        assert!(p.middle && s.pending.is_empty());
    }
}
