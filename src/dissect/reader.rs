//! Bounds-checked access to packet bytes. Every read returns `Result<_, Short>`:
//! nothing here can panic on bytes from the wire.

use std::ops::Range;

/// A read past the end of the available bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Short {
    /// Offset (in the same buffer) one past the last byte the read needed.
    pub needed_end: usize,
    /// How many bytes the buffer has.
    pub have: usize,
}

/// A view over packet bytes with big/little-endian accessors at absolute offsets.
#[derive(Debug, Clone, Copy)]
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// Wraps a byte slice.
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    /// The whole underlying slice.
    pub fn all(&self) -> &'a [u8] {
        self.data
    }

    /// Number of bytes available.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// True when there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// `len` bytes from `offset`.
    pub fn slice(&self, offset: usize, len: usize) -> Result<&'a [u8], Short> {
        let end = offset.saturating_add(len);
        self.data.get(offset..end).ok_or(Short {
            needed_end: end,
            have: self.data.len(),
        })
    }

    /// Bytes in `range`.
    pub fn range(&self, range: Range<usize>) -> Result<&'a [u8], Short> {
        self.slice(range.start, range.end.saturating_sub(range.start))
    }

    /// The bytes in `range` as text (invalid UTF-8 replaced; empty past the end).
    pub fn text(&self, range: Range<usize>) -> String {
        String::from_utf8_lossy(self.range(range).unwrap_or(&[])).into_owned()
    }

    /// Bytes from `offset` to the end (empty when `offset` is past the end).
    pub fn rest(&self, offset: usize) -> &'a [u8] {
        self.data.get(offset..).unwrap_or(&[])
    }

    /// A fixed-size array at `offset`.
    pub fn array<const N: usize>(&self, offset: usize) -> Result<[u8; N], Short> {
        let s = self.slice(offset, N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(s);
        Ok(out)
    }

    /// One byte.
    pub fn u8(&self, offset: usize) -> Result<u8, Short> {
        self.data.get(offset).copied().ok_or(Short {
            needed_end: offset.saturating_add(1),
            have: self.data.len(),
        })
    }

    /// Big-endian u16.
    pub fn be_u16(&self, offset: usize) -> Result<u16, Short> {
        self.array::<2>(offset).map(u16::from_be_bytes)
    }

    /// Big-endian 24-bit value.
    pub fn be_u24(&self, offset: usize) -> Result<u32, Short> {
        self.array::<3>(offset)
            .map(|b| u32::from_be_bytes([0, b[0], b[1], b[2]]))
    }

    /// Big-endian u32.
    pub fn be_u32(&self, offset: usize) -> Result<u32, Short> {
        self.array::<4>(offset).map(u32::from_be_bytes)
    }

    /// Little-endian u16.
    pub fn le_u16(&self, offset: usize) -> Result<u16, Short> {
        self.array::<2>(offset).map(u16::from_le_bytes)
    }

    /// Little-endian u32.
    pub fn le_u32(&self, offset: usize) -> Result<u32, Short> {
        self.array::<4>(offset).map(u32::from_le_bytes)
    }

    /// Little-endian u64.
    pub fn le_u64(&self, offset: usize) -> Result<u64, Short> {
        self.array::<8>(offset).map(u64::from_le_bytes)
    }

    /// The bytes from `offset` up to (not including) the next NUL; a string that runs to the
    /// end without one is a short read.
    pub fn nul_terminated(&self, offset: usize) -> Result<&'a [u8], Short> {
        let rest = self.rest(offset);
        let len = rest.iter().position(|&b| b == 0).ok_or(Short {
            needed_end: self.data.len() + 1,
            have: self.data.len(),
        })?;
        Ok(rest.get(..len).unwrap_or(&[]))
    }

    /// Position of `needle` at or after `from`, if present.
    pub fn find(&self, from: usize, needle: &[u8]) -> Option<usize> {
        let hay = self.rest(from);
        if needle.is_empty() || hay.len() < needle.len() {
            return None;
        }
        hay.windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_bounds_checked() {
        let b = Bytes::new(&[1, 2, 3]);
        assert_eq!(b.be_u16(0), Ok(0x0102));
        assert_eq!(
            b.be_u16(2),
            Err(Short {
                needed_end: 4,
                have: 3
            })
        );
        assert_eq!(
            b.u8(usize::MAX),
            Err(Short {
                needed_end: usize::MAX,
                have: 3
            })
        );
        assert_eq!(
            b.slice(usize::MAX, 2),
            Err(Short {
                needed_end: usize::MAX,
                have: 3
            })
        );
        assert_eq!(b.rest(10), &[] as &[u8]);
        assert_eq!(b.be_u24(0), Ok(0x010203));
        assert_eq!(b.find(0, &[2, 3]), Some(1));
    }
}
