//! The SMB Trans request (command 0x25, MS-CIFS §2.2.4.33.1): its counts, offsets, flags
//! and timeout, the transaction name, and — for a `\MAILSLOT\` name — the write it carries.

use std::ops::Range;

use super::super::Dissector;
use super::super::field::Field;
use super::super::format::msecs_text;
use super::super::reader::{Bytes, Short};
use super::super::value::Value;
use super::HEADER;

/// Where a Trans request to a mailslot keeps its pieces (frame offsets).
#[derive(Debug, Clone)]
pub struct MailslotWrite {
    /// The transaction name, e.g. `\MAILSLOT\BROWSE`.
    pub name: String,
    /// The name's bytes.
    pub name_range: Range<usize>,
    /// The name read as ASCII from where it starts (what Wireshark's mailslot layer shows:
    /// empty for a Unicode name, which starts with its alignment byte), and its bytes.
    pub ascii_name: (String, Range<usize>),
    /// The setup words (opcode, priority, class).
    pub setup: Range<usize>,
    /// The byte count and where it sits.
    pub bcc: (u16, Range<usize>),
    /// The data written (clamped to the frame).
    pub data: Range<usize>,
}

const MAILSLOT_PREFIX: &str = "\\MAILSLOT\\";

/// Dissects a Trans request whose header starts at `o`; returns the mailslot write.
pub(super) fn request(
    d: &mut Dissector,
    m: Bytes,
    o: usize,
    unicode: bool,
) -> Result<Option<MailslotWrite>, Short> {
    let w = HEADER;
    let t = &mut d.tree;
    let uint = |v: u64| Value::UInt(v);
    t.add(Field::SmbWct, o + w..o + w + 1, uint(m.u8(w)?.into()));
    let counts = [Field::SmbTpc, Field::SmbTdc, Field::SmbMpc, Field::SmbMdc];
    for (k, field) in counts.into_iter().enumerate() {
        let at = w + 1 + 2 * k;
        t.add(field, o + at..o + at + 2, uint(m.le_u16(at)?.into()));
    }
    t.add(
        Field::SmbMsc,
        o + w + 9..o + w + 10,
        uint(m.u8(w + 9)?.into()),
    );
    let reserved = m.range(w + 10..w + 11)?;
    t.add(
        Field::SmbReserved,
        o + w + 10..o + w + 11,
        Value::Bytes(reserved.into()),
    );
    transaction_flags(d, o + w + 11, m.le_u16(w + 11)?);
    let timeout = m.le_u32(w + 13)?;
    let t = &mut d.tree;
    let n = t.add(
        Field::SmbTimeout,
        o + w + 13..o + w + 17,
        uint(timeout.into()),
    );
    t.label(n, || format!("Timeout: {}", timeout_text(timeout)));
    let reserved = m.range(w + 17..w + 19)?;
    t.add(
        Field::SmbReserved,
        o + w + 17..o + w + 19,
        Value::Bytes(reserved.into()),
    );
    let words = [
        Field::SmbPc,
        Field::SmbPo,
        Field::SmbDc,
        Field::SmbDataOffset,
    ];
    let mut values = [0u16; 4];
    for (k, (field, value)) in words.into_iter().zip(values.iter_mut()).enumerate() {
        let at = w + 19 + 2 * k;
        *value = m.le_u16(at)?;
        t.add(field, o + at..o + at + 2, uint((*value).into()));
    }
    let [_, _, data_count, data_offset] = values;
    let setup_count = m.u8(w + 27)?;
    t.add(
        Field::SmbSc,
        o + w + 27..o + w + 28,
        uint(setup_count.into()),
    );
    let reserved = m.range(w + 28..w + 29)?;
    t.add(
        Field::SmbReserved,
        o + w + 28..o + w + 29,
        Value::Bytes(reserved.into()),
    );
    let setup = w + 29..w + 29 + 2 * usize::from(setup_count);
    m.range(setup.clone())?;
    let bcc_at = setup.end;
    let bcc = m.le_u16(bcc_at)?;
    t.add(Field::SmbBcc, o + bcc_at..o + bcc_at + 2, uint(bcc.into()));
    let (name, name_range) = transaction_name(m, bcc_at + 2, unicode)?;
    t.add(
        Field::SmbTransName,
        o + name_range.start..o + name_range.end,
        Value::Str(name.as_str().into()),
    );
    let data_start = usize::from(data_offset);
    if data_start > name_range.end && data_count > 0 {
        let padding = m.range(name_range.end..data_start)?;
        t.add(
            Field::SmbPadding,
            o + name_range.end..o + data_start,
            Value::Bytes(padding.into()),
        );
    }
    if !name.starts_with(MAILSLOT_PREFIX) {
        return Ok(None);
    }
    let data_end = (data_start + usize::from(data_count)).min(m.len());
    let (ascii, ascii_range) = transaction_name(m, bcc_at + 2, false)?;
    Ok(Some(MailslotWrite {
        name,
        ascii_name: (ascii, o + ascii_range.start..o + ascii_range.end),
        name_range: o + name_range.start..o + name_range.end,
        setup: o + setup.start..o + setup.end,
        bcc: (bcc, o + bcc_at..o + bcc_at + 2),
        data: o + data_start.min(data_end)..o + data_end,
    }))
}

fn timeout_text(ms: u32) -> String {
    match ms {
        0 => "Return immediately (0)".into(),
        u32::MAX => "Wait indefinitely (-1)".into(),
        _ => msecs_text(i32::try_from(ms).unwrap_or(i32::MAX)),
    }
}

fn transaction_flags(d: &mut Dissector, at: usize, flags: u16) {
    let bits = [
        (
            Field::SmbTransactionFlagsOwt,
            ["Two way transaction", "One way transaction"],
        ),
        (
            Field::SmbTransactionFlagsDtid,
            ["Do NOT disconnect TID", "Disconnect TID"],
        ),
    ];
    let word = (16, u64::from(flags));
    d.tree
        .add_bitmask(Field::SmbTransactionFlags, at..at + 2, word, &bits);
}

/// The NUL-terminated transaction name at `at` (UTF-16LE, 2-aligned, when `unicode`).
fn transaction_name(m: Bytes, at: usize, unicode: bool) -> Result<(String, Range<usize>), Short> {
    if unicode {
        let start = at + at % 2;
        let units: Vec<u16> = m
            .rest(start)
            .chunks_exact(2)
            .map(|p| p.try_into().map_or(0, u16::from_le_bytes))
            .take_while(|&u| u != 0)
            .collect();
        let end = start + 2 * units.len() + 2;
        m.range(start..end)?;
        return Ok((String::from_utf16_lossy(&units), start..end));
    }
    let bytes = m.nul_terminated(at)?;
    let text = String::from_utf8_lossy(bytes).into_owned();
    Ok((text, at..at + bytes.len() + 1))
}
