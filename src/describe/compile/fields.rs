//! Fields, bit-field runs and structures of a layout.

use super::{MAX_STRUCT_DEPTH, ProtoCx, VarType};
use crate::describe::ast::{self, EnumRef};
use crate::describe::error::Spanned;
use crate::describe::plan::{self, FieldStep, Names, Step, StructPlan, StructStep, Ty};
use crate::describe::types;
use crate::dissect::field::Kind;
use std::sync::Arc;

impl ProtoCx<'_, '_> {
    pub(super) fn field(&mut self, f: &ast::FieldDecl) -> Option<Step> {
        let Some(ty) = types::primitive(&f.ty.text) else {
            return self.struct_field(f);
        };
        self.check_size(f, ty);
        if ty == Ty::Pad {
            let size = self.size(f.size.as_ref(), false);
            let cond = f.cond.as_ref().map(|c| self.expr(c, VarType::Number));
            return Some(Step::Field(FieldStep {
                field: None,
                var: None,
                ty,
                size,
                value: None,
                cond,
                names: None,
                hidden: true,
                array: false,
                children: Vec::new(),
            }));
        }
        Some(Step::Field(self.leaf(f, ty)))
    }

    /// A field of a primitive type (bit fields come with their run filled in).
    fn leaf(&mut self, f: &ast::FieldDecl, ty: Ty) -> FieldStep {
        let names = self.names(f);
        let unnamed = f.name.text == "_";
        let (field, var) = if unnamed {
            (None, None)
        } else {
            let display = f
                .display
                .clone()
                .unwrap_or_else(|| types::display_name(&f.name.text));
            let kind = types::kind(ty, f.hex);
            let field = self.register(&f.name.text, &display, kind, types::mask(ty), &f.name.span);
            let var = self.var(&f.name.text);
            self.declare(var, ty, field, names.clone(), &f.name);
            (field, Some(var))
        };
        let array = ty.is_number() || matches!(ty, Ty::Ipv4 | Ty::Ipv6 | Ty::Ether);
        let size = self.size(f.size.as_ref(), array);
        let value = f.value.as_ref().map(|e| {
            let want = if ty.is_number() {
                VarType::Number
            } else {
                VarType::Text
            };
            self.expr(e, want)
        });
        if f.value.is_some() && f.size.is_some() && array {
            self.err(Spanned::new(
                "an array cannot have a value",
                f.name.span.clone(),
            ));
        }
        let cond = f.cond.as_ref().map(|c| self.expr(c, VarType::Number));
        let children = self.children(f, ty);
        if let Some((_, span)) = &f.mask
            && !matches!(ty, Ty::Masked { .. })
        {
            self.err(Spanned::new(
                "mask belongs to a sub-field inside a number field's { … }",
                span.clone(),
            ));
        }
        FieldStep {
            field,
            var,
            ty,
            size,
            value,
            cond,
            names,
            hidden: f.hidden,
            array: array && f.size.is_some(),
            children,
        }
    }

    /// The sub-fields of a number field: `bN`/`bool` in order from the top bit, or any
    /// width with an explicit `mask`.
    fn children(&mut self, f: &ast::FieldDecl, ty: Ty) -> Vec<FieldStep> {
        if f.children.is_empty() {
            return Vec::new();
        }
        let Ty::UInt { bytes, .. } = ty else {
            self.err(Spanned::new(
                "only an unsigned number field can have sub-fields",
                f.ty.span.clone(),
            ));
            return Vec::new();
        };
        let total = u32::from(bytes) * 8;
        let mut cursor = 0u32;
        let mut out = Vec::new();
        for c in &f.children {
            let flag = c.ty.text == "bool";
            let mask = match (&c.mask, types::primitive(&c.ty.text)) {
                (Some((m, _)), Some(Ty::Bits { .. } | Ty::UInt { .. })) => *m,
                (None, Some(Ty::Bits { width, .. })) => {
                    let w = u32::from(width);
                    cursor += w;
                    if cursor > total {
                        self.err(Spanned::new(
                            format!(
                                "the sub-fields need more than the {total} bits of {}",
                                f.name.text
                            ),
                            c.ty.span.clone(),
                        ));
                        return out;
                    }
                    let ones = if w >= 64 { u64::MAX } else { (1u64 << w) - 1 };
                    ones << (total - cursor)
                }
                _ => {
                    self.err(Spanned::new(
                        format!(
                            "a sub-field is bN or bool, or has a mask; not {}",
                            c.ty.text
                        ),
                        c.ty.span.clone(),
                    ));
                    continue;
                }
            };
            if total < 64 && mask >> total != 0 {
                self.err(Spanned::new(
                    format!(
                        "mask 0x{mask:x} is wider than {} ({total} bits)",
                        f.name.text
                    ),
                    c.name.span.clone(),
                ));
                continue;
            }
            let child = Ty::Masked { mask, bytes, flag };
            out.push(self.leaf(c, child));
        }
        if cursor != 0 && cursor != total {
            let e = Spanned::new(
                format!(
                    "the sub-fields cover {cursor} of the {total} bits of {}",
                    f.name.text
                ),
                f.name.span.clone(),
            )
            .hint("add a `bN _` for the bits left, or give sub-fields explicit masks");
            self.err(e);
        }
        out
    }

