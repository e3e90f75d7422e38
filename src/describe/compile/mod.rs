//! [`ast::File`]s → a [`Plan`]: names resolved, types checked, every repeat bounded.
//! Errors are collected (all of a file's, not just the first) with their spans.

use super::ast::{self, Member};
use super::error::{DescError, Spanned};
use super::plan::{self, FieldId, Plan, ProtoPlan, Step, StructPlan, StructStep, Ty, Var};
use super::types;
use crate::dissect::field::Kind;
use crate::dissect::field::registry::FieldSpec;
use std::collections::HashMap;
use std::ops::Range;

/// One description file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Its path (as errors name it).
    pub file: String,
    /// Its text.
    pub text: String,
}

/// Where a name was first declared (for "already declared at" messages).
#[derive(Debug, Clone)]
struct Origin {
    file: usize,
    span: Range<usize>,
}

/// The field definitions of the whole set, deduplicated by name.
#[derive(Default)]
struct Fields {
    defs: Vec<FieldSpec>,
    by_name: HashMap<String, (FieldId, Origin)>,
}

/// Compiles every file; all errors of all files, or the plan.
pub fn compile(sources: &[Source]) -> Result<Plan, Vec<DescError>> {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        match super::parser::parse(&s.text) {
            Ok(f) => parsed.push((i, f)),
            Err(e) => errors.push(e.locate(&s.file, &s.text)),
        }
    }
    let mut set = SetCx {
        sources,
        fields: Fields::default(),
        protocol_index: HashMap::new(),
        errors: Vec::new(),
        plan: Plan::default(),
        bound: HashMap::new(),
    };
    set.index_protocols(&parsed);
    for (file, f) in &parsed {
        set.compile_file(*file, f);
    }
    errors.extend(set.errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    set.plan.defs = set.fields.defs;
    Ok(set.plan)
}

struct SetCx<'s> {
    sources: &'s [Source],
    fields: Fields,
    protocol_index: HashMap<String, (usize, Origin)>,
    errors: Vec<DescError>,
    plan: Plan,
    bound: HashMap<(crate::dissect::custom::Table, u32), (String, Origin)>,
}

impl SetCx<'_> {
    fn error(&mut self, file: usize, e: Spanned) {
        if let Some(s) = self.sources.get(file) {
            self.errors.push(e.locate(&s.file, &s.text));
        }
    }

    fn place(&self, o: &Origin) -> String {
        let Some(s) = self.sources.get(o.file) else {
            return String::new();
        };
        let e = Spanned::new("", o.span.clone()).locate(&s.file, &s.text);
        format!("{}:{}:{}", e.file, e.line, e.column)
    }

    fn index_protocols(&mut self, parsed: &[(usize, ast::File)]) {
        let mut n = 0;
        for (file, f) in parsed {
            for p in &f.protocols {
                let origin = Origin {
                    file: *file,
                    span: p.name.span.clone(),
                };
                if let Some((_, first)) = self.protocol_index.get(&p.name.text) {
                    let at = self.place(first);
                    let e = Spanned::new(
                        format!("protocol {} is already described at {at}", p.name.text),
                        p.name.span.clone(),
                    );
                    self.error(*file, e);
                    continue;
                }
                if let Some(e) = reserved_protocol(&p.name, p.replaces) {
                    self.error(*file, e);
                    continue;
                }
                self.protocol_index.insert(p.name.text.clone(), (n, origin));
                n += 1;
            }
        }
    }

    fn compile_file(&mut self, file: usize, f: &ast::File) {
        let mut structs = HashMap::new();
        for s in &f.structs {
            if let Some(first) = structs.insert(s.name.text.clone(), s) {
                let at = self.place(&Origin {
                    file,
                    span: first.name.span.clone(),
                });
                self.error(
                    file,
                    Spanned::new(
                        format!("struct {} is already defined at {at}", s.name.text),
                        s.name.span.clone(),
                    ),
                );
            }
            if types::primitive(&s.name.text).is_some() {
                self.error(
                    file,
                    Spanned::new(
                        format!("struct {} has the name of a built-in type", s.name.text),
                        s.name.span.clone(),
                    ),
                );
            }
        }
        let mut enums = HashMap::new();
        for e in &f.enums {
            if enums.insert(e.name.text.clone(), e).is_some() {
                self.error(
                    file,
                    Spanned::new(
                        format!("enum {} is defined twice", e.name.text),
                        e.name.span.clone(),
                    ),
                );
            }
        }
        for p in &f.protocols {
            if self
                .protocol_index
                .get(&p.name.text)
                .is_none_or(|(_, o)| o.file != file || o.span != p.name.span)
            {
                continue;
            }
            let mut cx = ProtoCx::new(self, file, &p.name.text, &structs, &enums);
            cx.replaces = p.replaces;
            let plan = cx.protocol(p);
            let errs = std::mem::take(&mut cx.errors);
            for e in errs {
                self.error(file, e);
            }
            if let Some(plan) = plan {
                // Pushed first: binding reads the protocol's heuristics.
                self.plan.protocols.push(plan);
                self.bind(file, p, self.plan.protocols.len() - 1);
            }
        }
        for ex in &f.examples {
            if let Some(name) = &ex.protocol
                && !self.protocol_index.contains_key(&name.text)
            {
                self.error(
                    file,
                    Spanned::new(format!("unknown protocol {}", name.text), name.span.clone()),
                );
                continue;
            }
            if ex.protocol.is_none() && f.protocols.is_empty() {
                self.error(
                    file,
                    Spanned::new(
                        "this example names no protocol and the file describes none",
                        ex.span.clone(),
                    ),
                );
                continue;
            }
            let mut ex = ex.clone();
            if ex.protocol.is_none() {
                ex.protocol = f.protocols.first().map(|p| p.name.clone());
            }
            let name = self
                .sources
                .get(file)
                .map(|s| s.file.clone())
                .unwrap_or_default();
            self.plan.examples.push((name, ex));
        }
    }
}

