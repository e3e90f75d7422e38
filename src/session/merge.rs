//! Several capture files opened at once are merged in time order (as `mergecap`) into one
//! temporary pcapng, each file's interfaces kept apart.

use crate::pcapfile::{
    FileError, Interface, OutputFormat, PacketToWrite, ReadProgress, Reader, write_atomically,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static MERGE_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The file to index: `paths[0]` alone, or a new temporary merge of all of them.
pub fn merged_path(paths: &[PathBuf]) -> Result<PathBuf, FileError> {
    match paths {
        [] => Err(FileError::Io {
            path: PathBuf::new(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no file given"),
        }),
        [one] => Ok(one.clone()),
        many => {
            let n = MERGE_COUNTER.fetch_add(1, Ordering::Relaxed);
            let out = std::env::temp_dir()
                .join(format!("wirelens-merged-{}-{n}.pcapng", std::process::id()));
            merge(many, &out)?;
            Ok(out)
        }
    }
}

/// One packet of one input file.
struct Entry {
    ts_ns: i64,
    file: usize,
    offset: u64,
    cap_len: u32,
    orig_len: u32,
    interface: u32,
}

/// Writes the packets of `inputs` to `out` ordered by time (stable: ties keep file order).
pub fn merge(inputs: &[PathBuf], out: &Path) -> Result<u64, FileError> {
    let mut readers = Vec::new();
    let mut interfaces: Vec<Interface> = Vec::new();
    let mut entries = Vec::new();
    for (file, path) in inputs.iter().enumerate() {
        let mut reader = Reader::open(path)?;
        let base = interfaces.len() as u32;
        while reader.read_batch(65_536, |raw, _, _| {
            entries.push(Entry {
                ts_ns: raw.ts_ns,
                file,
                offset: raw.offset,
                cap_len: raw.cap_len,
                orig_len: raw.orig_len,
                interface: base + raw.interface,
            })
        }) == ReadProgress::More
        {}
        interfaces.extend(reader.interfaces().iter().cloned());
        readers.push(reader);
    }
    entries.sort_by_key(|e| (e.ts_ns, e.file));
    let packets = entries.iter().map(|e| {
        let source = readers
            .get(e.file)
            .map(Reader::source)
            .ok_or_else(|| std::io::Error::other("merge: no such input"))?;
        Ok(PacketToWrite {
            ts_ns: e.ts_ns,
            data: source.read_exact_at(e.offset, e.cap_len as usize)?.into(),
            orig_len: e.orig_len,
            interface: e.interface,
        })
    });
    write_atomically(out, OutputFormat::PcapNg, &interfaces, packets)
}
