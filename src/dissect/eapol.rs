//! EAPOL, IEEE 802.1X port access control (EtherType 0x888e, also over 802.11 LLC/SNAP): the
//! header, the EAP packet it carries, and the key descriptors — RC4 (802.1X-2001) and the
//! RSN/WPA key of 802.11's 4-way and group handshakes, with tshark's message numbering
//! ("Key (Message 2 of 4)"). Protocol column `EAPOL`, or `EAP` when it carries EAP.

use super::field::Field;
use super::reader::{Bytes, Short};
use super::value::Value;
use super::{Dissector, data, eap, format, frame};

/// EAPOL packet types.
const EAP_PACKET: u8 = 0;
const KEY: u8 = 3;
const MKA: u8 = 5;
/// Key descriptor types.
const RC4_KEY: u8 = 1;
const RSN_KEY: u8 = 2;
const WPA_KEY: u8 = 254;
/// Bytes of an RSN/WPA key descriptor before its key data (after the type byte).
const RSN_FIXED: usize = 94;

/// Dissects an EAPOL frame at `o`; returns where its length field says it ends.
pub fn dissect(d: &mut Dissector, o: usize) -> Option<usize> {
    d.set_protocol("EAPOL");
    d.set_info(String::new);
    let b = d.frame;
    let len = b.be_u16(o + 2).ok().map(usize::from);
    let end = len.map_or(d.frame.len(), |l| o + 4 + l);
    let node = d
        .tree
        .open_protocol(Field::Eapol, o..end.min(d.frame.len()));
    d.tree.label(node, || "802.1X Authentication".into());
    // Like tshark's tvb, the body ends where the length field says: reading past that but
    // inside the frame is malformed, past the captured bytes a short frame.
    let whole = d.frame;
    d.frame = Bytes::new(whole.all().get(..end).unwrap_or(whole.all()));
    let result = header_and_body(d, o, end);
    d.frame = whole;
    d.tree.close();
    if let Err(e) = result {
        let layer = if d.frame.u8(o + 1) == Ok(EAP_PACKET) {
            "eap"
        } else {
            "eapol"
        };
        if e.needed_end <= d.frame.len() {
            frame::malformed(d, layer);
        } else {
            d.short(layer, e);
        }
    }
    len.map(|_| end)
}

fn header_and_body(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    let b = d.frame;
    let (version, kind) = (b.u8(o)?, b.u8(o + 1)?);
    let t = &mut d.tree;
    let n = t.add(Field::EapolVersion, o..o + 1, uint(version));
    t.label(n, || {
        format!("Version: {} ({version})", version_name(version))
    });
    let n = t.add(Field::EapolType, o + 1..o + 2, uint(kind));
    let name = type_name(kind);
    t.label(n, || format!("Type: {name} ({kind})"));
    d.set_info(|| name.to_string());
    let len = b.be_u16(o + 2)?;
    d.tree
        .add(Field::EapolLen, o + 2..o + 4, Value::UInt(u64::from(len)));
    let body = o + 4;
    match kind {
        EAP_PACKET => eap::dissect(d, body, end),
        KEY => key(d, body, end),
        MKA => {
            d.set_protocol("EAPOL-MKA");
            Ok(())
        }
        _ => {
            data::dissect_range(d, body, end.min(d.frame.len()));
            Ok(())
        }
    }
}

/// An EAPOL-Key body: the descriptor type, then the descriptor.
fn key(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    let desc = d.frame.u8(o)?;
    let n = d.tree.add(Field::EapolKeydesType, o..o + 1, uint(desc));
    d.tree.label(n, || {
        format!("Key Descriptor Type: {} ({desc})", descriptor_name(desc))
    });
    match desc {
        RC4_KEY => rc4_key(d, o + 1, end),
        RSN_KEY | WPA_KEY => rsn_key(d, o + 1),
        _ => {
            let stop = end.min(d.frame.len()).max(o + 1);
            d.tree.add(Field::EapolKeydesBody, o + 1..stop, Value::Span);
            Ok(())
        }
    }
}

