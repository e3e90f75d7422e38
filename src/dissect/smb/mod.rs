//! SMB (CIFS, MS-CIFS §2.2.3) as it rides NetBIOS datagrams: the 32-byte header with its
//! status, flags and IDs, the Trans request that writes to a mailslot, and every other
//! command's word and byte counts. Mailslot writes go on to the mailslot layer.

mod commands;
mod trans;

use super::Dissector;
use super::field::Field;
use super::reader::{Bytes, Short};
use super::value::Value;

pub use trans::MailslotWrite;

/// Bytes of the SMB header.
const HEADER: usize = 32;
const FLAGS_RESPONSE: u8 = 0x80;
const FLAGS2_NT_ERROR: u16 = 0x4000;
const FLAGS2_UNICODE: u16 = 0x8000;
const CMD_TRANS: u8 = 0x25;

/// True when `bytes` start with SMB1's magic (`\xffSMB`), as Wireshark's heuristic asks.
pub fn looks_like_smb(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xffSMB")
}

/// Dissects an SMB message in `o..end` and what a mailslot write carries.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    d.set_protocol("SMB");
    d.set_info(String::new);
    d.tree.open_protocol(Field::Smb, o..end);
    let result = message(d, o, end);
    d.tree.close();
    match result {
        Ok(Some(write)) => super::mailslot::dissect(d, &write),
        Ok(None) => {}
        Err(e) => d.short("smb", e),
    }
}

fn command_name(cmd: u8) -> String {
    commands::name(cmd).map_or_else(|| format!("Unknown (0x{cmd:02x})"), String::from)
}

fn message(d: &mut Dissector, o: usize, end: usize) -> Result<Option<MailslotWrite>, Short> {
    let m = Bytes::new(d.frame.all().get(o..end).unwrap_or(&[]));
    let (cmd, flags, flags2) = header(d, m, o)?;
    let response = flags & FLAGS_RESPONSE != 0;
    let direction = if response { "Response" } else { "Request" };
    let name = command_name(cmd);
    d.set_info(|| format!("{name} {direction}"));
    let node = d
        .tree
        .open(Field::SmbCommand, o + HEADER..o + HEADER, Value::None);
    d.tree
        .label(node, || format!("{name} {direction} (0x{cmd:02x})"));
    let result = if cmd == CMD_TRANS && !response {
        trans::request(d, m, o, flags2 & FLAGS2_UNICODE != 0)
    } else {
        counts(d, m, o).map(|()| None)
    };
    d.tree.set_end(node, end);
    d.tree.close();
    result
}

/// The header; returns the command, flags and flags2.
fn header(d: &mut Dissector, m: Bytes, o: usize) -> Result<(u8, u8, u16), Short> {
    // Wireshark takes the header whole or not at all.
    m.range(0..HEADER)?;
    let node = d.tree.open(Field::SmbHeader, o..o + HEADER, Value::None);
    d.tree.label(node, || "SMB Header".into());
    let result = header_fields(d, m, o);
    d.tree.close();
    result
}

fn header_fields(d: &mut Dissector, m: Bytes, o: usize) -> Result<(u8, u8, u16), Short> {
    let magic = m.le_u32(0)?;
    let n = d.tree.add(
        Field::SmbServerComponent,
        o..o + 4,
        Value::UInt(u64::from(magic)),
    );
    d.tree.label(n, || "Server Component: SMB".into());
    let cmd = m.u8(4)?;
    let n = d
        .tree
        .add(Field::SmbCmd, o + 4..o + 5, Value::UInt(u64::from(cmd)));
    d.tree.label(n, || {
        format!("SMB Command: {} (0x{cmd:02x})", command_name(cmd))
    });
    let flags2 = m.le_u16(10)?;
    status(d, m, o, flags2 & FLAGS2_NT_ERROR != 0)?;
    let flags = m.u8(9)?;
    flag_bits(d, o + 9, flags);
    flag2_bits(d, o + 10, flags2);
    let t = &mut d.tree;
    t.add(
        Field::SmbPidHigh,
        o + 12..o + 14,
        Value::UInt(u64::from(m.le_u16(12)?)),
    );
    let signature = m.range(14..22)?;
    t.add(
        Field::SmbSignature,
        o + 14..o + 22,
        Value::Bytes(signature.into()),
    );
    let reserved = m.range(22..24)?;
    t.add(
        Field::SmbReserved,
        o + 22..o + 24,
        Value::Bytes(reserved.into()),
    );
    let ids = [Field::SmbTid, Field::SmbPid, Field::SmbUid, Field::SmbMid];
    for (k, field) in ids.into_iter().enumerate() {
        let at = 24 + 2 * k;
        let id = m.le_u16(at)?;
        d.tree
            .add(field, o + at..o + at + 2, Value::UInt(u64::from(id)));
    }
    Ok((cmd, flags, flags2))
}

