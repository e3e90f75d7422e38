//! Raw bytes: `data(data="hi")`, `data(data=68:69)`, or `data(len=100)` for that many zeros.

use super::{Layer, Settable, derived, plain};
use crate::dissect::Field;

/// Fields.
pub const FIELDS: &[Settable] = &[plain(Field::DataData), derived(Field::DataLen)];

/// The bytes (then anything carried after them).
pub fn encode(layer: &Layer, payload: Vec<u8>) -> Vec<u8> {
    let mut out = match layer.bytes(Field::DataData) {
        Some(b) => b,
        None => vec![0; layer.uint(Field::DataLen, 0) as usize],
    };
    out.extend_from_slice(&payload);
    out
}