    fn declare(
        &mut self,
        var: plan::Var,
        ty: Ty,
        field: Option<usize>,
        names: Option<Names>,
        at: &ast::Name,
    ) {
        let t = match ty {
            _ if ty.is_number() => VarType::Number,
            Ty::Str | Ty::Strz => VarType::Text,
            Ty::Bytes => VarType::Bytes,
            _ => VarType::Other,
        };
        match self.var_types.get_mut(var) {
            Some(slot @ None) => *slot = Some(t),
            Some(Some(old)) if *old != t => {
                let e = Spanned::new(
                    format!("{} is declared again with another type", at.text),
                    at.span.clone(),
                );
                self.err(e);
            }
            _ => {}
        }
        if let Some(info) = self.vars.get_mut(var) {
            info.field = info.field.or(field);
            info.names = info.names.clone().or(names);
        }
    }

    fn names(&mut self, f: &ast::FieldDecl) -> Option<Names> {
        match f.names.as_ref()? {
            EnumRef::Inline(entries) => Some(Arc::from(entries.clone())),
            EnumRef::Named(n) => match self.enums.get(&n.text) {
                Some(e) => Some(Arc::from(e.entries.clone())),
                None => {
                    self.err(
                        Spanned::new(format!("unknown enum {}", n.text), n.span.clone())
                            .hint("define it in this file: enum NAME { 1: \"one\", 2: \"two\" }"),
                    );
                    None
                }
            },
        }
    }

    fn check_size(&mut self, f: &ast::FieldDecl, ty: Ty) {
        let needs = matches!(ty, Ty::Bytes | Ty::Str | Ty::Pad);
        match (&f.size, needs) {
            (None, true) => self.err(
                Spanned::new(format!("{} needs a length", f.ty.text), f.name.span.clone()).hint(
                    format!(
                        "write {} {}[LENGTH] or {} {}[*] for the rest of the data",
                        f.ty.text, f.name.text, f.ty.text, f.name.text
                    ),
                ),
            ),
            (Some(ast::Size::Until(e)), true) => self.err(Spanned::new(
                "`until` repeats array elements; a byte string needs a length",
                e.span(),
            )),
            (Some(_), false) if ty == Ty::Strz => self.err(
                Spanned::new(
                    "strz ends at its NUL byte and takes no length",
                    f.name.span.clone(),
                )
                .hint("use str NAME[LENGTH] for a fixed length"),
            ),
            _ => {}
        }
        if ty == Ty::Pad && f.value.is_some() {
            self.err(Spanned::new("padding has no value", f.name.span.clone()));
        }
    }

    pub(super) fn size(&mut self, s: Option<&ast::Size>, elements: bool) -> Option<plan::Size> {
        Some(match s? {
            ast::Size::Count(e) => plan::Size::Count(self.expr(e, VarType::Number)),
            ast::Size::Rest(_) => plan::Size::Rest,
            ast::Size::Until(e) if elements => plan::Size::Until(self.expr(e, VarType::Number)),
            ast::Size::Until(_) => plan::Size::Rest,
        })
    }

    /// A run of consecutive bit fields: whole bytes in total, at most 64 bits.
    pub(super) fn bit_fields(&mut self, run: &[ast::Member], out: &mut Vec<Step>) {
        let decls: Vec<&ast::FieldDecl> = run
            .iter()
            .filter_map(|m| match m {
                ast::Member::Field(f) => Some(f.as_ref()),
                _ => None,
            })
            .collect();
        let widths: Vec<u8> = decls
            .iter()
            .map(|f| match types::primitive(&f.ty.text) {
                Some(Ty::Bits { width, .. }) => width,
                _ => 0,
            })
            .collect();
        let total: u32 = widths.iter().map(|w| u32::from(*w)).sum();
        let Some(first) = decls.first() else { return };
        if !total.is_multiple_of(8) || total > 64 {
            let e = Spanned::new(format!("these bit fields add up to {total} bits"), first.ty.span.clone())
                .hint("consecutive bit fields must fill whole bytes (at most 8): add a `bN _` to fill them");
            self.err(e);
            return;
        }
        let run_bytes = (total / 8) as u8;
        let mut offset = 0u8;
        for (f, width) in decls.iter().zip(widths) {
            if let Some(c) = &f.cond {
                self.err(
                    Spanned::new("a bit field cannot be conditional", c.span())
                        .hint("put whole bytes of bit fields inside an if block"),
                );
            }
            if let Some(s) = &f.size {
                let span = match s {
                    ast::Size::Count(e) | ast::Size::Until(e) => e.span(),
                    ast::Size::Rest(r) => r.clone(),
                };
                self.err(Spanned::new("a bit field cannot be an array", span));
            }
            let flag = f.ty.text == "bool";
            let ty = Ty::Bits {
                width,
                offset,
                run: run_bytes,
                flag,
            };
            offset += width;
            let mut step = self.leaf(f, ty);
            step.cond = None;
            step.size = None;
            out.push(Step::Field(step));
        }
    }

