//! The Microsoft Windows Browser protocol (MS-BRWS) on the `\MAILSLOT\BROWSE` and
//! `\MAILSLOT\LANMAN` mailslots: announcements (see [`announce`]), announcement requests,
//! elections, backup lists, and the reset and promote commands, with Wireshark's Info
//! ("Local Master Announcement FILESERVER, Workstation, Server, …").

mod announce;

use super::Dissector;
use super::field::Field;
use super::format::msecs_text;
use super::reader::{Bytes, Short};
use super::value::Value;

const HOST_ANNOUNCEMENT: u8 = 1;
const REQUEST_ANNOUNCEMENT: u8 = 2;
const ELECTION_REQUEST: u8 = 8;
const BACKUP_LIST_REQUEST: u8 = 9;
const BACKUP_LIST_RESPONSE: u8 = 10;
const BECOME_BACKUP: u8 = 11;
const DOMAIN_ANNOUNCEMENT: u8 = 12;
const MASTER_ANNOUNCEMENT: u8 = 13;
const RESET_STATE: u8 = 14;
const LOCAL_MASTER_ANNOUNCEMENT: u8 = 15;

fn command_name(cmd: u8) -> Option<&'static str> {
    Some(match cmd {
        HOST_ANNOUNCEMENT => "Host Announcement",
        REQUEST_ANNOUNCEMENT => "Request Announcement",
        ELECTION_REQUEST => "Browser Election Request",
        BACKUP_LIST_REQUEST => "Get Backup List Request",
        BACKUP_LIST_RESPONSE => "Get Backup List Response",
        BECOME_BACKUP => "Become Backup Browser",
        DOMAIN_ANNOUNCEMENT => "Domain/Workgroup Announcement",
        MASTER_ANNOUNCEMENT => "Master Announcement",
        RESET_STATE => "Reset Browser State Announcement",
        LOCAL_MASTER_ANNOUNCEMENT => "Local Master Announcement",
        _ => return None,
    })
}

/// Which mailslot the message came on: their announcements are laid out differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mailslot {
    Browse,
    Lanman,
}

/// Dissects a browser message from `\MAILSLOT\BROWSE` in `start..end`.
pub fn dissect(d: &mut Dissector, start: usize, end: usize) {
    run(d, start, end, Mailslot::Browse);
}

/// Dissects a browser message from `\MAILSLOT\LANMAN` in `start..end`.
pub fn dissect_lanman(d: &mut Dissector, start: usize, end: usize) {
    run(d, start, end, Mailslot::Lanman);
}

fn run(d: &mut Dissector, start: usize, end: usize, slot: Mailslot) {
    let end = end.min(d.frame.len()).max(start);
    d.set_protocol("BROWSER");
    d.set_info(String::new);
    let node = d.tree.open_protocol(Field::Browser, start..end);
    d.tree
        .label(node, || "Microsoft Windows Browser Protocol".into());
    let m = Bytes::new(d.frame.all().get(start..end).unwrap_or(&[]));
    let result = message(d, m, start, slot);
    d.tree.close();
    if let Err(e) = result {
        d.short("browser", e);
    }
}

/// One field's place: the message's bytes and its offset in the frame.
#[derive(Clone, Copy)]
struct At<'a> {
    m: Bytes<'a>,
    o: usize,
}

impl At<'_> {
    fn range(self, at: usize, len: usize) -> std::ops::Range<usize> {
        self.o + at..self.o + at + len
    }
}

fn message(d: &mut Dissector, m: Bytes, o: usize, slot: Mailslot) -> Result<(), Short> {
    let cmd = m.u8(0)?;
    d.set_info(|| match command_name(cmd) {
        Some(name) => name.into(),
        None => format!("Unknown command:0x{cmd:02x}"),
    });
    let n = d
        .tree
        .add(Field::BrowserCommand, o..o + 1, Value::UInt(u64::from(cmd)));
    let name = command_name(cmd).unwrap_or("Unknown");
    d.tree.label(n, || format!("Command: {name} (0x{cmd:02x})"));
    let at = At { m, o };
    match (slot, cmd) {
        (_, HOST_ANNOUNCEMENT | DOMAIN_ANNOUNCEMENT | LOCAL_MASTER_ANNOUNCEMENT) => {
            if slot == Mailslot::Browse {
                announce::browse(d, at, cmd)
            } else {
                announce::lanman(d, at, cmd)
            }
        }
        (Mailslot::Lanman, _) => Ok(()),
        (_, REQUEST_ANNOUNCEMENT) => {
            let unused = m.u8(1)?;
            d.tree.add(
                Field::BrowserUnused,
                at.range(1, 1),
                Value::UInt(u64::from(unused)),
            );
            let name = stringz(d, at, 2, Field::BrowserResponseComputerName)?;
            d.append_info(&format!(" {name}"));
            Ok(())
        }
        (_, ELECTION_REQUEST) => election(d, at),
        (_, BACKUP_LIST_REQUEST | BACKUP_LIST_RESPONSE) => backup_list(d, at, cmd),
        (_, MASTER_ANNOUNCEMENT) => stringz(d, at, 1, Field::BrowserMbServer).map(drop),
        (_, BECOME_BACKUP) => stringz(d, at, 1, Field::BrowserBrowserToPromote).map(drop),
        (_, RESET_STATE) => reset(d, at),
        _ => Ok(()),
    }
}

