//! Writing pcap and pcapng, atomically: a temp file in the same directory, flushed and
//! fsynced, then renamed over the target. A failed save leaves any old file untouched.

use super::error::FileError;
use super::reader::Interface;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The container to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// pcap with microsecond timestamps (one link type only).
    Pcap,
    /// pcap with nanosecond timestamps (one link type only).
    PcapNanos,
    /// pcapng with every interface and nanosecond timestamps.
    PcapNg,
}

/// One packet to write.
#[derive(Debug, Clone)]
pub struct PacketToWrite<'a> {
    /// Capture time, ns since the epoch.
    pub ts_ns: i64,
    /// Captured bytes.
    pub data: std::borrow::Cow<'a, [u8]>,
    /// Length on the wire.
    pub orig_len: u32,
    /// Index into the interfaces passed to the writer.
    pub interface: u32,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `packets` to `path` in `format`, atomically.
pub fn write_atomically<'a>(
    path: &Path,
    format: OutputFormat,
    interfaces: &[Interface],
    packets: impl IntoIterator<Item = io::Result<PacketToWrite<'a>>>,
) -> Result<u64, FileError> {
    let err = |source| FileError::Io {
        path: path.into(),
        source,
    };
    let temp = temp_path(path);
    let result = (|| {
        let file = File::create(&temp)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let count = match format {
            OutputFormat::PcapNg => write_pcapng(&mut out, interfaces, packets)?,
            OutputFormat::Pcap | OutputFormat::PcapNanos => write_pcap(
                &mut out,
                format == OutputFormat::PcapNanos,
                interfaces,
                packets,
            )?,
        };
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(count)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(err)
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "capture".into());
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.wirelens-{}-{n}.tmp", std::process::id()))
}

fn write_pcap<'a>(
    out: &mut impl Write,
    nanos: bool,
    interfaces: &[Interface],
    packets: impl IntoIterator<Item = io::Result<PacketToWrite<'a>>>,
) -> io::Result<u64> {
    let first = interfaces.first();
    if interfaces
        .iter()
        .any(|i| Some(i.link) != first.map(|f| f.link))
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "pcap holds one link type; these packets have several (save as pcapng)",
        ));
    }
    let link = first.map_or(1, |i| i.link.0);
    let snaplen = interfaces
        .iter()
        .map(|i| i.snaplen)
        .max()
        .filter(|s| *s > 0)
        .unwrap_or(262_144);
    let magic: u32 = if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 };
    out.write_all(&magic.to_le_bytes())?;
    out.write_all(&2u16.to_le_bytes())?;
    out.write_all(&4u16.to_le_bytes())?;
    out.write_all(&0i32.to_le_bytes())?;
    out.write_all(&0u32.to_le_bytes())?;
    out.write_all(&snaplen.to_le_bytes())?;
    out.write_all(&link.to_le_bytes())?;
    let mut count = 0;
    for p in packets {
        let p = p?;
        let sec = p.ts_ns.div_euclid(1_000_000_000);
        let ns = p.ts_ns.rem_euclid(1_000_000_000);
        let frac = if nanos { ns } else { ns / 1000 };
        let sec = u32::try_from(sec).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "timestamp outside pcap's range (1970–2106)",
            )
        })?;
        let cap = u32::try_from(p.data.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "packet too large"))?;
        out.write_all(&sec.to_le_bytes())?;
        out.write_all(&(frac as u32).to_le_bytes())?;
        out.write_all(&cap.to_le_bytes())?;
        out.write_all(&p.orig_len.to_le_bytes())?;
        out.write_all(&p.data)?;
        count += 1;
    }
    Ok(count)
}

fn block(out: &mut impl Write, block_type: u32, body: &[u8]) -> io::Result<()> {
    let padded = body.len().next_multiple_of(4);
    let total = u32::try_from(12 + padded)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "block too large"))?;
    out.write_all(&block_type.to_le_bytes())?;
    out.write_all(&total.to_le_bytes())?;
    out.write_all(body)?;
    out.write_all(&[0u8; 3][..padded - body.len()])?;
    out.write_all(&total.to_le_bytes())
}

fn option(body: &mut Vec<u8>, code: u16, value: &[u8]) {
    body.extend_from_slice(&code.to_le_bytes());
    body.extend_from_slice(&(value.len() as u16).to_le_bytes());
    body.extend_from_slice(value);
    body.resize(body.len().next_multiple_of(4), 0);
}

fn write_pcapng<'a>(
    out: &mut impl Write,
    interfaces: &[Interface],
    packets: impl IntoIterator<Item = io::Result<PacketToWrite<'a>>>,
) -> io::Result<u64> {
    let mut shb = Vec::new();
    shb.extend_from_slice(&0x1a2b_3c4du32.to_le_bytes());
    shb.extend_from_slice(&1u16.to_le_bytes());
    shb.extend_from_slice(&0u16.to_le_bytes());
    shb.extend_from_slice(&(-1i64).to_le_bytes());
    option(&mut shb, 4, b"wirelens");
    option(&mut shb, 0, &[]);
    block(out, 0x0a0d_0d0a, &shb)?;
    for iface in interfaces {
        let mut idb = Vec::new();
        idb.extend_from_slice(&(iface.link.0 as u16).to_le_bytes());
        idb.extend_from_slice(&0u16.to_le_bytes());
        idb.extend_from_slice(&iface.snaplen.to_le_bytes());
        if let Some(name) = &iface.name {
            option(&mut idb, 2, name.as_bytes());
        }
        option(&mut idb, 9, &[9]);
        option(&mut idb, 0, &[]);
        block(out, 1, &idb)?;
    }
    let mut count = 0;
    let mut epb = Vec::new();
    for p in packets {
        let p = p?;
        if p.interface as usize >= interfaces.len() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("packet on unknown interface {}", p.interface),
            ));
        }
        let units = u64::try_from(p.ts_ns).unwrap_or(0);
        let cap = u32::try_from(p.data.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "packet too large"))?;
        epb.clear();
        epb.extend_from_slice(&p.interface.to_le_bytes());
        epb.extend_from_slice(&((units >> 32) as u32).to_le_bytes());
        epb.extend_from_slice(&(units as u32).to_le_bytes());
        epb.extend_from_slice(&cap.to_le_bytes());
        epb.extend_from_slice(&p.orig_len.to_le_bytes());
        epb.extend_from_slice(&p.data);
        block(out, 6, &epb)?;
        count += 1;
    }
    Ok(count)
}
