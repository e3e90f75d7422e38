//! A compiled description: what the decoder and encoder walk. Names are resolved to
//! registered [`Field`]s and variable slots; every repeat is bounded.

use crate::dissect::Field;
use crate::dissect::custom::Table;
use std::sync::Arc;

/// A field of the loaded set: an index into [`Plan::fields`].
pub type FieldId = usize;

/// A variable slot: the latest decoded value of one field name within a protocol.
pub type Var = usize;

/// Value strings of a field.
pub type Names = Arc<[(u64, String)]>;

/// An expression with names resolved.
#[derive(Debug, Clone)]
pub enum Expr {
    /// An integer.
    Int(i64),
    /// A string (compared with string and byte fields).
    Str(Arc<str>),
    /// A field's latest value.
    Var(Var),
    /// A field's length in bytes.
    Len(Var),
    /// The offset of the decoder in the protocol's bytes.
    Offset,
    /// Bytes left after the decoder's position.
    Remaining,
    /// `-x`, `!x`, `~x`.
    Unary(&'static str, Box<Expr>),
    /// `a OP b`.
    Binary(&'static str, Box<Expr>, Box<Expr>),
}

/// How a field's bytes become a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Unsigned integer of 1–8 bytes.
    UInt {
        /// Bytes.
        bytes: u8,
        /// Little endian.
        le: bool,
    },
    /// Signed integer of 1–8 bytes.
    Int {
        /// Bytes.
        bytes: u8,
        /// Little endian.
        le: bool,
    },
    /// Bits of a run of bit fields (MSB first).
    Bits {
        /// Width in bits.
        width: u8,
        /// Bit offset of the field from the run's first bit.
        offset: u8,
        /// The run's length in bytes (the node's range).
        run: u8,
        /// Shown as a flag (`bool`).
        flag: bool,
    },
    /// IPv4 address.
    Ipv4,
    /// IPv6 address.
    Ipv6,
    /// MAC address.
    Ether,
    /// Bytes (`[n]` or `[*]`).
    Bytes,
    /// Text of `[n]` or `[*]` bytes (UTF-8, invalid sequences replaced).
    Str,
    /// NUL-terminated text.
    Strz,
    /// Skipped bytes (no field).
    Pad,
    /// Some bits of the parent number field (a child of `u16 flags { … }`).
    Masked {
        /// Which bits.
        mask: u64,
        /// The parent's size in bytes.
        bytes: u8,
        /// Shown as a flag.
        flag: bool,
    },
}

impl Ty {
    /// Fixed size in bytes (0 for variable sizes and bit fields).
    pub fn fixed_len(self) -> usize {
        match self {
            Ty::UInt { bytes, .. } | Ty::Int { bytes, .. } => usize::from(bytes),
            Ty::Ipv4 => 4,
            Ty::Ipv6 => 16,
            Ty::Ether => 6,
            _ => 0,
        }
    }

