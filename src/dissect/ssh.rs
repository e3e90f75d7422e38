//! SSH (RFC 4253) on TCP 22: version banners, the binary packets of the key exchange
//! (KEXINIT with its name lists, the method's DH/GEX/ECDH messages, NEWKEYS) and the
//! encrypted packets after it, with tshark's Protocol (`SSH` until a banner was seen, then
//! `SSHv2`) and Info ("Client: Key Exchange Init", "Server: Encrypted packet (len=48)").

use super::Dissector;
use super::app::PduLen;
use super::context::{SshContext, SshKex, SshSeen};
use super::field::Field;
use super::reader::Bytes;
use super::value::Value;

/// The server's port.
pub const PORT: u16 = 22;
const KEXINIT: u8 = 20;
const NEWKEYS: u8 = 21;
/// Longest plaintext packet Wireshark and OpenSSH accept (RFC 4253 §6.1 asks for 35000).
const MAX_PACKET: u32 = 35_000;
/// A banner line is at most 255 bytes (RFC 4253 §4.2).
const MAX_BANNER: usize = 255;
/// KEXINIT's name lists, in order, with their field and its length's field.
const NAME_LISTS: [(Field, Field); 10] = [
    (Field::SshKexAlgorithms, Field::SshKexAlgorithmsLength),
    (
        Field::SshServerHostKeyAlgorithms,
        Field::SshServerHostKeyAlgorithmsLength,
    ),
    (Field::SshEncryptionC2s, Field::SshEncryptionC2sLength),
    (Field::SshEncryptionS2c, Field::SshEncryptionS2cLength),
    (Field::SshMacC2s, Field::SshMacC2sLength),
    (Field::SshMacS2c, Field::SshMacS2cLength),
    (Field::SshCompressionC2s, Field::SshCompressionC2sLength),
    (Field::SshCompressionS2c, Field::SshCompressionS2cLength),
    (Field::SshLanguagesC2s, Field::SshLanguagesC2sLength),
    (Field::SshLanguagesS2c, Field::SshLanguagesS2cLength),
];

/// Wireshark's message names; 30-34 depend on the key exchange method.
fn message_name(code: u8, kex: SshKex) -> String {
    let name = match (code, kex) {
        (1, _) => "Disconnect",
        (2, _) => "Ignore",
        (3, _) => "Unimplemented",
        (4, _) => "Debug",
        (5, _) => "Service Request",
        (6, _) => "Service Accept",
        (KEXINIT, _) => "Key Exchange Init",
        (NEWKEYS, _) => "New Keys",
        // Wireshark names the messages of a method it does not know as classic DH's.
        (30, SshKex::Dh | SshKex::Unknown) => "Diffie-Hellman Key Exchange Init",
        (31, SshKex::Dh | SshKex::Unknown) => "Diffie-Hellman Key Exchange Reply",
        (30, SshKex::DhGex) => "Diffie-Hellman Group Exchange Request (Old)",
        (31, SshKex::DhGex) => "Diffie-Hellman Group Exchange Group",
        (32, SshKex::DhGex) => "Diffie-Hellman Group Exchange Init",
        (33, SshKex::DhGex) => "Diffie-Hellman Group Exchange Reply",
        (34, SshKex::DhGex) => "Diffie-Hellman Group Exchange Request",
        (30, SshKex::Ecdh) => "Elliptic Curve Diffie-Hellman Key Exchange Init",
        (31, SshKex::Ecdh) => "Elliptic Curve Diffie-Hellman Key Exchange Reply",
        _ => return format!("Unknown ({code})"),
    };
    name.into()
}

/// The method family of a negotiated key exchange algorithm.
pub fn kex_kind(algorithm: &str) -> SshKex {
    if algorithm.starts_with("diffie-hellman-group-exchange") {
        SshKex::DhGex
    } else if algorithm.starts_with("ecdh-sha2-")
        || algorithm.starts_with("curve25519")
        || algorithm.starts_with("curve448")
    {
        SshKex::Ecdh
    } else {
        SshKex::Dh
    }
}

/// The first of the client's algorithms that the server also offers (RFC 4253 §7.1).
pub fn negotiate<'a>(client: &'a str, server: &str) -> Option<&'a str> {
    client
        .split(',')
        .find(|c| server.split(',').any(|s| s == *c))
}

