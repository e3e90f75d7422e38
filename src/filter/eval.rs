//! Evaluation over any source of field values. A source may answer "unknown" (the index for
//! fields it does not hold); the result is then unknown unless the logic decides anyway.

use super::ast::{CmpOp, SliceRange};
use super::check::{Getter, Node, Rhs};
use super::literal::Lit;
use crate::dissect::field::Kind;
use crate::dissect::{Field, Tree, Value};

/// A field value as the filter compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    /// Unsigned.
    U(u64),
    /// Signed.
    I(i64),
    /// Boolean.
    Bool(bool),
    /// IPv4.
    V4(u32),
    /// IPv6.
    V6(u128),
    /// Bytes (MAC, byte string, text, protocol bytes).
    Bytes(Vec<u8>),
    /// Time in ns.
    Time(i64),
}

/// Where values come from.
pub trait Source {
    /// All values of `g`, or `None` when this source cannot tell.
    fn values(&self, g: &Getter) -> Option<Vec<Val>>;

    /// Whether `g` yields any value, or `None` when this source cannot tell.
    fn exists(&self, g: &Getter) -> Option<bool> {
        self.values(g).map(|v| !v.is_empty())
    }
}

/// Evaluates `node`; `None` means the source could not decide.
pub fn eval(node: &Node, src: &dyn Source) -> Option<bool> {
    match node {
        Node::Or(a, b) => match eval(a, src) {
            Some(true) => Some(true),
            Some(false) => eval(b, src),
            None => eval(b, src).filter(|v| *v),
        },
        Node::And(a, b) => match eval(a, src) {
            Some(false) => Some(false),
            Some(true) => eval(b, src),
            None => eval(b, src).filter(|v| !*v),
        },
        Node::Xor(a, b) => Some(eval(a, src)? ^ eval(b, src)?),
        Node::Not(a) => eval(a, src).map(|v| !v),
        Node::Exists(g) => src.exists(g),
        Node::Cmp { op, lhs, rhs } => {
            let left = src.values(lhs)?;
            match rhs {
                Rhs::Lit(l) => Some(combine(*op, &left, |v| compare_lit(*op, v, l))),
                Rhs::Regex(re) => Some(
                    left.iter()
                        .any(|v| matches!(v, Val::Bytes(b) if re.is_match(b))),
                ),
                Rhs::Getter(g) => {
                    let right = src.values(g)?;
                    Some(combine(*op, &left, |v| {
                        right.iter().any(|r| compare_val(*op, v, r))
                    }))
                }
            }
        }
        Node::In { lhs, items } => {
            let left = src.values(lhs)?;
            Some(left.iter().any(|v| {
                items.iter().any(|(lo, hi)| match hi {
                    None => compare_lit(CmpOp::Eq, v, lo),
                    Some(hi) => compare_lit(CmpOp::Ge, v, lo) && compare_lit(CmpOp::Le, v, hi),
                })
            }))
        }
    }
}

/// Applies Wireshark's occurrence semantics: `!=` (every occurrence differs) and `===` (every
/// occurrence equals) need all occurrences, the rest any. For `!=` the per-value test is
/// "equals" (see `compare_lit`), negated here.
fn combine(op: CmpOp, values: &[Val], test: impl Fn(&Val) -> bool) -> bool {
    match op {
        CmpOp::Ne => !values.is_empty() && values.iter().all(|v| !test(v)),
        CmpOp::AllEq => !values.is_empty() && values.iter().all(&test),
        _ => values.iter().any(test),
    }
}

fn ordering(op: CmpOp, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match op {
        CmpOp::Eq | CmpOp::AllEq => o == Equal,
        CmpOp::Ne | CmpOp::AnyNe => o != Equal,
        CmpOp::Lt => o == Less,
        CmpOp::Le => o != Greater,
        CmpOp::Gt => o == Greater,
        CmpOp::Ge => o != Less,
        CmpOp::Contains | CmpOp::Matches => false,
    }
}