    fn struct_field(&mut self, f: &ast::FieldDecl) -> Option<Step> {
        if !self.structs.contains_key(&f.ty.text) {
            self.err(
                Spanned::new(format!("unknown type \"{}\"", f.ty.text), f.ty.span.clone())
                    .hint(types::TYPE_HINT),
            );
            return None;
        }
        if f.value.is_some() || f.hex || f.names.is_some() {
            self.err(Spanned::new(
                "a structure takes no value, base or enum",
                f.name.span.clone(),
            ));
        }
        let def = self.instantiate(&f.ty)?;
        let title = f
            .display
            .clone()
            .or_else(|| self.struct_plans.get(def).map(|s| s.title.clone()))
            .unwrap_or_default();
        let node_name = if f.name.text == "_" {
            f.ty.text.clone()
        } else {
            f.name.text.clone()
        };
        let node = self.register(&node_name, &title, Kind::Text, 0, &f.name.span);
        let repeat = matches!(f.size, Some(ast::Size::Rest(_) | ast::Size::Until(_)));
        if repeat
            && self
                .struct_plans
                .get(def)
                .is_some_and(|s| min_len(&s.body, &self.struct_plans) == 0)
        {
            let e = Spanned::new(format!("struct {} can be empty, so repeating it to the end would never stop", f.ty.text), f.ty.span.clone())
                .hint("give the structure at least one unconditional field, or repeat it a counted number of times");
            self.err(e);
        }
        let size = self.size(f.size.as_ref(), true);
        let cond = f.cond.as_ref().map(|c| self.expr(c, VarType::Number));
        Some(Step::Struct(StructStep {
            def,
            node,
            size,
            cond,
        }))
    }

    /// Compiles a structure for this protocol (once), refusing recursion.
    pub(super) fn instantiate(&mut self, name: &ast::Name) -> Option<usize> {
        if let Some(i) = self.struct_index.get(&name.text) {
            return Some(*i);
        }
        let Some(def) = self.structs.get(&name.text).copied() else {
            self.err(Spanned::new(
                format!("unknown struct {}", name.text),
                name.span.clone(),
            ));
            return None;
        };
        if self.in_progress.contains(&name.text) {
            let chain = format!("{} → {}", self.in_progress.join(" → "), name.text);
            self.err(Spanned::new(format!("struct {} contains itself ({chain})", name.text), name.span.clone())
                .hint("descriptions cannot recurse; repeat a structure with [count], [*] or [until …] instead"));
            return None;
        }
        if self.in_progress.len() >= MAX_STRUCT_DEPTH {
            self.err(Spanned::new(
                format!("structures nest more than {MAX_STRUCT_DEPTH} deep"),
                name.span.clone(),
            ));
            return None;
        }
        self.in_progress.push(name.text.clone());
        let body = self.block(&def.body, None);
        self.in_progress.pop();
        let title = def
            .title
            .clone()
            .unwrap_or_else(|| types::display_name(&name.text));
        let i = self.struct_plans.len();
        self.struct_plans.push(StructPlan {
            name: name.text.clone(),
            title,
            body,
        });
        self.struct_index.insert(name.text.clone(), i);
        Some(i)
    }
}

/// The fewest bytes a layout can take (0 when everything in it is conditional or empty).
pub(super) fn min_len(steps: &[Step], structs: &[StructPlan]) -> usize {
    let mut bits = 0usize;
    let mut bytes = 0usize;
    for s in steps {
        match s {
            Step::Field(f) if f.cond.is_none() => match (f.ty, &f.size) {
                (Ty::Bits { width, .. }, _) => bits += usize::from(width),
                (Ty::Strz, _) => bytes += 1,
                (t, None) => bytes += t.fixed_len(),
                (t, Some(plan::Size::Count(plan::Expr::Int(n)))) => {
                    let n = usize::try_from(*n).unwrap_or(0);
                    bytes += if f.array { n * t.fixed_len() } else { n };
                }
                _ => {}
            },
            Step::Struct(st) if st.cond.is_none() && st.size.is_none() => {
                bytes += structs.get(st.def).map_or(0, |d| min_len(&d.body, structs));
            }
            Step::Switch { arms, .. } => {
                let least = arms
                    .iter()
                    .map(|(_, a)| structs.get(a.def).map_or(0, |d| min_len(&d.body, structs)))
                    .min();
                let has_default = arms.iter().any(|(v, _)| v.is_none());
                if has_default {
                    bytes += least.unwrap_or(0);
                }
            }
            Step::If {
                then, otherwise, ..
            } => {
                bytes += min_len(then, structs).min(min_len(otherwise, structs));
            }
            _ => {}
        }
    }
    bytes + bits / 8
}
