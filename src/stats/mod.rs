//! Capture statistics computed from the index alone: a capinfos-like summary and a protocol
//! hierarchy like `tshark -z io,phs`.

pub mod hierarchy;
pub mod summary;

pub use hierarchy::{HierarchyNode, protocol_hierarchy};
pub use summary::{CaptureSummary, summarize};
pub mod conversations;
pub mod expert;
pub mod follow;
