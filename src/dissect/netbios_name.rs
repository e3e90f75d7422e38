//! NetBIOS names (RFC 1001 §14): the first-level decoding of a DNS-style encoded name into
//! `NAME<xx>` (plus any scope), and Wireshark's descriptions of the suffix byte. Shared by
//! the name service (NBNS) and the datagram service (NBDGM).

/// Wireshark's descriptions of the name-type suffix byte.
pub fn suffix_name(t: u8) -> &'static str {
    match t {
        0x00 => "Workstation/Redirector",
        0x01 => "Browser",
        0x02 => "Workstation/Redirector",
        0x03 => "Messenger service/Main name",
        0x05 => "Forwarded name",
        0x06 => "RAS Server service",
        0x1b => "Domain Master Browser",
        0x1c => "Domain Controllers",
        0x1d => "Local Master Browser",
        0x1e => "Browser Election Service",
        0x1f => "Net DDE Service",
        0x20 => "Server service",
        0x21 => "RAS client service",
        0x22 => "Exchange Interchange (MSMail Connector)",
        0x23 => "Exchange Store",
        0x24 => "Exchange Directory",
        0x2b => "Lotus Notes Server service",
        0x30 => "Modem sharing server service",
        0x31 => "Modem sharing client service",
        0x43 => "SMS Clients Remote Control",
        0x44 => "SMS Administrators Remote Control Tool",
        0x45 => "SMS Clients Remote Chat",
        0x46 => "SMS Clients Remote Transfer",
        0x4c | 0x52 => "DEC Pathworks TCP/IP Service on Windows NT",
        0x6a => "Microsoft Exchange IMC",
        0x87 => "Microsoft Exchange MTA",
        0xbe => "Network Monitor Agent",
        0xbf => "Network Monitor Analyzer",
        _ => "Unknown",
    }
}

/// A decoded NetBIOS name (`NAME<xx>` plus any scope), and its suffix byte when valid.
pub fn decode(text: &str) -> (String, Option<u8>) {
    let (encoded, scope) = match text.split_once('.') {
        Some((e, s)) => (e, Some(s)),
        None => (text, None),
    };
    let bytes = encoded.as_bytes();
    if let Some(which) = bytes.iter().position(|b| !b.is_ascii_uppercase()) {
        let nth = if which % 2 == 0 { "1st" } else { "2nd" };
        return (
            format!(
                "Illegal NetBIOS name ({nth} character not between A and Z in first-level encoding)"
            ),
            None,
        );
    }
    if bytes.len() % 2 != 0 {
        return ("Illegal NetBIOS name (odd number of bytes)".into(), None);
    }
    let raw: Vec<u8> = bytes
        .chunks(2)
        .map(|p| {
            let nibble = |k: usize| p.get(k).map_or(0, |c| c - b'A');
            (nibble(0) << 4) | nibble(1)
        })
        .collect();
    if raw.len() != 16 {
        return (
            format!("Illegal NetBIOS name ({} bytes long)", raw.len()),
            None,
        );
    }
    let suffix = raw.get(15).copied().unwrap_or(0);
    let base = raw.get(..15).unwrap_or(&[]);
    let trimmed_len = base.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
    let mut name = String::new();
    for &b in base.get(..trimmed_len).unwrap_or(&[]) {
        if b.is_ascii_graphic() || b == b' ' {
            name.push(char::from(b));
        } else {
            name.push_str(&format!("<{b:02x}>"));
        }
    }
    name.push_str(&format!("<{suffix:02x}>"));
    if let Some(scope) = scope {
        name.push('.');
        name.push_str(scope);
    }
    (name, Some(suffix))
}