/// The length of a plaintext binary packet starting `b`, when its header looks like one (a
/// known message code, padding of 4 or more, a multiple of 8 in all): encrypted bytes rarely
/// do.
fn plaintext_len(b: &[u8]) -> Option<usize> {
    let m = Bytes::new(b);
    let len = m.be_u32(0).ok()?;
    let (padding, code) = (m.u8(4).ok()?, m.u8(5).ok()?);
    let known = matches!(code, 1..=6 | KEXINIT | NEWKEYS | 30..=34);
    let sane = (12..=MAX_PACKET).contains(&len)
        && (len + 4) % 8 == 0
        && padding >= 4
        && u32::from(padding) < len;
    (known && sane).then_some(len as usize + 4)
}

/// Length of the first SSH PDU in `bytes` (TCP reassembly): a banner line, a plaintext
/// packet, or (encrypted) everything there is.
pub fn pdu_len(bytes: &[u8]) -> PduLen {
    if bytes.starts_with(b"SSH-") {
        return match bytes.iter().position(|&b| b == b'\n') {
            Some(nl) => PduLen::Complete(nl + 1),
            None if bytes.len() > MAX_BANNER => PduLen::Complete(bytes.len()),
            None => PduLen::NeedMore,
        };
    }
    if bytes.len() < 6 {
        return PduLen::Complete(bytes.len());
    }
    match plaintext_len(bytes) {
        Some(n) if n > bytes.len() => PduLen::NeedMore,
        Some(n) => PduLen::Complete(n),
        None => PduLen::Complete(bytes.len()),
    }
}

/// Dissects one SSH segment (or reassembled PDU) in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    let from_server = d.transport.as_ref().is_some_and(|t| t.dst_port != PORT);
    let ctx = d.ctx.ssh.unwrap_or_default();
    d.set_protocol(if ctx.version_known { "SSHv2" } else { "SSH" });
    let node = d.tree.open_protocol(Field::Ssh, o..end);
    d.tree.label(node, || "SSH Protocol".into());
    let dir = d
        .tree
        .add(Field::SshDirection, o..o, Value::Bool(from_server));
    let side = if from_server { "Server" } else { "Client" };
    let text = if from_server {
        "server-to-client"
    } else {
        "client-to-server"
    };
    d.tree.label(dir, || format!("[Direction: {text}]"));
    let mut seen = SshSeen {
        from_server,
        ..SshSeen::default()
    };
    let mut parts = Vec::new();
    let mut encrypted = ctx.encrypted;
    let mut at = o;
    while at < end {
        let rest = d.frame.range(at..end).unwrap_or(&[]);
        if rest.starts_with(b"SSH-") {
            at = banner(d, at, end, &mut parts);
            seen.banner = true;
        } else if let Some(len) = plaintext_len(rest).filter(|n| !encrypted && *n <= rest.len()) {
            let code = packet(d, at, len, ctx.kex, &mut seen, &mut parts);
            encrypted |= code == Some(NEWKEYS);
            at += len;
        } else {
            let len = end - at;
            if !(encrypted && ctx.silent) {
                parts.push(format!("Encrypted packet (len={len})"));
            }
            encrypted_packet(d, at, end);
            at = end;
        }
    }
    d.tree.close();
    d.set_info(|| format!("{side}: {}", parts.join(", ")));
    if seen
        != (SshSeen {
            from_server,
            ..SshSeen::default()
        })
    {
        d.ssh_seen = Some(seen);
    }
}

fn banner(d: &mut Dissector, at: usize, end: usize, parts: &mut Vec<String>) -> usize {
    let rest = d.frame.range(at..end).unwrap_or(&[]);
    let line_end = rest
        .iter()
        .position(|&b| b == b'\n')
        .map_or(end, |nl| at + nl + 1);
    let text = d.frame.range(at..line_end).unwrap_or(&[]);
    let trimmed = text
        .strip_suffix(b"\n")
        .map(|t| t.strip_suffix(b"\r").unwrap_or(t))
        .unwrap_or(text);
    let version = String::from_utf8_lossy(trimmed).into_owned();
    parts.push(format!("Protocol ({version})"));
    d.tree
        .add(Field::SshProtocol, at..line_end, Value::Str(version.into()));
    line_end
}

