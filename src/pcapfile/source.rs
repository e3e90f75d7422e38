//! Where packet bytes live: a file read with positional reads (no mmap, no unsafe), or memory
//! (decompressed gzip captures, tests).

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;

/// Random-access packet bytes, cheap to clone and share with worker threads.
#[derive(Debug, Clone)]
pub enum Source {
    /// A capture file on disk.
    File(Arc<File>),
    /// Bytes in memory.
    Memory(Arc<[u8]>),
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

impl Source {
    /// Opens `path`; gzip files are decompressed into memory.
    pub fn open(path: &Path) -> io::Result<Source> {
        let mut file = File::open(path)?;
        let mut magic = [0u8; 2];
        let n = file.read_at(&mut magic, 0)?;
        if n == 2 && magic == GZIP_MAGIC {
            let mut out = Vec::new();
            let mut gz = flate2::read::MultiGzDecoder::new(&mut file);
            // A truncated gzip stream still yields the bytes before the damage.
            if let Err(e) = gz.read_to_end(&mut out)
                && out.is_empty()
            {
                return Err(e);
            }
            return Ok(Source::Memory(out.into()));
        }
        Ok(Source::File(Arc::new(file)))
    }

    /// Total length in bytes.
    pub fn len(&self) -> io::Result<u64> {
        match self {
            Source::File(f) => Ok(f.metadata()?.len()),
            Source::Memory(m) => Ok(m.len() as u64),
        }
    }

    /// True when the source has no bytes.
    pub fn is_empty(&self) -> io::Result<bool> {
        self.len().map(|l| l == 0)
    }

    /// Reads up to `buf.len()` bytes at `offset`; returns how many were read (0 at the end).
    pub fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        match self {
            Source::File(f) => {
                let mut done = 0;
                while done < buf.len() {
                    let Some(rest) = buf.get_mut(done..) else {
                        break;
                    };
                    match f.read_at(rest, offset + done as u64) {
                        Ok(0) => break,
                        Ok(n) => done += n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(done)
            }
            Source::Memory(m) => {
                let start = usize::try_from(offset).unwrap_or(usize::MAX).min(m.len());
                let avail = m.get(start..).unwrap_or(&[]);
                let n = avail.len().min(buf.len());
                if let (Some(dst), Some(src)) = (buf.get_mut(..n), avail.get(..n)) {
                    dst.copy_from_slice(src);
                }
                Ok(n)
            }
        }
    }

    /// Reads exactly `len` bytes at `offset`.
    pub fn read_exact_at(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let mut buf = vec![0u8; len];
        let n = self.read_at(&mut buf, offset)?;
        if n < len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "capture file shrank while open",
            ));
        }
        Ok(buf)
    }

    /// Wraps bytes already in memory.
    pub fn from_bytes(bytes: Vec<u8>) -> Source {
        Source::Memory(bytes.into())
    }
}