    /// Holds a number (usable in arithmetic).
    pub fn is_number(self) -> bool {
        matches!(
            self,
            Ty::UInt { .. } | Ty::Int { .. } | Ty::Bits { .. } | Ty::Masked { .. }
        )
    }
}

/// How many bytes or elements.
#[derive(Debug, Clone)]
pub enum Size {
    /// Exactly this many (bytes for bytes/strings, elements for arrays).
    Count(Expr),
    /// To the end of the data.
    Rest,
    /// Elements until this holds after one.
    Until(Expr),
}

/// One field.
#[derive(Debug, Clone)]
pub struct FieldStep {
    /// Its field (`None` for padding and `_`).
    pub field: Option<FieldId>,
    /// Its variable slot.
    pub var: Option<Var>,
    /// Its type.
    pub ty: Ty,
    /// Length (bytes/strings) or count (an array of numbers).
    pub size: Option<Size>,
    /// Constant or derived value.
    pub value: Option<Expr>,
    /// Present only when this holds.
    pub cond: Option<Expr>,
    /// Value strings.
    pub names: Option<Names>,
    /// Not shown in the tree.
    pub hidden: bool,
    /// Size is an element count (an array of numbers), not a byte length.
    pub array: bool,
    /// Sub-fields over this number's bits.
    pub children: Vec<FieldStep>,
}

/// A structure placed in the layout (once or as an array).
#[derive(Debug, Clone)]
pub struct StructStep {
    /// Index into [`ProtoPlan::structs`].
    pub def: usize,
    /// The subtree node's field (`None` inside a `switch`: the fields sit in place).
    pub node: Option<FieldId>,
    /// Array size (`None` = exactly once).
    pub size: Option<Size>,
    /// Present only when this holds.
    pub cond: Option<Expr>,
}

/// One step of a layout.
#[derive(Debug, Clone)]
pub enum Step {
    /// A field.
    Field(FieldStep),
    /// A structure.
    Struct(StructStep),
    /// One structure by a value.
    Switch {
        /// The value.
        on: Expr,
        /// Cases: values (`None` = default) → structure step.
        arms: Vec<(Option<Vec<u64>>, StructStep)>,
    },
    /// A named value.
    Let {
        /// Its slot.
        var: Var,
        /// Its value.
        value: Expr,
    },
    /// A conditional block.
    If {
        /// The condition.
        cond: Expr,
        /// When true.
        then: Vec<Step>,
        /// When false.
        otherwise: Vec<Step>,
    },
}

/// Where the rest of the bytes go.
#[derive(Debug, Clone)]
pub enum Next {
    /// The Data dissector.
    Data,
    /// Ethernet II.
    Eth,
    /// IPv4 or IPv6 by the version nibble.
    Ip,
    /// IPv4.
    Ipv4,
    /// IPv6.
    Ipv6,
    /// A described protocol (index into [`Plan::protocols`]).
    Protocol(usize),
    /// By EtherType.
    EtherType(Expr),
    /// By IP protocol number.
    IpProto(Expr),
    /// By a value.
    Switch(Expr, Vec<(Option<Vec<u64>>, Next)>),
}

/// Cases of a `switch`: the values each takes (`None` = every other value) and what it chooses.
pub type Arms<T> = [(Option<Vec<u64>>, T)];

/// The case of `arms` that `value` selects: the first that lists it, else the default (an
/// unknown value selects only the default).
pub fn pick_arm<T>(arms: &Arms<T>, value: Option<i64>) -> Option<&T> {
    arms.iter()
        .find(|(vals, _)| match (vals, value) {
            (Some(vals), Some(v)) => vals.iter().any(|x| i64::try_from(*x) == Ok(v)),
            (None, _) => true,
            _ => false,
        })
        .map(|(_, t)| t)
}

/// A structure compiled for one protocol.
#[derive(Debug, Clone)]
pub struct StructPlan {
    /// Its name.
    pub name: String,
    /// Tree label.
    pub title: String,
    /// Its layout.
    pub body: Vec<Step>,
}

/// A column template: literal text and `{field}` references.
#[derive(Debug, Clone)]
pub struct Template {
    /// Pieces in order.
    pub parts: Vec<Part>,
    /// Applies only when this holds.
    pub cond: Option<Expr>,
    /// Added after the chosen text instead of competing for it.
    pub append: bool,
}

/// A piece of a [`Template`].
#[derive(Debug, Clone)]
pub enum Part {
    /// Text as written.
    Text(String),
    /// A field's value (its value string when it has one).
    Var(Var),
    /// `{field:text}`: bytes shown as text (UTF-8, invalid sequences replaced).
    VarText(Var),
}

/// One protocol.
#[derive(Debug, Clone)]
pub struct ProtoPlan {
    /// Short name (filter prefix).
    pub name: String,
    /// The name as the dissection tree keeps it (the installed protocol field's name; empty
    /// until the set is installed).
    pub layer: &'static str,
    /// Tree title.
    pub title: String,
    /// The protocol node's field.
    pub field: FieldId,
    /// Layout.
    pub body: Vec<Step>,
    /// Structures it uses.
    pub structs: Vec<StructPlan>,
    /// `next` clauses, first matching wins (default: data when bytes remain).
    pub next: Vec<(Option<Expr>, Next)>,
    /// Info templates, first matching wins.
    pub info: Vec<Template>,
    /// Protocol column templates, first matching wins (default: the name in capitals).
    pub column: Vec<Template>,
    /// Heuristic conditions per table (`udp`, `tcp`).
    pub heuristics: Vec<(String, Expr)>,
    /// TCP message length.
    pub pdu: Option<Expr>,
    /// Variable slots: the name of each.
    pub vars: Vec<VarInfo>,
    /// File it was loaded from.
    pub file: String,
}

/// What the decoder and templates need to know about a variable.
#[derive(Debug, Clone)]
pub struct VarInfo {
    /// Full field name.
    pub name: String,
    /// Value strings, for templates.
    pub names: Option<Names>,
    /// The field, for formatting in templates.
    pub field: Option<FieldId>,
}

/// Where described protocols are bound.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    /// Table, value → protocol, as the files bind them.
    pub tables: Vec<(Table, u32, usize)>,
    /// Heuristic protocols over UDP.
    pub heuristic_udp: Vec<usize>,
    /// Heuristic protocols over TCP.
    pub heuristic_tcp: Vec<usize>,
}

