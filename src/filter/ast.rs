//! The parsed (untyped) filter expression, with spans for error messages.

use std::ops::Range;

/// A comparison operator. `==` is true when any occurrence matches; `!=` only when all differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`: any occurrence equals.
    Eq,
    /// `!=`: every occurrence differs.
    Ne,
    /// `===`: every occurrence equals.
    AllEq,
    /// `!==`: some occurrence differs.
    AnyNe,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `contains`: a substring / byte subsequence.
    Contains,
    /// `matches` / `~`: a case-insensitive regular expression.
    Matches,
}

impl CmpOp {
    /// The operator as written in messages.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::AllEq => "===",
            CmpOp::AnyNe => "!==",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Contains => "contains",
            CmpOp::Matches => "matches",
        }
    }
}

/// One range of a slice `[i:j]`, `[i-j]`, `[i]`, `[i:]`, `[:j]`; negative offsets count from the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SliceRange {
    /// Start and optional length (`[i:len]`, `[i:]`, `[i]` has length 1).
    StartLen { start: i64, len: Option<i64> },
    /// Start and inclusive end (`[i-j]`).
    StartEnd { start: i64, end: i64 },
}

/// Something compared: a field (maybe sliced), `len(…)`, or a literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operand {
    /// A name (field or unquoted literal, decided by the checker), maybe with a slice.
    Word {
        text: String,
        slice: Vec<SliceRange>,
        span: Range<usize>,
    },
    /// A quoted string.
    Str { bytes: Vec<u8>, span: Range<usize> },
    /// `len(operand)`.
    Len {
        arg: Box<Operand>,
        span: Range<usize>,
    },
}

impl Operand {
    /// Where the operand is in the text.
    pub fn span(&self) -> Range<usize> {
        match self {
            Operand::Word { span, .. } | Operand::Str { span, .. } | Operand::Len { span, .. } => {
                span.clone()
            }
        }
    }
}

/// An element of an `in { … }` set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetItem {
    /// One value.
    One(Operand),
    /// An inclusive range `a..b`.
    Range(Operand, Operand),
}

/// A filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// `a or b`.
    Or(Box<Expr>, Box<Expr>),
    /// `a xor b`.
    Xor(Box<Expr>, Box<Expr>),
    /// `a and b`.
    And(Box<Expr>, Box<Expr>),
    /// `not a`.
    Not(Box<Expr>),
    /// A bare field or protocol: true when present.
    Exists(Operand),
    /// `lhs op rhs`.
    Compare {
        op: CmpOp,
        lhs: Operand,
        rhs: Operand,
        op_span: Range<usize>,
    },
    /// `lhs in { … }`.
    In { lhs: Operand, items: Vec<SetItem> },
}
