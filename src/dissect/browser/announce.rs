//! Browser announcements (host, local master, domain/workgroup): the `\MAILSLOT\BROWSE`
//! layout with its 16-byte name, OS and browser versions and signature, the older
//! `\MAILSLOT\LANMAN` layout, and the server-type flags both share (named in Info).

use super::super::Dissector;
use super::super::field::Field;
use super::super::format::msecs_text;
use super::super::reader::Short;
use super::super::value::Value;
use super::{At, DOMAIN_ANNOUNCEMENT, latin_text, signed, stringz};

/// Bytes of the NUL-padded name in a BROWSE announcement.
const NAME_LEN: usize = 16;
/// What a BROWSE announcement's browser version ends with (a domain announcement without
/// it carries Wireshark's "mysterious field" instead).
const SIGNATURE: u16 = 0xaa55;

/// A `\MAILSLOT\BROWSE` announcement (command `cmd` at offset 0).
pub(super) fn browse(d: &mut Dissector, at: At, cmd: u8) -> Result<(), Short> {
    let m = at.m;
    let t = &mut d.tree;
    let count = m.u8(1)?;
    t.add(
        Field::BrowserUpdateCount,
        at.range(1, 1),
        Value::UInt(u64::from(count)),
    );
    period(d, at.range(2, 4), m.le_u32(2)?);
    let padded = m.range(6..6 + NAME_LEN)?;
    let name_len = padded.iter().position(|&b| b == 0).unwrap_or(NAME_LEN);
    let name = latin_text(padded.get(..name_len).unwrap_or(&[]));
    d.append_info(&format!(" {name}"));
    let n = d.tree.add(
        Field::BrowserServer,
        at.range(6, NAME_LEN),
        Value::Str(name.as_str().into()),
    );
    let what = if cmd == DOMAIN_ANNOUNCEMENT {
        "Domain/Workgroup"
    } else {
        "Host Name"
    };
    d.tree.label(n, || format!("{what}: {name}"));
    os_version(d, at, 22)?;
    server_type(d, at, 24)?;
    let t = &mut d.tree;
    if cmd == DOMAIN_ANNOUNCEMENT && m.le_u16(30)? != SIGNATURE {
        let field = m.le_u32(28)?;
        t.add(
            Field::BrowserMysteriousField,
            at.range(28, 4),
            Value::UInt(u64::from(field)),
        );
    } else {
        let (major, minor) = (m.u8(28)?, m.u8(29)?);
        t.add(
            Field::BrowserProtoMajor,
            at.range(28, 1),
            Value::UInt(u64::from(major)),
        );
        t.add(
            Field::BrowserProtoMinor,
            at.range(29, 1),
            Value::UInt(u64::from(minor)),
        );
        let sig = m.le_u16(30)?;
        t.add(
            Field::BrowserSig,
            at.range(30, 2),
            Value::UInt(u64::from(sig)),
        );
    }
    stringz(d, at, 32, tail_field(cmd)).map(drop)
}

/// A `\MAILSLOT\LANMAN` announcement: server type before the OS version, the period in
/// seconds, and NUL-terminated names.
pub(super) fn lanman(d: &mut Dissector, at: At, cmd: u8) -> Result<(), Short> {
    let m = at.m;
    let count = m.u8(1)?;
    d.tree.add(
        Field::BrowserUpdateCount,
        at.range(1, 1),
        Value::UInt(u64::from(count)),
    );
    server_type(d, at, 2)?;
    os_version(d, at, 6)?;
    let seconds = m.le_u16(8)?;
    period(d, at.range(8, 2), u32::from(seconds) * 1000);
    let name = stringz(d, at, 10, Field::BrowserServer)?;
    d.append_info(&format!(" {name}"));
    stringz(d, at, 10 + name.len() + 1, tail_field(cmd)).map(drop)
}

/// The string after an announcement: the master browser's name for a domain, else a comment.
fn tail_field(cmd: u8) -> Field {
    if cmd == DOMAIN_ANNOUNCEMENT {
        Field::BrowserMbServer
    } else {
        Field::BrowserComment
    }
}

fn period(d: &mut Dissector, range: std::ops::Range<usize>, ms: u32) {
    let n = d
        .tree
        .add(Field::BrowserPeriod, range, Value::UInt(u64::from(ms)));
    d.tree.label(n, || {
        format!("Update Periodicity: {}", msecs_text(signed(ms)))
    });
}

/// The OS major and minor version at `offset`, with the Windows version they stand for.
fn os_version(d: &mut Dissector, at: At, offset: usize) -> Result<(), Short> {
    let (major, minor) = (at.m.u8(offset)?, at.m.u8(offset + 1)?);
    let t = &mut d.tree;
    t.add(
        Field::BrowserWindowsVersion,
        at.range(offset, 2),
        Value::Str(windows_version(major, minor).into()),
    );
    t.add(
        Field::BrowserOsMajor,
        at.range(offset, 1),
        Value::UInt(u64::from(major)),
    );
    t.add(
        Field::BrowserOsMinor,
        at.range(offset + 1, 1),
        Value::UInt(u64::from(minor)),
    );
    Ok(())
}

