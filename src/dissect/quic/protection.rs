//! QUIC Initial packet protection (RFC 9001 §5, RFC 9369 §3.3): the keys every observer can
//! derive from the client's first Destination Connection ID, header protection removal and
//! AEAD_AES_128_GCM opening, and the Retry integrity tag.

use aes::Aes128;
use aes::cipher::{BlockEncrypt, KeyInit, generic_array::GenericArray};
use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes128Gcm, Nonce};
use hkdf::Hkdf;
use sha2::Sha256;

/// The AEAD tag after every protected payload.
pub const TAG_LEN: usize = 16;
/// Bytes of ciphertext sampled for the header protection mask.
const SAMPLE_LEN: usize = 16;

/// QUIC version 2 (RFC 9369) and its last draft's number.
pub const VERSION_2: u32 = 0x6b33_43cf;
const VERSION_2_DRAFT: u32 = 0x709a_50c4;

/// True for both numbers of QUIC version 2 (its packet types and labels differ from v1's).
pub fn is_v2(version: u32) -> bool {
    matches!(version, VERSION_2 | VERSION_2_DRAFT)
}

/// True for the reserved versions 0x?a?a?a?a that force version negotiation.
pub fn forces_negotiation(version: u32) -> bool {
    version & 0x0f0f_0f0f == 0x0a0a_0a0a
}

/// The IETF draft a version follows, as Wireshark 4.0 numbers them (0: not IETF QUIC).
/// Forcing versions count as draft 29, v1 as 34 and v2 as 100.
pub fn draft_of(version: u32) -> u8 {
    match version {
        0xff00_0000..=0xff00_00ff => (version & 0xff) as u8,
        0xface_b001 => 22,
        0xface_b002 | 0xface_b00e => 27,
        1 => 34,
        v if is_v2(v) => 100,
        v if forces_negotiation(v) => 29,
        _ => 0,
    }
}

fn initial_salt(version: u32) -> [u8; 20] {
    let draft = draft_of(version);
    let hex: &str = if is_v2(version) {
        "0dede3def700a6db819381be6e269dcbf9bd2ed9"
    } else if draft != 0 && draft <= 22 {
        "7fbcdb0e7c66bbe9193a96cd21519ebd7a02644a"
    } else if draft != 0 && draft <= 28 {
        "c3eef712c72ebb5a11a7d2432bb46365bef9f502"
    } else if draft != 0 && draft <= 32 {
        "afbfec289993d24c9e9786f19c6111e04390a899"
    } else {
        "38762cf7f55934b34d179ae6a4c80cadccbb7f0a"
    };
    let mut salt = [0u8; 20];
    for (i, b) in salt.iter_mut().enumerate() {
        *b = hex
            .get(i * 2..i * 2 + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
    }
    salt
}

/// HKDF-Expand-Label of TLS 1.3 (RFC 8446 §7.1) with an empty context.
fn expand_label(secret: &[u8], label: &str, out: &mut [u8]) -> bool {
    let Ok(prk) = Hkdf::<Sha256>::from_prk(secret) else {
        return false;
    };
    let full = format!("tls13 {label}");
    let (Ok(out_len), Ok(label_len)) = (u16::try_from(out.len()), u8::try_from(full.len())) else {
        return false;
    };
    let mut info = Vec::with_capacity(4 + full.len());
    info.extend_from_slice(&out_len.to_be_bytes());
    info.push(label_len);
    info.extend_from_slice(full.as_bytes());
    info.push(0);
    prk.expand(&info, out).is_ok()
}

/// The packet protection keys of one side of a connection's Initial packets.
#[derive(Clone)]
pub struct InitialKeys {
    aead: Aes128Gcm,
    iv: [u8; 12],
    hp: Aes128,
}

impl std::fmt::Debug for InitialKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InitialKeys")
    }
}

impl InitialKeys {
    /// The keys for the client's (`server` false) or the server's Initial packets of a
    /// connection whose client first sent `dcid`, under `version`'s salt and labels.
    pub fn derive(version: u32, dcid: &[u8], server: bool) -> Option<InitialKeys> {
        let (initial, _) = Hkdf::<Sha256>::extract(Some(&initial_salt(version)), dcid);
        let mut secret = [0u8; 32];
        let side = if server { "server in" } else { "client in" };
        if !expand_label(&initial, side, &mut secret) {
            return None;
        }
        let prefix = if is_v2(version) { "quicv2" } else { "quic" };
        let (mut key, mut iv, mut hp) = ([0u8; 16], [0u8; 12], [0u8; 16]);
        let ok = expand_label(&secret, &format!("{prefix} key"), &mut key)
            && expand_label(&secret, &format!("{prefix} iv"), &mut iv)
            && expand_label(&secret, &format!("{prefix} hp"), &mut hp);
        ok.then(|| InitialKeys {
            aead: Aes128Gcm::new(GenericArray::from_slice(&key)),
            iv,
            hp: Aes128::new(GenericArray::from_slice(&hp)),
        })
    }

