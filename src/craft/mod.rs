//! Building packets: a one-line text form shared by the GUI and the CLI ([`spec`]), one
//! encoder per layer that derives lengths, checksums and next-protocol numbers unless the
//! spec pins them ([`layers`]), the text form of any dissected packet ([`from_packet`]),
//! and editing captured packets in place with the same derivation ([`draft`]).
//!
//! Depends on `dissect` (field registry, checksums, dissection for editing) and on the
//! display filter's literal syntax; imports neither egui nor pcap.

pub mod answers;
pub mod draft;
pub mod from_packet;
pub mod hexdump;
pub mod layers;
pub mod parse;
pub mod spec;
pub mod values;
pub mod wire;

pub use draft::Draft;
pub use layers::{Layer, Proto};
pub use parse::parse;
pub use spec::{Assign, LayerSpec, Spec, ValueSpec};
pub use values::Packets;

use crate::dissect::LinkType;
use std::ops::Range;

/// Why a spec does not parse or a packet cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CraftError {
    /// What is wrong.
    pub message: String,
    /// The part of the spec text it is about (bytes), when it is about the text.
    pub span: Option<Range<usize>>,
}

impl CraftError {
    /// An error about the packet, not a place in the text.
    pub fn new(message: impl Into<String>) -> CraftError {
        CraftError {
            message: message.into(),
            span: None,
        }
    }

    /// An error about `span` of the spec text.
    pub fn at(message: impl Into<String>, span: Range<usize>) -> CraftError {
        CraftError {
            message: message.into(),
            span: Some(span),
        }
    }

    /// The 1-based column (in characters) the error points at.
    pub fn column(&self, text: &str) -> Option<usize> {
        let start = self.span.as_ref()?.start;
        Some(text.get(..start).map_or(start, |s| s.chars().count()) + 1)
    }

    /// `Column 12: message`, then the spec with a caret under the offending part.
    pub fn render(&self, text: &str) -> String {
        let Some(span) = &self.span else {
            return self.message.clone();
        };
        let col = self.column(text).unwrap_or(1);
        let width = text
            .get(span.clone())
            .map_or(1, |s| s.chars().count().max(1));
        format!(
            "Column {col}: {}\n  {text}\n  {}{}",
            self.message,
            " ".repeat(col - 1),
            "^".repeat(width)
        )
    }
}

/// The link type the packets of `spec` have.
pub fn link_of_spec(spec: &Spec) -> LinkType {
    match spec.layers.first().map(|l| l.proto) {
        Some(Proto::Eth) | None => LinkType::ETHERNET,
        Some(_) => LinkType::RAW,
    }
}

/// Builds the `k`-th packet (0-based) of `spec`: ranges step with `k`, `random` draws from
/// the generator seeded with `seed`.
pub fn build(spec: &Spec, k: u64, seed: u64) -> Result<Vec<u8>, CraftError> {
    let layers = values::resolve(spec, k, &mut values::Random::new(seed, k));
    layers::encode(&layers)
}
