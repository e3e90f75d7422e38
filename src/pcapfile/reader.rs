//! Streaming reader: walks a capture once, in bounded memory, yielding each packet's metadata,
//! its byte offset in the source (for later random access) and its bytes.

use super::error::{FileError, StopReason};
use super::source::Source;
use super::{Format, pcap_legacy, pcapng};
use crate::dissect::LinkType;
use std::path::Path;

/// Bytes read from the source per refill.
const READ_CHUNK: usize = 1 << 20;

/// A capture interface (one per pcap file; one per IDB in pcapng).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// Link-layer type of its packets.
    pub link: LinkType,
    /// Snapshot length in bytes (0 = unknown).
    pub snaplen: u32,
    /// Timestamp units per second (1e6 = µs, 1e9 = ns).
    pub ts_units_per_sec: u64,
    /// Seconds added to every timestamp (pcapng `if_tsoffset`).
    pub ts_offset_s: i64,
    /// Interface name, when the file records one.
    pub name: Option<String>,
}

/// One packet's metadata as found in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawPacket {
    /// Capture time, ns since the Unix epoch (0 when not `timestamped`).
    pub ts_ns: i64,
    /// The file gives a time stamp (a pcapng Simple Packet Block has none).
    pub timestamped: bool,
    /// Offset of the packet bytes in the source.
    pub offset: u64,
    /// Captured length in bytes.
    pub cap_len: u32,
    /// Original length on the wire in bytes.
    pub orig_len: u32,
    /// Index into [`Reader::interfaces`].
    pub interface: u32,
}

/// What one parsing step found at the current position.
pub(super) enum Step {
    /// A packet record `consumed` bytes long, whose bytes start `data_start` bytes in.
    Packet {
        consumed: usize,
        data_start: usize,
        packet: RawPacket,
    },
    /// A record that is not a packet (already applied to the reader state).
    Skip { consumed: usize },
    /// The record needs `total` bytes from the current position.
    Need { total: usize },
    /// The record is malformed.
    Bad(String),
}

/// Format-specific state that the parsing steps update.
#[derive(Debug, Default)]
pub(super) struct ParseState {
    pub interfaces: Vec<Interface>,
    /// pcapng: index of the current section's first interface.
    pub section_base: usize,
    /// pcapng: current section is big-endian.
    pub big_endian: bool,
}

/// Whether more packets may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadProgress {
    /// Call `read_batch` again.
    More,
    /// The end of the file, or a stop (see [`Reader::stop_reason`]).
    Done,
}

/// A capture file being read front to back.
#[derive(Debug)]
pub struct Reader {
    source: Source,
    format: Format,
    state: ParseState,
    buf: Vec<u8>,
    buf_offset: u64,
    pos: usize,
    eof: bool,
    len: u64,
    stop: Option<StopReason>,
    done: bool,
}

impl Reader {
    /// Opens a capture file (pcap, pcapng, optionally gzip-compressed).
    pub fn open(path: &Path) -> Result<Reader, FileError> {
        let source = Source::open(path).map_err(|source| FileError::Io {
            path: path.into(),
            source,
        })?;
        Reader::from_source(source, path)
    }

    /// Starts reading from `source`; `path` names it in errors.
    pub fn from_source(source: Source, path: &Path) -> Result<Reader, FileError> {
        let io = |source| FileError::Io {
            path: path.into(),
            source,
        };
        let len = source.len().map_err(io)?;
        if len == 0 {
            return Err(FileError::Empty { path: path.into() });
        }
        let mut head = [0u8; 4];
        let n = source.read_at(&mut head, 0).map_err(io)?;
        let format = Format::sniff(head.get(..n).unwrap_or(&[])).ok_or_else(|| {
            FileError::UnknownFormat {
                path: path.into(),
                head: crate::dissect::value::format_hex(head.get(..n).unwrap_or(&[])),
            }
        })?;
        let mut reader = Reader {
            source,
            format,
            state: ParseState::default(),
            buf: Vec::new(),
            buf_offset: 0,
            pos: 0,
            eof: false,
            len,
            stop: None,
            done: false,
        };
        if let Format::Pcap { .. } = format {
            reader.fill(pcap_legacy::FILE_HEADER_LEN).map_err(io)?;
            let header = pcap_legacy::parse_file_header(&reader.buf, format).map_err(|reason| {
                FileError::BadHeader {
                    path: path.into(),
                    format: format.name(),
                    reason,
                }
            })?;
            reader.state.interfaces.push(header);
            reader.pos = pcap_legacy::FILE_HEADER_LEN;
        }
        Ok(reader)
    }