/// The status: an NT status, or a DOS error class and code.
fn status(d: &mut Dissector, m: Bytes, o: usize, nt: bool) -> Result<(), Short> {
    let t = &mut d.tree;
    if nt {
        let code = m.le_u32(5)?;
        let n = t.add(
            Field::SmbNtStatus,
            o + 5..o + 9,
            Value::UInt(u64::from(code)),
        );
        let name = if code == 0 {
            "STATUS_SUCCESS"
        } else {
            "Unknown"
        };
        t.label(n, || format!("NT Status: {name} (0x{code:08x})"));
        return Ok(());
    }
    let class = m.u8(5)?;
    let n = t.add(
        Field::SmbErrorClass,
        o + 5..o + 6,
        Value::UInt(u64::from(class)),
    );
    let class_name = match class {
        0x00 => "Success",
        0x01 => "DOS Error",
        0x02 => "Server Error",
        0x03 => "Hardware Error",
        0xff => "Command Error - Not SMB format",
        _ => "Unknown",
    };
    t.label(n, || format!("Error Class: {class_name} (0x{class:02x})"));
    let reserved = m.range(6..7)?;
    t.add(
        Field::SmbReserved,
        o + 6..o + 7,
        Value::Bytes(reserved.into()),
    );
    let code = m.le_u16(7)?;
    let n = t.add(
        Field::SmbErrorCode,
        o + 7..o + 9,
        Value::UInt(u64::from(code)),
    );
    if class == 0 && code == 0 {
        t.label(n, || "Error Code: No Error".into());
    }
    Ok(())
}

fn flag_bits(d: &mut Dissector, at: usize, flags: u8) {
    let word = (8, u64::from(flags));
    d.tree
        .add_bitmask(Field::SmbFlags, at..at + 1, word, &FLAGS);
}

/// Flags' bits with Wireshark's [false, true] texts, in its order.
const FLAGS: [(Field, [&str; 2]); 7] = [
    (
        Field::SmbFlagsResponse,
        [
            "Message is a request to the server",
            "Message is a response to the client/server",
        ],
    ),
    (
        Field::SmbFlagsNotify,
        [
            "Notify client only on open",
            "Notify client on all modifications",
        ],
    ),
    (
        Field::SmbFlagsOplock,
        ["OpLock not requested/granted", "OpLock requested/granted"],
    ),
    (
        Field::SmbFlagsCanon,
        [
            "Pathnames are not canonicalized",
            "Pathnames are canonicalized",
        ],
    ),
    (
        Field::SmbFlagsCaseless,
        ["Path names are case sensitive", "Path names are caseless"],
    ),
    (
        Field::SmbFlagsReceiveBuffer,
        [
            "Receive buffer has not been posted",
            "Receive buffer has been posted",
        ],
    ),
    (
        Field::SmbFlagsLock,
        [
            "Lock&Read, Write&Unlock are not supported",
            "Lock&Read, Write&Unlock are supported",
        ],
    ),
];

fn flag2_bits(d: &mut Dissector, at: usize, flags2: u16) {
    let word = (16, u64::from(flags2));
    d.tree
        .add_bitmask(Field::SmbFlags2, at..at + 2, word, &FLAGS2);
}

/// Flags2's bits with Wireshark's [false, true] texts, in its order.
const FLAGS2: [(Field, [&str; 2]); 12] = [
    (
        Field::SmbFlags2String,
        ["Strings are ASCII", "Strings are Unicode"],
    ),
    (
        Field::SmbFlags2NtError,
        [
            "Error codes are DOS error codes",
            "Error codes are NT error codes",
        ],
    ),
    (
        Field::SmbFlags2Roe,
        [
            "Don't permit reads if execute-only",
            "Permit reads if execute-only",
        ],
    ),
    (
        Field::SmbFlags2Dfs,
        [
            "Don't resolve pathnames with Dfs",
            "Resolve pathnames with Dfs",
        ],
    ),
    (
        Field::SmbFlags2Esn,
        [
            "Extended security negotiation is not supported",
            "Extended security negotiation is supported",
        ],
    ),
    (
        Field::SmbFlags2ReparsePath,
        [
            "The request does not use a @GMT reparse path",
            "The request uses a @GMT reparse path",
        ],
    ),
    (
        Field::SmbFlags2LongNamesUsed,
        [
            "Path names in request are not long file names",
            "Path names in request are long file names",
        ],
    ),
    (
        Field::SmbFlags2SecSigRequired,
        [
            "Security signatures are not required",
            "Security signatures are required",
        ],
    ),
    (
        Field::SmbFlags2Compressed,
        ["Compression is not requested", "Compression is requested"],
    ),
    (
        Field::SmbFlags2SecSig,
        [
            "Security signatures are not supported",
            "Security signatures are supported",
        ],
    ),
    (
        Field::SmbFlags2Ea,
        [
            "Extended attributes are not supported",
            "Extended attributes are supported",
        ],
    ),
    (
        Field::SmbFlags2LongNamesAllowed,
        [
            "Long file names are not allowed in the response",
            "Long file names are allowed in the response",
        ],
    ),
];

/// A command this module does not take apart: its word count and byte count.
fn counts(d: &mut Dissector, m: Bytes, o: usize) -> Result<(), Short> {
    let wct = m.u8(HEADER)?;
    d.tree.add(
        Field::SmbWct,
        o + HEADER..o + HEADER + 1,
        Value::UInt(u64::from(wct)),
    );
    let at = HEADER + 1 + 2 * usize::from(wct);
    let bcc = m.le_u16(at)?;
    d.tree.add(
        Field::SmbBcc,
        o + at..o + at + 2,
        Value::UInt(u64::from(bcc)),
    );
    Ok(())
}
