//! The SMB mailslot protocol (MS-MAIL): a Trans request's setup words (opcode, priority,
//! class), its size and mailslot name, and the mailslot's data handed to the browser
//! protocol for `\MAILSLOT\BROWSE` and `\MAILSLOT\LANMAN` (else shown as data). As in
//! Wireshark, the layer is in the tree but not in `frame.protocols`.

use super::Dissector;
use super::field::Field;
use super::reader::{Bytes, Short};
use super::smb::MailslotWrite;
use super::value::Value;

const WRITE_MAIL_SLOT: u16 = 1;

/// Dissects the mailslot header of `write` and then its data.
pub fn dissect(d: &mut Dissector, write: &MailslotWrite) {
    d.set_protocol("SMB Mailslot");
    if write.data.is_empty() {
        d.set_info(|| "Interim reply".into());
        return;
    }
    d.set_info(String::new);
    let range = write.setup.start..write.name_range.end;
    let node = d.tree.open(Field::Mailslot, range, Value::None);
    d.tree.label(node, || "SMB MailSlot Protocol".into());
    let result = header(d, write);
    d.tree.close();
    let opcode = match result {
        Ok(opcode) => opcode,
        Err(e) => return d.short("mailslot", e),
    };
    if opcode == WRITE_MAIL_SLOT {
        d.set_info(|| "Write Mail Slot".into());
    }
    let slot = write.name.get(10..).unwrap_or_default();
    let (start, end) = (write.data.start, write.data.end);
    if slot.starts_with("BROWSE") {
        super::browser::dissect(d, start, end);
    } else if slot.starts_with("LANMAN") {
        super::browser::dissect_lanman(d, start, end);
    } else {
        super::data::dissect_range(d, start, end);
    }
}

fn header(d: &mut Dissector, write: &MailslotWrite) -> Result<u16, Short> {
    let m = Bytes::new(d.frame.all());
    let at = write.setup.start;
    if write.setup.len() < 6 {
        return Err(Short {
            needed_end: at + 6,
            have: write.setup.end,
        });
    }
    let (opcode, priority, class) = (m.le_u16(at)?, m.le_u16(at + 2)?, m.le_u16(at + 4)?);
    let t = &mut d.tree;
    let n = t.add(
        Field::MailslotOpcode,
        at..at + 2,
        Value::UInt(u64::from(opcode)),
    );
    let name = if opcode == WRITE_MAIL_SLOT {
        "Write Mail Slot"
    } else {
        "Unknown"
    };
    t.label(n, || format!("Opcode: {name} ({opcode})"));
    t.add(
        Field::MailslotPriority,
        at + 2..at + 4,
        Value::UInt(u64::from(priority)),
    );
    let n = t.add(
        Field::MailslotClass,
        at + 4..at + 6,
        Value::UInt(u64::from(class)),
    );
    let class_name = match class {
        1 => "Reliable",
        2 => "Unreliable & Broadcast",
        _ => "Unknown",
    };
    t.label(n, || format!("Class: {class_name} ({class})"));
    let (size, size_range) = &write.bcc;
    t.add(
        Field::MailslotSize,
        size_range.clone(),
        Value::UInt(u64::from(*size)),
    );
    let (name, range) = &write.ascii_name;
    t.add(
        Field::MailslotName,
        range.clone(),
        Value::Str(name.as_str().into()),
    );
    Ok(opcode)
}
