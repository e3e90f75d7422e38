//! Capture files: format sniffing by content, pcap (µs/ns, both byte orders, "modified") and
//! pcapng (sections, many interfaces with their own link types and resolutions) reading,
//! gzip-compressed captures, and atomic pcap/pcapng writing.

mod error;
mod pcap_legacy;
mod pcapng;
mod reader;
mod source;
mod writer;

pub use error::{FileError, StopReason};
pub use reader::{Interface, RawPacket, ReadProgress, Reader};
pub use source::Source;
pub use writer::{OutputFormat, PacketToWrite, write_atomically};

/// Largest packet we accept from a file, as Wireshark (WTAP_MAX_PACKET_SIZE_STANDARD).
pub const MAX_PACKET_BYTES: u32 = 262_144;

/// The container format of a capture file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Classic libpcap.
    Pcap {
        /// Timestamps are in nanoseconds (magic a1b23c4d).
        nanos: bool,
        /// Header fields are big-endian.
        big_endian: bool,
        /// Kuznetsov's "modified" pcap with 24-byte record headers.
        modified: bool,
    },
    /// pcapng.
    PcapNg,
}

impl Format {
    /// Recognises the format from the first bytes of a file.
    pub fn sniff(head: &[u8]) -> Option<Format> {
        let magic = head.get(..4)?;
        let pcap = |nanos, big_endian, modified| {
            Some(Format::Pcap {
                nanos,
                big_endian,
                modified,
            })
        };
        match magic {
            [0xd4, 0xc3, 0xb2, 0xa1] => pcap(false, false, false),
            [0xa1, 0xb2, 0xc3, 0xd4] => pcap(false, true, false),
            [0x4d, 0x3c, 0xb2, 0xa1] => pcap(true, false, false),
            [0xa1, 0xb2, 0x3c, 0x4d] => pcap(true, true, false),
            [0x34, 0xcd, 0xb2, 0xa1] => pcap(false, false, true),
            [0xa1, 0xb2, 0xcd, 0x34] => pcap(false, true, true),
            [0x0a, 0x0d, 0x0d, 0x0a] => Some(Format::PcapNg),
            _ => None,
        }
    }

    /// Name for messages and `stats`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pcap { nanos: true, .. } => "pcap (nanosecond)",
            Format::Pcap { modified: true, .. } => "pcap (modified)",
            Format::Pcap { .. } => "pcap",
            Format::PcapNg => "pcapng",
        }
    }
}