/// Adds one plaintext packet of `len` bytes at `at`; returns its message code.
fn packet(
    d: &mut Dissector,
    at: usize,
    len: usize,
    kex: SshKex,
    seen: &mut SshSeen,
    parts: &mut Vec<String>,
) -> Option<u8> {
    let m = Bytes::new(d.frame.range(at..at + len).unwrap_or(&[]));
    let (plen, padding, code) = (m.be_u32(0).ok()?, m.u8(4).ok()?, m.u8(5).ok()?);
    let name = message_name(code, kex);
    parts.push(name.clone());
    let t = &mut d.tree;
    t.add(
        Field::SshPacketLength,
        at..at + 4,
        Value::UInt(u64::from(plen)),
    );
    t.add(
        Field::SshPaddingLength,
        at + 4..at + 5,
        Value::UInt(u64::from(padding)),
    );
    let c = t.add(
        Field::SshMessageCode,
        at + 5..at + 6,
        Value::UInt(u64::from(code)),
    );
    t.label(c, || format!("Message Code: {name} ({code})"));
    let pad_start = at + len - usize::from(padding);
    if code == KEXINIT {
        seen.kexinit = kexinit(d, m, at);
    }
    if code == NEWKEYS {
        seen.newkeys = true;
    }
    if let Ok(pad) = d.frame.range(pad_start..at + len) {
        d.tree.add(
            Field::SshPaddingString,
            pad_start..at + len,
            Value::Bytes(pad.into()),
        );
    }
    Some(code)
}

/// KEXINIT's cookie and name lists; returns the key exchange methods and the ciphers.
fn kexinit(d: &mut Dissector, m: Bytes, at: usize) -> Option<Box<[String; 3]>> {
    let cookie = m.slice(6, 16).ok()?;
    d.tree.add(
        Field::SshCookie,
        at + 6..at + 22,
        Value::Bytes(cookie.into()),
    );
    let mut pos = 22;
    let mut lists: Vec<String> = Vec::with_capacity(NAME_LISTS.len());
    for (field, length_field) in NAME_LISTS {
        let n = m.be_u32(pos).ok()? as usize;
        let text = String::from_utf8_lossy(m.slice(pos + 4, n).ok()?).into_owned();
        let t = &mut d.tree;
        t.add(length_field, at + pos..at + pos + 4, Value::UInt(n as u64));
        t.add(
            field,
            at + pos + 4..at + pos + 4 + n,
            Value::Str(text.clone().into()),
        );
        lists.push(text);
        pos += 4 + n;
    }
    let follows = m.u8(pos).ok()?;
    d.tree.add(
        Field::SshFirstKexPacketFollows,
        at + pos..at + pos + 1,
        Value::UInt(u64::from(follows)),
    );
    let reserved = m.slice(pos + 1, 4).ok()?;
    d.tree.add(
        Field::SshKexReserved,
        at + pos + 1..at + pos + 5,
        Value::Bytes(reserved.into()),
    );
    let mut lists = lists.into_iter();
    let kex = lists.next()?;
    let c2s = lists.nth(1)?;
    let s2c = lists.next()?;
    Some(Box::new([kex, c2s, s2c]))
}

fn encrypted_packet(d: &mut Dissector, at: usize, end: usize) {
    let t = &mut d.tree;
    if end - at > 4 {
        let len = d.frame.range(at..at + 4).unwrap_or(&[]);
        t.add(
            Field::SshPacketLengthEncrypted,
            at..at + 4,
            Value::Bytes(len.into()),
        );
        let body = d.frame.range(at + 4..end).unwrap_or(&[]);
        t.add(
            Field::SshEncryptedPacket,
            at + 4..end,
            Value::Bytes(body.into()),
        );
    }
}

/// What a conversation's frames showed, from which the state before any frame follows (one
/// per TCP flow; frames may arrive out of order when reassembled PDUs are read again).
#[derive(Debug, Clone, Default)]
pub struct SshConversation {
    /// Frame (0-based) of the first banner.
    banner_at: Option<u32>,
    /// The client's and the server's first KEXINIT lists, with their frames.
    kexinit: [Option<(u32, Box<[String; 3]>)>; 2],
    /// The frames of the client's and the server's first NEWKEYS.
    newkeys: [Option<u32>; 2],
    /// Which way of the flow (its `reverse` flag) the server sends.
    server_reverse: Option<bool>,
}

/// Keeps the earlier of two frame-stamped values.
fn earliest<T>(slot: &mut Option<(u32, T)>, frame: u32, value: T) {
    if slot.as_ref().is_none_or(|(f, _)| frame < *f) {
        *slot = Some((frame, value));
    }
}