    /// The container format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Interfaces seen so far (pcapng adds them as their blocks are read).
    pub fn interfaces(&self) -> &[Interface] {
        &self.state.interfaces
    }

    /// The source the packet offsets refer to.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Total size of the (decompressed) capture in bytes.
    pub fn total_bytes(&self) -> u64 {
        self.len
    }

    /// Bytes consumed so far (for progress bars).
    pub fn bytes_read(&self) -> u64 {
        self.buf_offset + self.pos as u64
    }

    /// Why reading stopped early, if it did.
    pub fn stop_reason(&self) -> Option<&StopReason> {
        self.stop.as_ref()
    }

    /// Reads up to `max_packets` packets, calling `on_packet` for each with its bytes.
    pub fn read_batch(
        &mut self,
        max_packets: usize,
        mut on_packet: impl FnMut(&RawPacket, &[u8], &[Interface]),
    ) -> ReadProgress {
        let mut count = 0;
        while count < max_packets && !self.done {
            let rest = self.buf.get(self.pos..).unwrap_or(&[]);
            let step = if rest.is_empty() && self.eof {
                self.done = true;
                break;
            } else {
                match self.format {
                    Format::Pcap { .. } => pcap_legacy::step(rest, self.format, &self.state),
                    Format::PcapNg => pcapng::step(rest, &mut self.state),
                }
            };
            let at = self.bytes_read();
            match step {
                Step::Packet {
                    consumed,
                    data_start,
                    mut packet,
                } => {
                    let data = rest
                        .get(data_start..data_start + packet.cap_len as usize)
                        .unwrap_or(&[]);
                    packet.offset = at + data_start as u64;
                    on_packet(&packet, data, &self.state.interfaces);
                    self.pos += consumed;
                    count += 1;
                }
                Step::Skip { consumed } => self.pos += consumed,
                Step::Need { total } => self.need(total, at),
                Step::Bad(reason) => self.halt(StopReason::Corrupt { offset: at, reason }),
            }
        }
        if self.done {
            ReadProgress::Done
        } else {
            ReadProgress::More
        }
    }

    /// Makes `total` bytes available from the current position, or records truncation.
    fn need(&mut self, total: usize, at: u64) {
        let have = self.buf.len().saturating_sub(self.pos);
        if self.eof {
            if have == 0 {
                self.done = true;
            } else {
                self.halt(StopReason::Truncated {
                    offset: at,
                    needed: total as u64,
                    have: have as u64,
                });
            }
            return;
        }
        if let Err(e) = self.fill(total) {
            self.halt(StopReason::Io {
                offset: at,
                reason: e.to_string(),
            });
        }
    }

    fn halt(&mut self, reason: StopReason) {
        self.stop = Some(reason);
        self.done = true;
    }

    /// Compacts the buffer and reads until `want` bytes follow `pos` or the source ends.
    fn fill(&mut self, want: usize) -> std::io::Result<()> {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.buf_offset += self.pos as u64;
            self.pos = 0;
        }
        while self.buf.len() < want.max(1) && !self.eof {
            let old = self.buf.len();
            let chunk = READ_CHUNK.max(want - old.min(want));
            self.buf.resize(old + chunk, 0);
            let n = self.source.read_at(
                self.buf.get_mut(old..).unwrap_or(&mut []),
                self.buf_offset + old as u64,
            )?;
            self.buf.truncate(old + n);
            if n == 0 {
                self.eof = true;
            }
        }
        Ok(())
    }
}

/// Nanoseconds for `units` timestamp units at `units_per_sec`, plus an offset in seconds.
pub(super) fn units_to_ns(units: u64, units_per_sec: u64, offset_s: i64) -> i64 {
    let ns = if units_per_sec == 0 {
        0
    } else {
        u128::from(units) * 1_000_000_000 / u128::from(units_per_sec)
    };
    i64::try_from(ns)
        .unwrap_or(i64::MAX)
        .saturating_add(offset_s.saturating_mul(1_000_000_000))
}