    /// Removes header protection from the packet in `packet` whose packet number starts at
    /// `pn_offset`: the unprotected first byte, the packet number's length and its value on
    /// the wire. `None` when the packet is too short to sample.
    pub fn unmask(&self, packet: &[u8], pn_offset: usize) -> Option<(u8, usize, u64)> {
        let sample = packet.get(pn_offset + 4..pn_offset + 4 + SAMPLE_LEN)?;
        let mut block = GenericArray::clone_from_slice(sample);
        self.hp.encrypt_block(&mut block);
        let first = *packet.first()?;
        let bits = if first & 0x80 != 0 { 0x0f } else { 0x1f };
        let first = first ^ (block.first()? & bits);
        let pn_len = usize::from(first & 0x03) + 1;
        let mut pn = 0u64;
        for i in 0..pn_len {
            let byte = packet.get(pn_offset + i)? ^ block.get(1 + i)?;
            pn = (pn << 8) | u64::from(byte);
        }
        Some((first, pn_len, pn))
    }

    /// Opens a payload: `header` is the unprotected header (first byte and packet number
    /// restored), `sealed` the ciphertext with its tag. `None` when the tag does not check.
    pub fn open(&self, packet_number: u64, header: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        let mut nonce = self.iv;
        for (n, p) in nonce.iter_mut().skip(4).zip(packet_number.to_be_bytes()) {
            *n ^= p;
        }
        let payload = Payload {
            msg: sealed,
            aad: header,
        };
        self.aead.decrypt(Nonce::from_slice(&nonce), payload).ok()
    }
}

/// Restores the full packet number from its `pn_len` low bytes, given the largest one seen
/// in its number space so far (RFC 9000 §A.3).
pub fn full_packet_number(largest: Option<u64>, truncated: u64, pn_len: usize) -> u64 {
    let expected = largest.map_or(0, |l| l.saturating_add(1));
    let bits = (pn_len.clamp(1, 4) * 8) as u32;
    let window = 1u64 << bits;
    let half = window / 2;
    let candidate = (expected & !(window - 1)) | truncated;
    if candidate.saturating_add(half) <= expected && candidate < (1u64 << 62) - window {
        candidate + window
    } else if candidate > expected.saturating_add(half) && candidate >= window {
        candidate - window
    } else {
        candidate
    }
}

/// Checks a Retry packet's integrity tag (RFC 9001 §5.8) against the client's original
/// Destination Connection ID.
pub fn retry_tag_ok(version: u32, odcid: &[u8], retry: &[u8]) -> bool {
    let (key, nonce): (&str, &str) = if is_v2(version) {
        (
            "8fb4b01b56ac48e260fbcbcead7ccc92",
            "d86969bc2d7c6d9990efb04a",
        )
    } else if (29..=32).contains(&draft_of(version)) {
        (
            "ccce187ed09a09d05728155a6cb96be1",
            "e54930f97f2136f0530a8c1c",
        )
    } else {
        (
            "be0c690b9f66575a1d766b54e368c84e",
            "461599d35d632bf2239825bb",
        )
    };
    let (Some(key), Some(nonce)) = (unhex::<16>(key), unhex::<12>(nonce)) else {
        return false;
    };
    let Some(split) = retry.len().checked_sub(TAG_LEN) else {
        return false;
    };
    let (Some(body), Some(tag), Ok(odcid_len)) = (
        retry.get(..split),
        retry.get(split..),
        u8::try_from(odcid.len()),
    ) else {
        return false;
    };
    let mut pseudo = Vec::with_capacity(1 + odcid.len() + body.len());
    pseudo.push(odcid_len);
    pseudo.extend_from_slice(odcid);
    pseudo.extend_from_slice(body);
    let aead = Aes128Gcm::new(GenericArray::from_slice(&key));
    let payload = Payload {
        msg: tag,
        aad: &pseudo,
    };
    aead.decrypt(Nonce::from_slice(&nonce), payload).is_ok()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len() / 2)
            .filter_map(|i| u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok())
            .collect()
    }

    /// RFC 9001 appendix A: the client Initial's header protection for DCID 8394c8f03e515708.
    #[test]
    fn rfc9001_client_initial_header_protection() {
        let keys = InitialKeys::derive(1, &hex("8394c8f03e515708"), false).expect("keys");
        // The protected header and the sample (the 16 bytes after the 4-byte packet number
        // field) from RFC 9001 §A.2; the mask is 437b9aec36.
        let mut packet = hex("c000000001088394c8f03e5157080000449e7b9aec34");
        packet.extend(hex("d1b1c98dd7689fb8ec11d242b123dc9b"));
        let (first, pn_len, pn) = keys.unmask(&packet, 18).expect("sample");
        assert_eq!((first, pn_len, pn), (0xc3, 4, 2));
    }

    #[test]
    fn full_packet_numbers_follow_rfc9000_a3() {
        // RFC 9000 §A.3's example: largest 0xa82f30ea, 16-bit 0x9b32 -> 0xa82f9b32.
        assert_eq!(
            full_packet_number(Some(0xa82f_30ea), 0x9b32, 2),
            0xa82f_9b32
        );
        assert_eq!(full_packet_number(None, 5, 1), 5);
    }

    #[test]
    fn versions_map_to_wireshark_drafts() {
        assert_eq!(draft_of(1), 34);
        assert_eq!(draft_of(0xff00_001d), 29);
        assert_eq!(draft_of(0x1a2a_3a4a), 29);
        assert_eq!(draft_of(VERSION_2), 100);
        assert_eq!(draft_of(0x5130_3530), 0);
    }
}