/// The 802.1X-2001 RC4 key descriptor.
fn rc4_key(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    let b = d.frame;
    b.slice(o, 43)?;
    let key_len = key_length_and_replay(d, o)?;
    let t = &mut d.tree;
    t.add(Field::EapolKeydesKeyIv, o + 10..o + 26, Value::Span);
    let index = b.u8(o + 26)?;
    t.open(Field::EapolKeydesKeyIndex, o + 26..o + 27, uint(index));
    let unicast = index & 0x80 != 0;
    let n = t.add(
        Field::EapolKeydesKeyIndexType,
        o + 26..o + 27,
        Value::Bool(unicast),
    );
    t.label(n, || {
        let kind = if unicast { "Unicast" } else { "Broadcast" };
        format!("{}... .... = Type: {kind}", u8::from(unicast))
    });
    let n = t.add(
        Field::EapolKeydesKeyIndexNumber,
        o + 26..o + 27,
        uint(index & 0x7f),
    );
    t.label(n, || {
        let bits = format::bit_pattern(0x7f, u64::from(index));
        format!("{bits}Number: {}", index & 0x7f)
    });
    t.close();
    t.add(Field::EapolKeydesKeySignature, o + 27..o + 43, Value::Span);
    if key_len != 0 {
        // 802.1X-2004 7.6.3.6: no key bytes means the key is generated locally.
        let local = end.saturating_sub(o) <= 43;
        let at = o + 43;
        if !local {
            b.slice(at, usize::from(key_len))?;
            t.add(
                Field::EapolKeydesKey,
                at..at + usize::from(key_len),
                Value::Span,
            );
        }
        let n = t.add(
            Field::EapolKeydesKeyGeneratedLocally,
            at..at,
            Value::Bool(local),
        );
        t.label(n, || {
            let state = if local { "True" } else { "False" };
            format!("Key Generated Locally: {state}")
        });
    }
    Ok(())
}

/// The 802.11 RSN (and pre-standard WPA) key descriptor of the 4-way and group handshakes.
fn rsn_key(d: &mut Dissector, o: usize) -> Result<(), Short> {
    let b = d.frame;
    let info = b.be_u16(o)?;
    b.slice(o, RSN_FIXED)?;
    let nonce = b.slice(o + 13, 32)?;
    let message = Message::of(info, nonce.iter().all(|&x| x == 0));
    d.set_info(|| format!("Key{}", message.info()));
    if let Some(n) = message.number() {
        d.tree.add(Field::RsnaMsgnr, o..o, Value::UInt(n));
    }
    key_information(d, o, info);
    key_length_and_replay(d, o + 2)?;
    let t = &mut d.tree;
    t.add(Field::RsnaNonce, o + 12..o + 44, Value::Span);
    t.add(Field::EapolKeydesKeyIv, o + 44..o + 60, Value::Span);
    t.add(Field::RsnaRsc, o + 60..o + 68, Value::Span);
    t.add(Field::RsnaId, o + 68..o + 76, Value::Span);
    t.add(Field::RsnaMic, o + 76..o + 92, Value::Span);
    let data_len = usize::from(b.be_u16(o + 92)?);
    t.add(
        Field::RsnaDataLen,
        o + 92..o + 94,
        Value::UInt(data_len as u64),
    );
    if data_len > 0 {
        let at = o + RSN_FIXED;
        b.slice(at, data_len)?;
        t.add(Field::RsnaData, at..at + data_len, Value::Span);
    }
    Ok(())
}

/// The key length and replay counter both descriptors start with (at `o`); returns the length.
fn key_length_and_replay(d: &mut Dissector, o: usize) -> Result<u16, Short> {
    let key_len = d.frame.be_u16(o)?;
    let replay = u64::from_be_bytes(d.frame.array::<8>(o + 2)?);
    let t = &mut d.tree;
    t.add(Field::EapolKeydesKeyLen, o..o + 2, uint16(key_len));
    t.add(
        Field::EapolKeydesReplayCounter,
        o + 2..o + 10,
        Value::UInt(replay),
    );
    Ok(key_len)
}

/// The Key Information word and its flags.
fn key_information(d: &mut Dissector, o: usize, info: u16) {
    let t = &mut d.tree;
    let r = o..o + 2;
    let n = t.open(Field::RsnaKeyInfo, r.clone(), Value::UInt(u64::from(info)));
    t.label(n, || format!("Key Information: 0x{info:04x}"));
    let version = info & 0x0007;
    let n = t.add(Field::RsnaKeydesVersion, r.clone(), uint16(version));
    t.label(n, || {
        format!(
            ".... .... .... .{:03b} = Key Descriptor Version: {} ({version})",
            version,
            keydes_version_name(version)
        )
    });
    let pairwise = info & 0x0008 != 0;
    let n = t.add(Field::RsnaKeyType, r.clone(), Value::Bool(pairwise));
    t.label(n, || {
        let kind = if pairwise {
            "Pairwise Key"
        } else {
            "Group Key"
        };
        format!(
            ".... .... .... {}... = Key Type: {kind}",
            u8::from(pairwise)
        )
    });
    let index = (info >> 4) & 0x3;
    let n = t.add(Field::RsnaKeyIndex, r.clone(), uint16(index));
    t.label(n, || {
        let bits = format::bit_pattern_of(16, 0x0030, u64::from(info));
        format!("{bits}Key Index: {index}")
    });
    for (field, mask) in [
        (Field::RsnaInstall, 0x0040),
        (Field::RsnaKeyAck, 0x0080),
        (Field::RsnaKeyMic, 0x0100),
        (Field::RsnaSecure, 0x0200),
        (Field::RsnaError, 0x0400),
        (Field::RsnaRequest, 0x0800),
        (Field::RsnaEncryptedKeyData, 0x1000),
        (Field::RsnaSmkMessage, 0x2000),
    ] {
        let set = info & mask != 0;
        let n = t.add(field, r.clone(), Value::Bool(set));
        t.label(n, || {
            let bits = format::bit_pattern_of(16, u64::from(mask), u64::from(info));
            let state = if set { "Set" } else { "Not set" };
            format!("{bits}{}: {state}", field.def().display)
        });
    }
    t.close();
}

