//! Resolves names to fields, types literals against the field they are compared with, and
//! rejects type errors at compile time (`ip.src == "x"` is an error, not "false").

use super::ast::{CmpOp, Expr, Operand, SetItem, SliceRange};
use super::error::FilterError;
use super::literal::{Lit, VType, parse_literal};
use crate::dissect::Field;
use crate::dissect::field::Kind;

/// What produces values for a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Getter {
    /// All occurrences of a field (a protocol yields its bytes).
    Field(Field),
    /// Byte slices of a field's or protocol's occurrences.
    Slice(Field, Vec<SliceRange>),
    /// Lengths in bytes of a field's occurrences.
    Len(Field),
}

impl Getter {
    /// The field read.
    pub fn field(&self) -> Field {
        match self {
            Getter::Field(f) | Getter::Slice(f, _) | Getter::Len(f) => *f,
        }
    }

    /// The type of the values produced.
    pub fn vtype(&self) -> VType {
        match self {
            Getter::Field(f) => VType::of(f.def().kind),
            Getter::Slice(..) => VType::Bytes,
            Getter::Len(_) => VType::UInt,
        }
    }
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone)]
pub enum Rhs {
    /// A typed literal.
    Lit(Lit),
    /// Another field.
    Getter(Getter),
    /// A compiled, case-insensitive regular expression.
    Regex(regex::bytes::Regex),
}

/// A type-checked filter node.
#[derive(Debug, Clone)]
pub enum Node {
    /// Either.
    Or(Box<Node>, Box<Node>),
    /// Exactly one.
    Xor(Box<Node>, Box<Node>),
    /// Both.
    And(Box<Node>, Box<Node>),
    /// Negation.
    Not(Box<Node>),
    /// Presence of a field / non-empty slice.
    Exists(Getter),
    /// A comparison.
    Cmp { op: CmpOp, lhs: Getter, rhs: Rhs },
    /// Set membership; each item is a value or an inclusive range.
    In {
        lhs: Getter,
        items: Vec<(Lit, Option<Lit>)>,
    },
}

/// Type-checks an expression.
pub fn check(e: &Expr) -> Result<Node, FilterError> {
    Ok(match e {
        Expr::Or(a, b) => Node::Or(Box::new(check(a)?), Box::new(check(b)?)),
        Expr::Xor(a, b) => Node::Xor(Box::new(check(a)?), Box::new(check(b)?)),
        Expr::And(a, b) => Node::And(Box::new(check(a)?), Box::new(check(b)?)),
        Expr::Not(a) => Node::Not(Box::new(check(a)?)),
        Expr::Exists(op) => Node::Exists(getter(op)?),
        Expr::Compare {
            op,
            lhs,
            rhs,
            op_span,
        } => compare(*op, lhs, rhs, op_span.clone())?,
        Expr::In { lhs, items } => {
            let g = getter(lhs)?;
            let t = g.vtype();
            let mut out = Vec::new();
            for item in items {
                out.push(match item {
                    SetItem::One(v) => (literal(t, v)?, None),
                    SetItem::Range(a, b) => (literal(t, a)?, Some(literal(t, b)?)),
                });
            }
            Node::In { lhs: g, items: out }
        }
    })
}

