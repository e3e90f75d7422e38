//! The "Data" layer: bytes no dissector claimed.

use super::Dissector;
use super::field::Field;
use super::value::Value;

/// Marks everything from `offset` to the end of the frame as data.
pub fn dissect(d: &mut Dissector, offset: usize) {
    let end = d.frame.len();
    dissect_range(d, offset, end);
}

/// Marks `offset..end` as data (nothing when empty).
pub fn dissect_range(d: &mut Dissector, offset: usize, end: usize) {
    let bytes = d.frame.rest(offset);
    let bytes = bytes.get(..end.saturating_sub(offset)).unwrap_or(bytes);
    dissect_bytes(d, offset, bytes);
}

/// Adds a data layer for `bytes`, which sit at `offset` of the current data source.
pub fn dissect_bytes(d: &mut Dissector, offset: usize, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    let len = bytes.len();
    let node = d.tree.open_protocol(Field::Data, offset..offset + len);
    d.tree.label(node, || format!("Data ({len} bytes)"));
    d.tree
        .add(Field::DataData, offset..offset + len, Value::Span);
    d.tree.add(
        Field::DataLen,
        offset..offset + len,
        Value::UInt(len as u64),
    );
    d.tree.close();
}