/// The Windows release Wireshark names for an OS version (empty for the others).
fn windows_version(major: u8, minor: u8) -> &'static str {
    match (major, minor) {
        (5, 0) => "Windows 2000",
        (5, 1) => "Windows XP",
        (5, 2) => "Windows Server 2003 R2 or Windows Server 2003",
        (6, 0) => "Windows Vista or Windows Server 2008",
        (6, 1) => "Windows 7 or Windows Server 2008 R2",
        _ => "",
    }
}

/// The server-type flags at `offset`, and their names appended to Info.
fn server_type(d: &mut Dissector, at: At, offset: usize) -> Result<(), Short> {
    let flags = at.m.le_u32(offset)?;
    d.tree.add_bitmask(
        Field::BrowserServerType,
        at.range(offset, 4),
        (32, u64::from(flags)),
        &SERVER_TYPE_FLAGS,
    );
    let mut info = String::new();
    for bit in (0..32).filter(|b| flags & (1 << b) != 0) {
        match server_type_name(bit) {
            Some(name) => info.push_str(&format!(", {name}")),
            None => info.push_str(&format!(", Unknown server type:{bit}")),
        }
    }
    d.append_info(&info);
    Ok(())
}

fn server_type_name(bit: u32) -> Option<&'static str> {
    Some(match bit {
        0 => "Workstation",
        1 => "Server",
        2 => "SQL Server",
        3 => "Domain Controller",
        4 => "Backup Controller",
        5 => "Time Source",
        6 => "Apple Server",
        7 => "Novell Server",
        8 => "Domain Member Server",
        9 => "Print Queue Server",
        10 => "Dialin Server",
        11 => "Xenix Server",
        12 => "NT Workstation",
        13 => "Windows for Workgroups",
        15 => "NT Server",
        16 => "Potential Browser",
        17 => "Backup Browser",
        18 => "Master Browser",
        19 => "Domain Master Browser",
        20 => "OSF",
        21 => "VMS",
        22 => "Windows 95 or above",
        23 => "DFS server",
        30 => "Local List Only",
        31 => "Domain Enum",
        _ => return None,
    })
}

/// Wireshark's ["This is NOT X", "This is X"] texts of a server-type flag.
macro_rules! tfs {
    ($what:literal) => {
        [concat!("This is NOT ", $what), concat!("This is ", $what)]
    };
}

/// Each server-type flag with Wireshark's [false, true] texts.
const SERVER_TYPE_FLAGS: [(Field, [&str; 2]); 25] = [
    (Field::BrowserServerTypeWorkstation, tfs!("a Workstation")),
    (Field::BrowserServerTypeServer, tfs!("a Server")),
    (Field::BrowserServerTypeSql, tfs!("an SQL server")),
    (
        Field::BrowserServerTypeDomainController,
        tfs!("a Domain Controller"),
    ),
    (
        Field::BrowserServerTypeBackupController,
        tfs!("a Backup Controller"),
    ),
    (Field::BrowserServerTypeTime, tfs!("a Time Source")),
    (Field::BrowserServerTypeApple, tfs!("an Apple host")),
    (Field::BrowserServerTypeNovell, tfs!("a Novell server")),
    (
        Field::BrowserServerTypeMember,
        tfs!("a Domain Member server"),
    ),
    (Field::BrowserServerTypePrint, tfs!("a Print Queue server")),
    (Field::BrowserServerTypeDialin, tfs!("a Dialin server")),
    (Field::BrowserServerTypeXenix, tfs!("a Xenix server")),
    (Field::BrowserServerTypeNtw, tfs!("an NT Workstation")),
    (Field::BrowserServerTypeWfw, tfs!("a WfW host")),
    (Field::BrowserServerTypeNts, tfs!("an NT Server")),
    (
        Field::BrowserServerTypePotential,
        tfs!("a Potential Browser"),
    ),
    (Field::BrowserServerTypeBackup, tfs!("a Backup Browser")),
    (Field::BrowserServerTypeMaster, tfs!("a Master Browser")),
    (
        Field::BrowserServerTypeDomainMaster,
        tfs!("a Domain Master Browser"),
    ),
    (Field::BrowserServerTypeOsf, tfs!("an OSF host")),
    (Field::BrowserServerTypeVms, tfs!("a VMS host")),
    (
        Field::BrowserServerTypeW95,
        tfs!("a Windows 95 or above host"),
    ),
    (
        Field::BrowserServerTypeDfs,
        ["THis is NOT a DFS server", "This is a DFS server"],
    ),
    (
        Field::BrowserServerTypeLocal,
        tfs!("a local list only request"),
    ),
    (
        Field::BrowserServerTypeDomainenum,
        tfs!("a Domain Enum request"),
    ),
];