fn reserved_protocol(name: &ast::Name, replaces: bool) -> Option<Spanned> {
    let n = &name.text;
    if n.contains('.') || n.is_empty() || !n.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some(
            Spanned::new(format!("\"{n}\" is not a protocol name"), name.span.clone()).hint(
                "a protocol name is letters, digits and _ (it prefixes its fields: NAME.field)",
            ),
        );
    }
    let builtin = crate::dissect::Field::by_name(n).is_some_and(|f| !f.is_described());
    match (builtin, replaces) {
        (true, false) => Some(
            Spanned::new(format!("{n} is a built-in protocol"), name.span.clone()).hint(
                "pick another name, or write `protocol NAME \"Title\" replaces builtin { … }` to decode it with this description",
            ),
        ),
        (false, true) => Some(Spanned::new(
            format!("{n} is not a built-in protocol, so there is nothing to replace"),
            name.span.clone(),
        )),
        _ => None,
    }
}

/// What a variable is, for type checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VarType {
    Number,
    Text,
    /// Bytes compare with strings and with numbers (their big-endian value).
    Bytes,
    Other,
}

struct ProtoCx<'c, 's> {
    set: &'c mut SetCx<'s>,
    file: usize,
    proto: String,
    structs: &'c HashMap<String, &'c ast::StructDef>,
    enums: &'c HashMap<String, &'c ast::EnumDef>,
    vars: Vec<plan::VarInfo>,
    var_types: Vec<Option<VarType>>,
    var_by_name: HashMap<String, Var>,
    mentions: Vec<(Var, Range<usize>)>,
    struct_plans: Vec<StructPlan>,
    struct_index: HashMap<String, usize>,
    in_progress: Vec<String>,
    errors: Vec<Spanned>,
    typed: Vec<(ast::Expr, VarType)>,
    /// The protocol replaces a built-in one: its built-in fields are reused.
    replaces: bool,
}

/// How deep structures may nest inside each other.
pub const MAX_STRUCT_DEPTH: usize = 32;

impl<'c, 's> ProtoCx<'c, 's> {
    fn new(
        set: &'c mut SetCx<'s>,
        file: usize,
        proto: &str,
        structs: &'c HashMap<String, &'c ast::StructDef>,
        enums: &'c HashMap<String, &'c ast::EnumDef>,
    ) -> Self {
        ProtoCx {
            set,
            file,
            proto: proto.to_string(),
            structs,
            enums,
            vars: Vec::new(),
            var_types: Vec::new(),
            var_by_name: HashMap::new(),
            mentions: Vec::new(),
            struct_plans: Vec::new(),
            struct_index: HashMap::new(),
            in_progress: Vec::new(),
            errors: Vec::new(),
            typed: Vec::new(),
            replaces: false,
        }
    }

    fn err(&mut self, e: Spanned) {
        self.errors.push(e);
    }

    fn full_name(&self, name: &str) -> String {
        if name.starts_with(&format!("{}.", self.proto)) {
            name.to_string()
        } else {
            format!("{}.{name}", self.proto)
        }
    }

    fn protocol(&mut self, p: &ast::Protocol) -> Option<ProtoPlan> {
        let title = p.title.clone().unwrap_or_else(|| p.name.text.clone());
        let node = self.register(&p.name.text, &title, Kind::Protocol, 0, &p.name.span)?;
        let mut out = ProtoPlan {
            name: String::new(),
            layer: "",
            title,
            field: node,
            body: Vec::new(),
            structs: Vec::new(),
            next: Vec::new(),
            info: Vec::new(),
            column: Vec::new(),
            heuristics: Vec::new(),
            pdu: None,
            vars: Vec::new(),
            file: self
                .set
                .sources
                .get(self.file)
                .map(|s| s.file.clone())
                .unwrap_or_default(),
        };
        out.body = self.block(&p.body, Some(&mut out));
        self.finish_names();
        out.structs = std::mem::take(&mut self.struct_plans);
        out.vars = std::mem::take(&mut self.vars);
        out.name = p.name.text.clone();
        self.errors.is_empty().then_some(out)
    }