fn prefix_mask(bits: u8, width: u8) -> u128 {
    if bits == 0 {
        0
    } else {
        (!0u128 << (width - bits)) & (!0u128 >> (128 - width))
    }
}

fn compare_lit(op: CmpOp, v: &Val, l: &Lit) -> bool {
    if op == CmpOp::Contains {
        return match (v, l) {
            (Val::Bytes(hay), Lit::Bytes(needle)) => {
                needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle.as_slice())
            }
            _ => false,
        };
    }
    let o = match (v, l) {
        (Val::U(a), Lit::UInt(b)) => a.cmp(b),
        (Val::I(a), Lit::Int(b)) => a.cmp(b),
        (Val::Bool(a), Lit::Bool(b)) => a.cmp(b),
        (Val::V4(a), Lit::Ipv4 { addr, prefix }) => {
            let m = prefix_mask(*prefix, 32) as u32;
            (a & m).cmp(&(addr & m))
        }
        (Val::V6(a), Lit::Ipv6 { addr, prefix }) => {
            let m = prefix_mask(*prefix, 128);
            (a & m).cmp(&(addr & m))
        }
        (Val::Bytes(a), Lit::Bytes(b)) => a.as_slice().cmp(b.as_slice()),
        (Val::Time(a), Lit::Time(b)) => a.cmp(b),
        _ => return false,
    };
    // `!=` is evaluated as "not equal" per value, then combined with "all".
    let op = if op == CmpOp::Ne { CmpOp::Eq } else { op };
    ordering(op, o)
}

fn compare_val(op: CmpOp, a: &Val, b: &Val) -> bool {
    let o = match (a, b) {
        (Val::U(x), Val::U(y)) => x.cmp(y),
        (Val::I(x), Val::I(y)) => x.cmp(y),
        (Val::Bool(x), Val::Bool(y)) => x.cmp(y),
        (Val::V4(x), Val::V4(y)) => x.cmp(y),
        (Val::V6(x), Val::V6(y)) => x.cmp(y),
        (Val::Bytes(x), Val::Bytes(y)) => x.cmp(y),
        (Val::Time(x), Val::Time(y)) => x.cmp(y),
        _ => return false,
    };
    let op = if op == CmpOp::Ne { CmpOp::Eq } else { op };
    ordering(op, o)
}

/// Values of one frame that dissects it only when a field other than `frame` is needed
/// (`frame contains …`, `frame[12:2] == …` read the raw bytes).
pub struct LazySource<'a> {
    /// The frame bytes.
    pub frame: &'a [u8],
    /// Dissects the frame on first use.
    pub dissect: &'a dyn Fn() -> Tree,
    tree: std::cell::OnceCell<Tree>,
}

impl<'a> LazySource<'a> {
    /// A source over `frame` that calls `dissect` at most once.
    pub fn new(frame: &'a [u8], dissect: &'a dyn Fn() -> Tree) -> Self {
        LazySource {
            frame,
            dissect,
            tree: std::cell::OnceCell::new(),
        }
    }
}

impl Source for LazySource<'_> {
    fn values(&self, g: &Getter) -> Option<Vec<Val>> {
        match g {
            Getter::Field(Field::Frame) => Some(vec![Val::Bytes(self.frame.to_vec())]),
            Getter::Slice(Field::Frame, ranges) => Some(
                slice(self.frame, ranges)
                    .map(Val::Bytes)
                    .into_iter()
                    .collect(),
            ),
            Getter::Len(Field::Frame) => Some(vec![Val::U(self.frame.len() as u64)]),
            _ => {
                let tree = self.tree.get_or_init(|| (self.dissect)());
                TreeSource {
                    tree,
                    frame: self.frame,
                }
                .values(g)
            }
        }
    }

    fn exists(&self, g: &Getter) -> Option<bool> {
        if matches!(g, Getter::Field(Field::Frame)) {
            return Some(true);
        }
        self.values(g).map(|v| !v.is_empty())
    }
}

/// Values from a full dissection of one frame.
pub struct TreeSource<'a> {
    /// The dissection.
    pub tree: &'a Tree,
    /// The frame bytes.
    pub frame: &'a [u8],
}

