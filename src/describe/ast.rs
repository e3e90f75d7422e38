//! The syntax tree of a description file, with the spans errors point at.

use std::ops::Range;

/// A name as written, with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The text.
    pub text: String,
    /// Where it is.
    pub span: Range<usize>,
}

/// A whole description file.
#[derive(Debug, Clone, Default)]
pub struct File {
    /// Protocols, in file order.
    pub protocols: Vec<Protocol>,
    /// Named structures.
    pub structs: Vec<StructDef>,
    /// Named value strings.
    pub enums: Vec<EnumDef>,
    /// Examples (`wirelens proto test`).
    pub examples: Vec<Example>,
}

/// `protocol NAME "Title" { … }`.
#[derive(Debug, Clone)]
pub struct Protocol {
    /// Short name: the filter prefix and the Protocol column.
    pub name: Name,
    /// Long name shown in the tree (defaults to the short name).
    pub title: Option<String>,
    /// `replaces builtin`: decode this built-in protocol with the description instead.
    pub replaces: bool,
    /// Its layout and clauses.
    pub body: Vec<Member>,
}

/// `struct NAME { … }`.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// Its name (a type name for fields).
    pub name: Name,
    /// Tree label (a string after the name), else the name.
    pub title: Option<String>,
    /// Its layout.
    pub body: Vec<Member>,
}

/// `enum NAME { 1: "one", … }` (or `flags NAME { 0: "bit zero", … }`).
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// Its name.
    pub name: Name,
    /// Value → text.
    pub entries: Vec<(u64, String)>,
}

/// `example "title" { bytes "…" expect "filter" }`.
#[derive(Debug, Clone)]
pub struct Example {
    /// What it shows.
    pub title: String,
    /// Where `example` is written.
    pub span: Range<usize>,
    /// The protocol whose bytes these are (default: the file's first protocol); `frame`
    /// examples are whole Ethernet frames instead.
    pub protocol: Option<Name>,
    /// The bytes are an Ethernet frame (dissected from the link layer up).
    pub frame: bool,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// A display filter the dissection must match.
    pub expect: String,
    /// Where the filter text starts (inside its quotes).
    pub expect_span: Range<usize>,
}

/// One line of a protocol or structure.
#[derive(Debug, Clone)]
pub enum Member {
    /// A field.
    Field(Box<FieldDecl>),
    /// `bind udp.port == 2001 || eth.type == 0x88b5`.
    Bind(Vec<Binding>),
    /// `heuristic udp where EXPR`.
    Heuristic {
        /// `udp` or `tcp`.
        table: Name,
        /// What the trial parse's values must satisfy.
        cond: Expr,
    },
    /// `info "text {field}" [if EXPR]` (or `column "…"` for the Protocol column).
    Info {
        /// This sets the Protocol column instead of Info.
        column: bool,
        /// `info append "…"`: added after the chosen text (every matching one, in order).
        append: bool,
        /// The template.
        format: String,
        /// Where the template is.
        span: Range<usize>,
        /// When it applies (first matching `info` wins).
        cond: Option<Expr>,
    },
    /// `pdu EXPR`: the length of a whole message from its header fields (TCP reassembly).
    Pdu(Expr),
    /// `next TARGET [if EXPR]`: the rest of the bytes go to another dissector.
    Next {
        /// Where they go.
        target: Target,
        /// When (first matching `next` wins).
        cond: Option<Expr>,
        /// Where `next` is written.
        span: Range<usize>,
    },
    /// `switch EXPR { 1 => a, 2 | 3 => b, _ => c }`: one structure inline, by a value.
    Switch {
        /// The value.
        on: Expr,
        /// Cases.
        arms: Vec<Arm>,
    },
    /// `let NAME = EXPR`: a named value for later expressions (not a field).
    Let {
        /// Its name.
        name: Name,
        /// Its value.
        value: Expr,
    },
    /// `if EXPR { … } else { … }`.
    If {
        /// The condition.
        cond: Expr,
        /// When true.
        then: Vec<Member>,
        /// When false.
        otherwise: Vec<Member>,
    },
}

