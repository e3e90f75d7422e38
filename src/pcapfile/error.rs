//! Errors of the capture-file reader and writer.

use std::path::PathBuf;

/// Why a file cannot be opened or written at all.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The OS refused.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file holds no bytes at all.
    #[error("{path}: empty file (0 bytes)")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The first bytes are not a capture format we know.
    #[error("{path}: not a pcap or pcapng capture (first bytes {head})")]
    UnknownFormat {
        /// The file.
        path: PathBuf,
        /// Hex of the first bytes.
        head: String,
    },
    /// The file header itself is damaged.
    #[error("{path}: bad {format} file header: {reason}")]
    BadHeader {
        /// The file.
        path: PathBuf,
        /// Format name.
        format: &'static str,
        /// What is wrong.
        reason: String,
    },
}

/// Why reading stopped before the end of the file. Every packet before `offset` was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopReason {
    /// The file ends inside a record.
    Truncated {
        /// File offset of the incomplete record.
        offset: u64,
        /// Bytes the record needs from `offset`.
        needed: u64,
        /// Bytes left in the file from `offset`.
        have: u64,
    },
    /// A record is malformed (bad length, unknown interface, oversized packet).
    Corrupt {
        /// File offset of the bad record.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// Reading the file failed midway.
    Io {
        /// File offset where it failed.
        offset: u64,
        /// The OS error text.
        reason: String,
    },
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StopReason::Truncated {
                offset,
                needed,
                have,
            } => write!(
                f,
                "the file is cut short: the record at byte {offset} needs {needed} bytes but only {have} remain"
            ),
            StopReason::Corrupt { offset, reason } => {
                write!(f, "bad record at byte {offset}: {reason}")
            }
            StopReason::Io { offset, reason } => write!(f, "read error at byte {offset}: {reason}"),
        }
    }
}