impl TreeSource<'_> {
    fn node_bytes(&self, index: usize, n: &crate::dissect::tree::Node) -> Vec<u8> {
        let data: &[u8] = match n.source {
            0 => self.frame,
            s => self
                .tree
                .sources
                .get(usize::from(s) - 1)
                .map_or(&[], |d| &d.bytes),
        };
        let range = self.tree.extent(index).unwrap_or(n.range.clone());
        let end = range.end.min(data.len());
        data.get(range.start.min(end)..end).unwrap_or(&[]).to_vec()
    }

    fn raw(&self, field: Field) -> Vec<Vec<u8>> {
        if field == Field::Frame {
            return vec![self.frame.to_vec()];
        }
        self.tree
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.field == field)
            .map(|(i, n)| match (field.def().kind, &n.value) {
                (Kind::Protocol | Kind::Text | Kind::Flag, _) => self.node_bytes(i, n),
                (_, Value::None) if field == Field::FrameProtocols => {
                    self.tree.frame_protocols().into_bytes()
                }
                (_, Value::Span) => self.tree.node_bytes(i, self.frame).to_vec(),
                (_, v) => v.to_bytes().unwrap_or_default(),
            })
            .collect()
    }
}

impl Source for TreeSource<'_> {
    fn values(&self, g: &Getter) -> Option<Vec<Val>> {
        Some(match g {
            Getter::Field(f) => match f.def().kind {
                Kind::Protocol | Kind::Text | Kind::Flag => {
                    self.raw(*f).into_iter().map(Val::Bytes).collect()
                }
                _ => self
                    .tree
                    .nodes
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.field == *f)
                    .filter_map(|(i, n)| match n.value {
                        Value::Span => {
                            Some(Val::Bytes(self.tree.node_bytes(i, self.frame).to_vec()))
                        }
                        Value::None if *f == Field::FrameProtocols => {
                            Some(Val::Bytes(self.tree.frame_protocols().into_bytes()))
                        }
                        ref v => to_val(v),
                    })
                    .collect(),
            },
            Getter::Len(f) => self
                .raw(*f)
                .into_iter()
                .map(|b| Val::U(b.len() as u64))
                .collect(),
            Getter::Slice(f, ranges) => self
                .raw(*f)
                .into_iter()
                .filter_map(|b| slice(&b, ranges))
                .map(Val::Bytes)
                .collect(),
        })
    }
}

fn to_val(v: &Value) -> Option<Val> {
    Some(match v {
        Value::None | Value::Span => return None,
        Value::Bool(b) => Val::Bool(*b),
        Value::UInt(u) => Val::U(*u),
        Value::Int(i) => Val::I(*i),
        Value::Ipv4(a) => Val::V4(u32::from(*a)),
        Value::Ipv6(a) => Val::V6(u128::from(*a)),
        Value::Ether(m) => Val::Bytes(m.to_vec()),
        Value::Bytes(b) => Val::Bytes(b.to_vec()),
        Value::Str(s) => Val::Bytes(s.as_bytes().to_vec()),
        Value::AbsTime { ns } | Value::RelTime { ns } => Val::Time(*ns),
    })
}

/// Applies slice ranges to bytes; `None` when a range falls outside (no value, like Wireshark).
pub fn slice(b: &[u8], ranges: &[SliceRange]) -> Option<Vec<u8>> {
    let len = i64::try_from(b.len()).ok()?;
    let abs = |i: i64| if i < 0 { len + i } else { i };
    let mut out = Vec::new();
    for r in ranges {
        let (start, end) = match *r {
            SliceRange::StartLen {
                start,
                len: Some(n),
            } => (abs(start), abs(start) + n),
            SliceRange::StartLen { start, len: None } => (abs(start), len),
            SliceRange::StartEnd { start, end } => (abs(start), abs(end) + 1),
        };
        if start < 0 || end > len || start > end {
            return None;
        }
        out.extend_from_slice(b.get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)?);
    }
    Some(out)
}
