//! Protocol descriptions (`*.wlp`): a declarative layout language, loaded at run time, that
//! decodes into the dissection tree, binds to dissector tables, and encodes for crafting.
//! Depends on `dissect` (the tree and the field registry) and `filter` (examples); nothing
//! in `dissect` depends on it (the decoder is installed through `dissect::custom`).

pub mod ast;
pub mod compile;
pub mod decode;
pub mod encode;
pub mod error;
pub mod eval;
pub mod examples;
pub mod layers;
pub mod lexer;
pub mod load;
pub mod parser;
pub mod plan;
pub mod types;

pub use compile::{Source, compile};
pub use error::DescError;

#[cfg(test)]
mod tests;