/// Adds the NUL-terminated string at `at` as `field`; returns its text.
fn stringz(d: &mut Dissector, at: At, offset: usize, field: Field) -> Result<String, Short> {
    let bytes = at.m.nul_terminated(offset)?;
    let text = latin_text(bytes);
    d.tree.add(
        field,
        at.range(offset, bytes.len() + 1),
        Value::Str(text.as_str().into()),
    );
    Ok(text)
}

/// Name bytes as text (the ASCII range as is; other bytes as their Latin-1 characters).
fn latin_text(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn election(d: &mut Dissector, at: At) -> Result<(), Short> {
    let m = at.m;
    let t = &mut d.tree;
    let version = m.u8(1)?;
    t.add(
        Field::BrowserElectionVersion,
        at.range(1, 1),
        Value::UInt(u64::from(version)),
    );
    let criteria = m.le_u32(2)?;
    t.open(
        Field::BrowserElectionCriteria,
        at.range(2, 4),
        Value::UInt(u64::from(criteria)),
    );
    let [desire, major, minor, os] = criteria.to_le_bytes();
    t.add_bitmask(
        Field::BrowserElectionDesire,
        at.range(2, 1),
        (8, u64::from(desire)),
        &DESIRE_FLAGS,
    );
    t.add(
        Field::BrowserProtoMajor,
        at.range(3, 1),
        Value::UInt(u64::from(major)),
    );
    t.add(
        Field::BrowserProtoMinor,
        at.range(4, 1),
        Value::UInt(u64::from(minor)),
    );
    t.add_bitmask(
        Field::BrowserElectionOs,
        at.range(5, 1),
        (8, u64::from(os)),
        &OS_FLAGS,
    );
    t.close();
    let uptime = m.le_u32(6)?;
    let n = t.add(
        Field::BrowserUptime,
        at.range(6, 4),
        Value::UInt(u64::from(uptime)),
    );
    t.label(n, || format!("Uptime: {}", msecs_text(signed(uptime))));
    stringz(d, at, 14, Field::BrowserServer).map(drop)
}

const DESIRE_FLAGS: [(Field, [&str; 2]); 6] = [
    (
        Field::BrowserElectionDesireBackup,
        ["NOT Backup Browse Server", "Backup Browse Server"],
    ),
    (
        Field::BrowserElectionDesireStandby,
        ["NOT Standby Browse Server", "Standby Browse Server"],
    ),
    (
        Field::BrowserElectionDesireMaster,
        ["NOT Master Browser", "Master Browser"],
    ),
    (
        Field::BrowserElectionDesireDomainMaster,
        [
            "NOT Domain Master Browse Server",
            "Domain Master Browse Server",
        ],
    ),
    (
        Field::BrowserElectionDesireWins,
        ["NOT WINS Client", "WINS Client"],
    ),
    (
        Field::BrowserElectionDesireNt,
        [
            "NOT Windows NT Advanced Server",
            "Windows NT Advanced Server",
        ],
    ),
];

const OS_FLAGS: [(Field, [&str; 2]); 3] = [
    (
        Field::BrowserElectionOsWfw,
        ["Not Windows for Workgroups", "Windows for Workgroups"],
    ),
    (
        Field::BrowserElectionOsNtw,
        ["Not Windows NT Workstation", "Windows NT Workstation"],
    ),
    (
        Field::BrowserElectionOsNts,
        ["Not Windows NT Server", "Windows NT Server"],
    ),
];

fn backup_list(d: &mut Dissector, at: At, cmd: u8) -> Result<(), Short> {
    let count = at.m.u8(1)?;
    let t = &mut d.tree;
    t.add(
        Field::BrowserBackupCount,
        at.range(1, 1),
        Value::UInt(u64::from(count)),
    );
    let token = at.m.le_u32(2)?;
    t.add(
        Field::BrowserBackupToken,
        at.range(2, 4),
        Value::UInt(u64::from(token)),
    );
    if cmd == BACKUP_LIST_RESPONSE {
        let mut offset = 6;
        for _ in 0..count {
            offset += stringz(d, at, offset, Field::BrowserBackupServer)?.len() + 1;
        }
    }
    Ok(())
}

fn reset(d: &mut Dissector, at: At) -> Result<(), Short> {
    let command = at.m.u8(1)?;
    let flags = [
        (
            Field::BrowserResetCmdDemote,
            [
                "Do not demote an LMB to a Backup Browser",
                "Demote an LMB to a Backup Browser",
            ],
        ),
        (
            Field::BrowserResetCmdFlush,
            ["Do not Flush the Browse List", "Flush the Browse List"],
        ),
        (
            Field::BrowserResetCmdStopLmb,
            [
                "Do not Stop Being a Local Master Browser",
                "Stop Being a Local Master Browser",
            ],
        ),
    ];
    let word = u64::from(command);
    let t = &mut d.tree;
    let n = t.add_bitmask(Field::BrowserResetCmd, at.range(1, 1), (8, word), &flags);
    t.label(n, || {
        let name = match command {
            0x01 => "Stop being a master browser and become a backup browser",
            0x02 => "Discard browse lists, stop being a master browser, and try again",
            0x04 => "Stop being a master browser for ever",
            _ => "Unknown",
        };
        let names = super::tree_bits::set_flag_names(word, &flags);
        format!("ResetBrowserState Command: {name} (0x{command:02x}){names}")
    });
    Ok(())
}

/// A 32-bit count of milliseconds as Wireshark reads it for display (signed).
fn signed(ms: u32) -> i32 {
    i32::from_ne_bytes(ms.to_ne_bytes())
}