/// One case of a `switch`.
#[derive(Debug, Clone)]
pub struct Arm {
    /// The values it takes (`None` = `_`, every other value).
    pub values: Option<Vec<u64>>,
    /// The structure (or protocol / built-in dissector for `next switch`).
    pub target: Name,
}

/// `TABLE == VALUE` in a `bind` line.
#[derive(Debug, Clone)]
pub struct Binding {
    /// `udp.port`, `tcp.port`, `eth.type`, `ip.proto`, `link`.
    pub table: Name,
    /// The value.
    pub value: u64,
    /// Where the clause is.
    pub span: Range<usize>,
}

/// Where `next` sends the rest of the bytes.
#[derive(Debug, Clone)]
pub enum Target {
    /// A built-in dissector or a described protocol, by name (`eth`, `ip`, `data`, `l33t`).
    Named(Name),
    /// A dissector table by a value: `ethertype(proto)`, `ip.proto(next_header)`.
    Table(Name, Expr),
    /// `switch EXPR { 1 => eth, _ => data }`.
    Switch(Expr, Vec<Arm>),
}

/// `TYPE NAME[SIZE] = EXPR if EXPR ATTRIBUTES`.
#[derive(Debug, Clone)]
pub struct FieldDecl {
    /// The type (`u8`, `u16le`, `b3`, `ipv4`, `bytes`, a structure name…).
    pub ty: Name,
    /// The field name relative to the protocol (`tlv.type`), or `_` for an unnamed one.
    pub name: Name,
    /// A length or count.
    pub size: Option<Size>,
    /// A constant or derived value: checked on decode, written on encode.
    pub value: Option<Expr>,
    /// Present only when this holds.
    pub cond: Option<Expr>,
    /// Shown in hex.
    pub hex: bool,
    /// Shown in decimal (the default).
    pub dec: bool,
    /// Tree name (a string attribute).
    pub display: Option<String>,
    /// Value strings.
    pub names: Option<EnumRef>,
    /// Filterable but not shown.
    pub hidden: bool,
    /// `mask 0x…`: a sub-field of its parent's bits (inside a `{ … }` after a number field).
    pub mask: Option<(u64, Range<usize>)>,
    /// Sub-fields over this number's bits, shown as its children: `u16 flags { bool a … }`.
    pub children: Vec<FieldDecl>,
}

/// How long a field or array is.
#[derive(Debug, Clone)]
pub enum Size {
    /// `[EXPR]`: bytes for bytes/strings, elements for arrays.
    Count(Expr),
    /// `[*]`: to the end of the data.
    Rest(Range<usize>),
    /// `[until EXPR]`: elements until the condition holds after one.
    Until(Expr),
}

/// Value strings of a field.
#[derive(Debug, Clone)]
pub enum EnumRef {
    /// `enum NAME`.
    Named(Name),
    /// `enum { 1: "a", … }`.
    Inline(Vec<(u64, String)>),
}

/// An expression in display-filter syntax.
#[derive(Debug, Clone)]
pub enum Expr {
    /// An integer.
    Int(u64, Range<usize>),
    /// A string.
    Str(String, Range<usize>),
    /// A field's value (the latest one decoded).
    Name(Name),
    /// `len(NAME)`: a field's length in bytes.
    Len(Name),
    /// `-x`, `!x`, `~x`.
    Unary(&'static str, Box<Expr>, Range<usize>),
    /// `a OP b`.
    Binary(&'static str, Box<Expr>, Box<Expr>, Range<usize>),
}

impl Expr {
    /// Where the expression is.
    pub fn span(&self) -> Range<usize> {
        match self {
            Expr::Int(_, s) | Expr::Str(_, s) | Expr::Unary(_, _, s) | Expr::Binary(_, _, _, s) => {
                s.clone()
            }
            Expr::Name(n) | Expr::Len(n) => n.span.clone(),
        }
    }
}