    /// Reports names that were used but never declared, and expressions of the wrong type.
    fn finish_names(&mut self) {
        let mentions = std::mem::take(&mut self.mentions);
        for (v, span) in mentions {
            if self.var_types.get(v).copied().flatten().is_none() {
                let name = self.vars.get(v).map(|i| i.name.clone()).unwrap_or_default();
                self.err(
                    Spanned::new(format!("unknown field \"{name}\""), span).hint(
                        "an expression names a field of this protocol, declared anywhere in it",
                    ),
                );
            }
        }
        let typed = std::mem::take(&mut self.typed);
        for (e, want) in typed {
            self.check_type(&e, want);
        }
    }

    fn register(
        &mut self,
        name: &str,
        display: &str,
        kind: Kind,
        mask: u64,
        span: &Range<usize>,
    ) -> Option<FieldId> {
        let full = if kind == Kind::Protocol {
            name.to_string()
        } else {
            self.full_name(name)
        };
        if let Some(f) = crate::dissect::Field::by_name(&full).filter(|f| !f.is_described()) {
            let def = f.def();
            let same = def.kind == kind && def.mask == mask;
            if !(self.replaces && same) {
                let why = if self.replaces {
                    " of another type or bit mask"
                } else {
                    ""
                };
                self.err(Spanned::new(
                    format!("{} is a built-in field{why}", f.name()),
                    span.clone(),
                ));
                return None;
            }
        }
        let fields = &mut self.set.fields;
        if let Some((id, origin)) = fields.by_name.get(&full) {
            let d = fields.defs.get(*id)?;
            if d.kind == kind && d.mask == mask {
                return Some(*id);
            }
            let origin = origin.clone();
            let at = self.set.place(&origin);
            self.err(
                Spanned::new(
                    format!("field {full} is already declared with another type at {at}"),
                    span.clone(),
                )
                .hint("a name has one type in the whole set; rename one of them"),
            );
            return None;
        }
        let id = fields.defs.len();
        fields.defs.push(FieldSpec {
            name: full.clone(),
            display: display.to_string(),
            kind,
            mask,
        });
        fields.by_name.insert(
            full,
            (
                id,
                Origin {
                    file: self.file,
                    span: span.clone(),
                },
            ),
        );
        Some(id)
    }

    fn var(&mut self, name: &str) -> Var {
        let full = self.full_name(name);
        if let Some(v) = self.var_by_name.get(&full) {
            return *v;
        }
        let v = self.vars.len();
        self.vars.push(plan::VarInfo {
            name: full.clone(),
            names: None,
            field: None,
        });
        self.var_types.push(None);
        self.var_by_name.insert(full, v);
        v
    }

    fn block(&mut self, members: &[Member], mut proto: Option<&mut ProtoPlan>) -> Vec<Step> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(m) = members.get(i) {
            if let Member::Field(f) = m
                && is_bits(f)
            {
                let run = bit_run(members, i);
                self.bit_fields(run, &mut out);
                i += run.len();
                continue;
            }
            i += 1;
            match m {
                Member::Field(f) => {
                    if let Some(s) = self.field(f) {
                        out.push(s);
                    }
                }
                Member::Switch { on, arms } => {
                    let on = self.expr(on, VarType::Number);
                    let arms = arms
                        .iter()
                        .filter_map(|a| {
                            let def = self.instantiate(&a.target)?;
                            Some((
                                a.values.clone(),
                                StructStep {
                                    def,
                                    node: None,
                                    size: None,
                                    cond: None,
                                },
                            ))
                        })
                        .collect();
                    out.push(Step::Switch { on, arms });
                }
                Member::Let { name, value } => {
                    let value = self.expr(value, VarType::Number);
                    let var = self.var(&name.text);
                    match self.var_types.get_mut(var) {
                        Some(slot @ None) => *slot = Some(VarType::Number),
                        _ => self.err(Spanned::new(
                            format!("{} is already a field or a value", name.text),
                            name.span.clone(),
                        )),
                    }
                    out.push(Step::Let { var, value });
                }
                Member::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    let cond = self.expr(cond, VarType::Number);
                    let then = self.block(then, None);
                    let otherwise = self.block(otherwise, None);
                    out.push(Step::If {
                        cond,
                        then,
                        otherwise,
                    });
                }
                other => self.clause(other, proto.as_deref_mut()),
            }
        }
        out
    }
}

fn is_bits(f: &ast::FieldDecl) -> bool {
    matches!(types::primitive(&f.ty.text), Some(Ty::Bits { .. }))
}

fn bit_run(members: &[Member], from: usize) -> &[Member] {
    let len = members
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(|m| matches!(m, Member::Field(f) if is_bits(f)))
        .count();
    members.get(from..from + len).unwrap_or(&[])
}

mod clauses;
mod exprs;
mod fields;