/// Everything loaded: protocols, their bindings and examples.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Protocols.
    pub protocols: Vec<ProtoPlan>,
    /// Bindings.
    pub bindings: Bindings,
    /// Examples, with the file each came from.
    pub examples: Vec<(String, super::ast::Example)>,
    /// The registered field of each [`FieldId`] (empty until the set is installed).
    pub fields: Vec<Field>,
    /// The definitions the fields are registered from, by [`FieldId`].
    pub defs: Vec<crate::dissect::field::registry::FieldSpec>,
}

impl ProtoPlan {
    /// Every named field a builder can set, in layout order, and whether it is computed
    /// when not given (a constant or derived value).
    pub fn settable(&self) -> Vec<(FieldId, bool)> {
        let mut out = Vec::new();
        let mut seen = Vec::new();
        collect(&self.body, self, &mut out, &mut seen);
        out
    }
}

fn collect(steps: &[Step], p: &ProtoPlan, out: &mut Vec<(FieldId, bool)>, seen: &mut Vec<usize>) {
    let push = |f: &FieldStep, out: &mut Vec<(FieldId, bool)>| {
        if let Some(id) = f.field
            && !out.iter().any(|(x, _)| *x == id)
        {
            out.push((id, f.value.is_some()));
        }
    };
    for s in steps {
        match s {
            Step::Field(f) => {
                push(f, out);
                for c in &f.children {
                    push(c, out);
                }
            }
            Step::Struct(st) => collect_struct(st, p, out, seen),
            Step::Switch { arms, .. } => {
                for (_, st) in arms {
                    collect_struct(st, p, out, seen);
                }
            }
            Step::If {
                then, otherwise, ..
            } => {
                collect(then, p, out, seen);
                collect(otherwise, p, out, seen);
            }
            Step::Let { .. } => {}
        }
    }
}

fn collect_struct(
    st: &StructStep,
    p: &ProtoPlan,
    out: &mut Vec<(FieldId, bool)>,
    seen: &mut Vec<usize>,
) {
    if seen.contains(&st.def) {
        return;
    }
    seen.push(st.def);
    if let Some(d) = p.structs.get(st.def) {
        collect(&d.body, p, out, seen);
    }
}

impl Plan {
    /// A protocol by name.
    pub fn protocol(&self, name: &str) -> Option<usize> {
        self.protocols.iter().position(|p| p.name == name)
    }

    /// Protocol `i`'s bindings as a description writes them (`udp.port == 2001`, …).
    pub fn binding_texts(&self, i: usize) -> Vec<String> {
        let mut out: Vec<String> = Table::ALL
            .iter()
            .flat_map(|t| {
                self.bindings
                    .tables
                    .iter()
                    .filter(move |(bt, _, p)| bt == t && *p == i)
                    .map(|(t, v, _)| t.binding_text(*v))
            })
            .collect();
        if let Some(p) = self.protocols.get(i) {
            out.extend(p.heuristics.iter().map(|(t, _)| format!("heuristic {t}")));
        }
        out
    }

    /// The first value protocol `i` is bound to in `table` (what a builder writes below it).
    pub fn bound_value(&self, table: Table, i: usize) -> Option<u32> {
        self.bindings
            .tables
            .iter()
            .find(|(t, _, p)| *t == table && *p == i)
            .map(|(_, v, _)| *v)
    }

    /// The registered field of `id`.
    pub fn field(&self, id: FieldId) -> Option<Field> {
        self.fields.get(id).copied()
    }
}