impl SshConversation {
    /// Takes in what frame `frame`, going the flow's `reverse` way, showed.
    pub fn push(&mut self, frame: u32, reverse: bool, seen: &SshSeen) {
        let side = usize::from(seen.from_server);
        self.server_reverse = Some(if seen.from_server { reverse } else { !reverse });
        if seen.banner && self.banner_at.is_none_or(|f| frame < f) {
            self.banner_at = Some(frame);
        }
        if let (Some(lists), Some(slot)) = (&seen.kexinit, self.kexinit.get_mut(side)) {
            earliest(slot, frame, lists.clone());
        }
        if seen.newkeys
            && let Some(slot) = self.newkeys.get_mut(side)
            && slot.is_none_or(|f| frame < f)
        {
            *slot = Some(frame);
        }
    }

    /// The state before frame `frame`, which goes the flow's `reverse` way.
    pub fn context(&self, frame: u32, reverse: bool) -> SshContext {
        let from_server = self.server_reverse.is_some_and(|r| r == reverse);
        let side = usize::from(from_server);
        let kex = match &self.kexinit {
            [Some((cf, client)), Some((sf, server))] if (*cf).max(*sf) <= frame => {
                kex_kind(negotiate(&client[0], &server[0]).unwrap_or_default())
            }
            _ => SshKex::Unknown,
        };
        SshContext {
            version_known: self.banner_at.is_some_and(|f| f < frame),
            kex,
            encrypted: self
                .newkeys
                .get(side)
                .copied()
                .flatten()
                .is_some_and(|f| f < frame),
            // Wireshark 4.0 sets up decryption for every method but group exchange, and
            // without keys then shows nothing for the encrypted packets.
            silent: !matches!(kex, SshKex::Unknown | SshKex::DhGex),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_s_first_choice_the_server_offers_wins() {
        assert_eq!(negotiate("a,b,c", "c,b"), Some("b"));
        assert_eq!(negotiate("a", "b"), None);
        assert_eq!(kex_kind("curve25519-sha256"), SshKex::Ecdh);
        assert_eq!(
            kex_kind("diffie-hellman-group-exchange-sha256"),
            SshKex::DhGex
        );
        assert_eq!(kex_kind("diffie-hellman-group14-sha1"), SshKex::Dh);
        assert_eq!(kex_kind("sntrup761x25519-sha512@openssh.com"), SshKex::Dh);
    }

    #[test]
    fn pdus_are_banners_plaintext_packets_or_the_rest() {
        assert_eq!(pdu_len(b"SSH-2.0-x\r\n..."), PduLen::Complete(11));
        assert_eq!(pdu_len(b"SSH-2.0-x"), PduLen::NeedMore);
        // NEWKEYS: length 12, padding 10, code 21.
        let newkeys = [0, 0, 0, 12, 10, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(pdu_len(&newkeys), PduLen::Complete(16));
        assert_eq!(pdu_len(&newkeys[..10]), PduLen::NeedMore);
        let noise = [0x9a, 0x13, 0x77, 0x01, 0xfe, 0x42, 0x10, 0x20];
        assert_eq!(pdu_len(&noise), PduLen::Complete(8));
    }

    #[test]
    fn the_state_before_a_frame_comes_from_the_frames_before_it() {
        let lists = |kex: &str| {
            Some(Box::new([
                kex.to_string(),
                "aes128-ctr".into(),
                "aes128-ctr".into(),
            ]))
        };
        let mut c = SshConversation::default();
        let client = |kexinit, banner, newkeys| SshSeen {
            from_server: false,
            banner,
            kexinit,
            newkeys,
        };
        c.push(3, false, &client(None, true, false));
        c.push(7, false, &client(lists("curve25519-sha256"), false, false));
        c.push(
            8,
            true,
            &SshSeen {
                from_server: true,
                kexinit: lists("curve25519-sha256,diffie-hellman-group14-sha1"),
                ..SshSeen::default()
            },
        );
        c.push(12, false, &client(None, false, true));
        assert!(!c.context(3, false).version_known);
        assert!(c.context(4, true).version_known);
        assert_eq!(c.context(7, false).kex, SshKex::Unknown);
        assert_eq!(c.context(8, true).kex, SshKex::Ecdh);
        assert!(!c.context(12, false).encrypted);
        assert!(c.context(13, false).encrypted && c.context(13, false).silent);
        assert!(!c.context(13, true).encrypted);
    }
}
