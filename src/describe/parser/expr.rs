//! Expressions: precedence climbing over display-filter operators and their word forms.

use super::{MAX_NESTING, Parser};
use crate::describe::ast::{Expr, Name};
use crate::describe::error::Spanned;
use crate::describe::lexer::Tok;

impl Parser {
    pub(super) fn expr(&mut self) -> Result<Expr, Spanned> {
        self.binary(0)
    }

    fn binary(&mut self, min: u8) -> Result<Expr, Spanned> {
        let mut lhs = self.unary()?;
        while let Some((op, prec)) = self.binary_op() {
            if prec < min {
                break;
            }
            self.bump();
            let rhs = self.binary(prec + 1)?;
            let span = lhs.span().start..rhs.span().end;
            lhs = Expr::Binary(op, Box::new(lhs), Box::new(rhs), span);
        }
        Ok(lhs)
    }

    fn binary_op(&self) -> Option<(&'static str, u8)> {
        let op = match &self.peek().tok {
            Tok::Punct(p) => *p,
            Tok::Ident(w) => match w.as_str() {
                "or" => "||",
                "and" => "&&",
                "eq" => "==",
                "ne" => "!=",
                "lt" => "<",
                "le" => "<=",
                "gt" => ">",
                "ge" => ">=",
                _ => return None,
            },
            _ => return None,
        };
        let prec = match op {
            "||" => 1,
            "&&" => 2,
            "==" | "!=" | "<" | "<=" | ">" | ">=" => 3,
            "|" => 4,
            "^" => 5,
            "&" => 6,
            "<<" | ">>" => 7,
            "+" | "-" => 8,
            "*" | "/" | "%" => 9,
            _ => return None,
        };
        Some((op, prec))
    }

    fn unary(&mut self) -> Result<Expr, Spanned> {
        self.depth += 1;
        if self.depth > MAX_NESTING * 4 {
            return Err(Spanned::new(
                "expression nested too deep",
                self.peek().span.clone(),
            ));
        }
        let r = self.unary_inner();
        self.depth -= 1;
        r
    }

    fn unary_inner(&mut self) -> Result<Expr, Spanned> {
        let t = self.peek().clone();
        let op = match &t.tok {
            Tok::Punct("!") => Some("!"),
            Tok::Punct("-") => Some("-"),
            Tok::Punct("~") => Some("~"),
            Tok::Ident(w) if w == "not" => Some("!"),
            _ => None,
        };
        if let Some(op) = op {
            self.bump();
            let e = self.unary()?;
            let span = t.span.start..e.span().end;
            return Ok(Expr::Unary(op, Box::new(e), span));
        }
        match t.tok {
            Tok::Int(n) => {
                self.bump();
                Ok(Expr::Int(n, t.span))
            }
            Tok::Str(s) => {
                self.bump();
                Ok(Expr::Str(s, t.span))
            }
            Tok::Punct("(") => {
                self.bump();
                let e = self.expr()?;
                self.expect_punct(")")?;
                Ok(e)
            }
            Tok::Ident(w) if w == "len" && self.next_is_paren() => {
                self.bump();
                self.bump();
                let n = self.name("a field name")?;
                self.expect_punct(")")?;
                Ok(Expr::Len(n))
            }
            Tok::Ident(text) => {
                self.bump();
                Ok(Expr::Name(Name { text, span: t.span }))
            }
            _ => Err(self.unexpected("a value, a field name or '('")),
        }
    }
}
