//! Expressions: names resolved to variable slots, and a light type check.

use super::{ProtoCx, VarType};
use crate::describe::ast;
use crate::describe::error::Spanned;
use crate::describe::plan::Expr;

impl ProtoCx<'_, '_> {
    /// Compiles `e`; its type is checked once every field of the protocol is known.
    pub(super) fn expr(&mut self, e: &ast::Expr, want: VarType) -> Expr {
        self.typed.push((e.clone(), want));
        self.lower(e)
    }

    fn lower(&mut self, e: &ast::Expr) -> Expr {
        match e {
            ast::Expr::Int(n, span) => match i64::try_from(*n) {
                Ok(v) => Expr::Int(v),
                Err(_) => {
                    self.err(Spanned::new(
                        format!("{n} is larger than expressions compute with (2^63 − 1)"),
                        span.clone(),
                    ));
                    Expr::Int(0)
                }
            },
            ast::Expr::Str(s, _) => Expr::Str(s.as_str().into()),
            ast::Expr::Name(n) => match n.text.as_str() {
                "offset" => Expr::Offset,
                "remaining" => Expr::Remaining,
                _ => {
                    let v = self.var(&n.text);
                    self.mentions.push((v, n.span.clone()));
                    Expr::Var(v)
                }
            },
            ast::Expr::Len(n) => {
                let v = self.var(&n.text);
                self.mentions.push((v, n.span.clone()));
                Expr::Len(v)
            }
            ast::Expr::Unary(op, a, _) => Expr::Unary(op, Box::new(self.lower(a))),
            ast::Expr::Binary(op, a, b, _) => {
                Expr::Binary(op, Box::new(self.lower(a)), Box::new(self.lower(b)))
            }
        }
    }

    /// The type of `e`, reporting operands of the wrong type.
    fn type_of(&mut self, e: &ast::Expr) -> VarType {
        match e {
            ast::Expr::Int(..) | ast::Expr::Len(_) => VarType::Number,
            ast::Expr::Str(..) => VarType::Text,
            ast::Expr::Name(n) => match n.text.as_str() {
                "offset" | "remaining" => VarType::Number,
                _ => {
                    let full = self.full_name(&n.text);
                    let v = self.var_by_name.get(&full).copied();
                    v.and_then(|v| self.var_types.get(v).copied().flatten())
                        .unwrap_or(VarType::Number)
                }
            },
            ast::Expr::Unary(_, a, _) => {
                self.operand(a, VarType::Number);
                VarType::Number
            }
            ast::Expr::Binary(op, a, b, span) => {
                if matches!(*op, "==" | "!=") {
                    let (ta, tb) = (self.type_of(a), self.type_of(b));
                    let loose = |t| matches!(t, VarType::Other | VarType::Bytes);
                    if ta != tb && !loose(ta) && !loose(tb) {
                        let e = Spanned::new(
                            format!("cannot compare {} with {}", describe(ta), describe(tb)),
                            span.clone(),
                        )
                        .hint("compare numbers with numbers and strings or bytes with strings");
                        self.err(e);
                    }
                } else {
                    self.operand(a, VarType::Number);
                    self.operand(b, VarType::Number);
                }
                VarType::Number
            }
        }
    }

    fn operand(&mut self, e: &ast::Expr, want: VarType) {
        let t = self.type_of(e);
        if t != want && t != VarType::Other {
            let e = Spanned::new(
                format!("{} where a number is needed", describe(t)),
                e.span(),
            );
            self.err(e);
        }
    }

    pub(super) fn check_type(&mut self, e: &ast::Expr, want: VarType) {
        let t = self.type_of(e);
        if t != want && t != VarType::Other && want != VarType::Other {
            let msg = format!(
                "this is {}, but {} is needed here",
                describe(t),
                describe(want)
            );
            self.err(Spanned::new(msg, e.span()));
        }
    }
}

fn describe(t: VarType) -> &'static str {
    match t {
        VarType::Number => "a number",
        VarType::Text => "a string",
        VarType::Bytes => "bytes",
        VarType::Other => "an address",
    }
}
