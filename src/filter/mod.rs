//! Wireshark display filters: lexer, parser, type checker and evaluator.
//! Imports neither egui nor pcap; depends only on the dissector's field registry.

pub mod ast;
pub mod check;
pub mod error;
pub mod eval;
pub mod lexer;
pub mod literal;
pub mod parser;

pub use check::{Getter, Node};
pub use error::FilterError;
pub use eval::{LazySource, Source, TreeSource, Val};

use crate::dissect::{Field, Tree};

/// A compiled display filter.
#[derive(Debug, Clone)]
pub struct Filter {
    /// The text it was compiled from.
    pub text: String,
    /// The checked expression.
    pub root: Node,
}

impl Filter {
    /// Compiles filter text; errors carry the span of the offending part.
    pub fn compile(text: &str) -> Result<Filter, FilterError> {
        let expr = parser::parse(text)?;
        let root = check::check(&expr)?;
        Ok(Filter {
            text: text.to_string(),
            root,
        })
    }

    /// Whether a dissected frame matches.
    pub fn matches(&self, tree: &Tree, frame: &[u8]) -> bool {
        eval::eval(&self.root, &TreeSource { tree, frame }).unwrap_or(false)
    }

    /// Evaluates against any source; `None` when it cannot decide.
    pub fn eval(&self, src: &dyn Source) -> Option<bool> {
        eval::eval(&self.root, src)
    }

    /// Every field the filter reads.
    pub fn fields(&self) -> Vec<Field> {
        let mut out = Vec::new();
        collect(&self.root, &mut out);
        out
    }
}

fn collect(n: &Node, out: &mut Vec<Field>) {
    match n {
        Node::Or(a, b) | Node::Xor(a, b) | Node::And(a, b) => {
            collect(a, out);
            collect(b, out);
        }
        Node::Not(a) => collect(a, out),
        Node::Exists(g) | Node::In { lhs: g, .. } => out.push(g.field()),
        Node::Cmp { lhs, rhs, .. } => {
            out.push(lhs.field());
            if let check::Rhs::Getter(g) = rhs {
                out.push(g.field());
            }
        }
    }
}