/// Which handshake message a key frame is, as tshark tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Message {
    Request { error: bool },
    Pairwise(u64),
    Group(u64),
}

impl Message {
    fn of(info: u16, zero_nonce: bool) -> Self {
        let flag = |mask: u16| info & mask != 0;
        if flag(0x0800) {
            Message::Request {
                error: flag(0x0400),
            }
        } else if flag(0x0008) {
            Message::Pairwise(match (flag(0x0080), flag(0x0040)) {
                (true, true) => 3,
                (true, false) => 1,
                // Message 4 carries no nonce; message 2 carries the supplicant's.
                (false, _) if zero_nonce => 4,
                (false, _) => 2,
            })
        } else {
            Message::Group(if flag(0x0080) { 1 } else { 2 })
        }
    }

    fn number(self) -> Option<u64> {
        match self {
            Message::Request { .. } => None,
            Message::Pairwise(n) | Message::Group(n) => Some(n),
        }
    }

    fn info(self) -> String {
        match self {
            Message::Request { error: false } => " (Request)".into(),
            Message::Request { error: true } => " (Request, Error)".into(),
            Message::Pairwise(n) => format!(" (Message {n} of 4)"),
            Message::Group(n) => format!(" (Group Message {n} of 2)"),
        }
    }
}

fn uint(v: u8) -> Value {
    Value::UInt(u64::from(v))
}

fn uint16(v: u16) -> Value {
    Value::UInt(u64::from(v))
}

fn version_name(v: u8) -> &'static str {
    match v {
        1 => "802.1X-2001",
        2 => "802.1X-2004",
        3 => "802.1X-2010",
        _ => "Unknown",
    }
}

fn type_name(t: u8) -> &'static str {
    match t {
        0 => "EAP Packet",
        1 => "Start",
        2 => "Logoff",
        3 => "Key",
        4 => "Encapsulated ASF Alert",
        5 => "MKA",
        6 => "Announcement (Generic)",
        7 => "Announcement (Specific)",
        8 => "Announcement Request",
        _ => "Unknown Type",
    }
}

fn descriptor_name(t: u8) -> &'static str {
    match t {
        RC4_KEY => "RC4 Descriptor",
        RSN_KEY => "EAPOL RSN Key",
        WPA_KEY => "EAPOL WPA Key",
        _ => "Unknown",
    }
}

fn keydes_version_name(v: u16) -> &'static str {
    match v {
        1 => "RC4 Cipher, HMAC-MD5 MIC",
        2 => "AES Cipher, HMAC-SHA1 MIC",
        3 => "AES Cipher, AES-128-CMAC MIC",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::Message;

    #[test]
    fn handshake_messages_are_numbered_as_tshark_numbers_them() {
        // (key information, nonce all zero) → Info suffix, measured against tshark 4.0.
        let cases = [
            (0x008a, false, " (Message 1 of 4)"),
            (0x010a, false, " (Message 2 of 4)"),
            (0x13ca, false, " (Message 3 of 4)"),
            (0x030a, true, " (Message 4 of 4)"),
            (0x134a, true, " (Message 4 of 4)"),
            (0x0309, false, " (Message 2 of 4)"),
            (0x1382, false, " (Group Message 1 of 2)"),
            (0x0302, true, " (Group Message 2 of 2)"),
            (0x0b0a, false, " (Request)"),
            (0x0f0a, true, " (Request, Error)"),
        ];
        for (info, zero, want) in cases {
            assert_eq!(Message::of(info, zero).info(), want, "{info:#06x}");
        }
    }
}