fn compare(
    op: CmpOp,
    lhs: &Operand,
    rhs: &Operand,
    op_span: std::ops::Range<usize>,
) -> Result<Node, FilterError> {
    let g = getter(lhs)?;
    let t = g.vtype();
    match op {
        CmpOp::Contains if !matches!(t, VType::Bytes | VType::Str | VType::Protocol) => {
            return Err(FilterError::new(
                format!(
                    "{} is not a string or byte field; \"contains\" cannot be used with it.",
                    g.field().name()
                ),
                lhs.span(),
            ));
        }
        CmpOp::Matches => {
            if !matches!(t, VType::Bytes | VType::Str | VType::Protocol) {
                return Err(FilterError::new(
                    format!(
                        "{} is not a string field; \"matches\" cannot be used with it.",
                        g.field().name()
                    ),
                    lhs.span(),
                ));
            }
            let pattern = match rhs {
                Operand::Str { bytes, .. } => String::from_utf8_lossy(bytes).into_owned(),
                Operand::Word { text, .. } => text.clone(),
                Operand::Len { span, .. } => {
                    return Err(FilterError::new(
                        "\"matches\" needs a quoted regular expression.",
                        span.clone(),
                    ));
                }
            };
            let re = regex::bytes::RegexBuilder::new(&pattern)
                .case_insensitive(true)
                .unicode(false)
                .build()
                .map_err(|e| {
                    FilterError::new(format!("Invalid regular expression: {e}"), rhs.span())
                })?;
            return Ok(Node::Cmp {
                op,
                lhs: g,
                rhs: Rhs::Regex(re),
            });
        }
        CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge if t == VType::Bool => {
            return Err(FilterError::new(
                format!(
                    "{} is a boolean and cannot be ordered with \"{}\".",
                    g.field().name(),
                    op.symbol()
                ),
                op_span,
            ));
        }
        _ => {}
    }
    // An unquoted word naming a field of a compatible type is a field-to-field comparison.
    if let Operand::Word { text, slice, .. } = rhs
        && let Some(f) = Field::by_name(text)
        && op != CmpOp::Contains
    {
        let other = if slice.is_empty() {
            Getter::Field(f)
        } else {
            Getter::Slice(f, slice.clone())
        };
        if other.vtype() == t {
            return Ok(Node::Cmp {
                op,
                lhs: g,
                rhs: Rhs::Getter(other),
            });
        }
    }
    let lit_type = if op == CmpOp::Contains {
        VType::Bytes
    } else {
        t
    };
    let lit = match named_value(&g, rhs) {
        Some(v) if t == VType::UInt => Lit::UInt(v),
        _ => literal(lit_type, rhs)?,
    };
    Ok(Node::Cmp {
        op,
        lhs: g,
        rhs: Rhs::Lit(lit),
    })
}

/// The number a value name stands for (`"Bad"` for a checksum status), as Wireshark's
/// value strings allow.
fn named_value(g: &Getter, rhs: &Operand) -> Option<u64> {
    let name = match rhs {
        Operand::Str { bytes, .. } => String::from_utf8_lossy(bytes).into_owned(),
        Operand::Word { text, slice, .. } if slice.is_empty() => text.clone(),
        _ => return None,
    };
    crate::dissect::names::value_strings(g.field())
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(&name))
        .map(|(v, _)| *v)
}

fn literal(t: VType, op: &Operand) -> Result<Lit, FilterError> {
    parse_literal(t, op)
}

/// Resolves an operand that must be a field, slice or `len()`.
fn getter(op: &Operand) -> Result<Getter, FilterError> {
    match op {
        Operand::Word { text, slice, span } => {
            let f = Field::by_name(text).ok_or_else(|| unknown_field(text, span.clone()))?;
            if slice.is_empty() {
                Ok(Getter::Field(f))
            } else if sliceable(f) {
                Ok(Getter::Slice(f, slice.clone()))
            } else {
                Err(FilterError::new(
                    format!("{text} cannot be sliced: it is not a byte, string or protocol field."),
                    span.clone(),
                ))
            }
        }
        Operand::Len { arg, span } => match getter(arg)? {
            Getter::Field(f) if sliceable(f) => Ok(Getter::Len(f)),
            _ => Err(FilterError::new(
                "len() takes a byte, string or protocol field.",
                span.clone(),
            )),
        },
        Operand::Str { bytes, span } => Err(FilterError::new(
            format!(
                "\"{}\" is a value; the left side of a test must be a field.",
                String::from_utf8_lossy(bytes)
            ),
            span.clone(),
        )),
    }
}

fn sliceable(f: Field) -> bool {
    matches!(
        f.def().kind,
        Kind::Protocol | Kind::Bytes | Kind::Str | Kind::Ether | Kind::Ipv4 | Kind::Ipv6
    )
}

fn unknown_field(text: &str, span: std::ops::Range<usize>) -> FilterError {
    let looks_like_value = text.chars().next().is_some_and(|c| c.is_ascii_digit());
    let mut message = if looks_like_value {
        format!("\"{text}\" is a value; the left side of a test must be a field.")
    } else {
        format!("\"{text}\" is neither a field nor a protocol name.")
    };
    if crate::dissect::field::registry::retired(text) {
        message = format!(
            "\"{text}\" is no longer a field: the protocol descriptions were reloaded without it."
        );
    } else if !looks_like_value && let Some(s) = suggest(text) {
        message =
            format!("\"{text}\" is neither a field nor a protocol name; did you mean \"{s}\"?");
    }
    FilterError::new(message, span)
}

/// The closest registered field name (edit distance ≤ 2, or a unique prefix completion).
pub fn suggest(text: &str) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    for f in Field::every() {
        let d = edit_distance(text, f.name());
        if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, f.name()));
        }
    }
    best.map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
