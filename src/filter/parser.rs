//! Precedence-climbing parser: `or` < `xor` < `and` < `not` < comparison.

use super::ast::{CmpOp, Expr, Operand, SetItem, SliceRange};
use super::error::FilterError;
use super::lexer::{Tok, Token, lex};

/// Parses filter text into an expression.
pub fn parse(text: &str) -> Result<Expr, FilterError> {
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err(FilterError::new(
            "The filter is empty.",
            0..text.len().max(1),
        ));
    }
    let mut p = Parser {
        tokens,
        pos: 0,
        len: text.len(),
    };
    let e = p.or()?;
    if let Some(t) = p.peek() {
        return Err(unexpected(t));
    }
    Ok(e)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    len: usize,
}

fn unexpected(t: &Token) -> FilterError {
    let shown = match &t.tok {
        Tok::Word(w) => w.clone(),
        Tok::Str(s) => String::from_utf8_lossy(s).into_owned(),
        other => format!("{other:?}"),
    };
    FilterError::new(
        format!(
            "\"{}\" was unexpected in this context.",
            shown.trim_matches('"')
        ),
        t.span.clone(),
    )
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek().is_some_and(|t| &t.tok == tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn end_error(&self, what: &str) -> FilterError {
        FilterError::new(
            format!("The filter ends where {what} was expected."),
            self.len.saturating_sub(1)..self.len.max(1),
        )
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut e = self.xor()?;
        while self.eat(&Tok::Or) {
            e = Expr::Or(Box::new(e), Box::new(self.xor()?));
        }
        Ok(e)
    }

    fn xor(&mut self) -> Result<Expr, FilterError> {
        let mut e = self.and()?;
        while self.eat(&Tok::Xor) {
            e = Expr::Xor(Box::new(e), Box::new(self.and()?));
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut e = self.unary()?;
        while self.eat(&Tok::And) {
            e = Expr::And(Box::new(e), Box::new(self.unary()?));
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        if self.eat(&Tok::Not) {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat(&Tok::LParen) {
            let e = self.or()?;
            if !self.eat(&Tok::RParen) {
                return Err(match self.peek() {
                    Some(t) => unexpected(t),
                    None => self.end_error("\")\""),
                });
            }
            return Ok(e);
        }
        self.relation()
    }

    fn relation(&mut self) -> Result<Expr, FilterError> {
        let lhs = self.operand()?;
        let Some(t) = self.peek().cloned() else {
            return Ok(Expr::Exists(lhs));
        };
        let op = match t.tok {
            Tok::Cmp(op) => op,
            Tok::In => {
                self.pos += 1;
                return Ok(Expr::In {
                    lhs,
                    items: self.set()?,
                });
            }
            _ => return Ok(Expr::Exists(lhs)),
        };
        self.pos += 1;
        let rhs = self.operand()?;
        if let Some(next) = self.peek()
            && matches!(next.tok, Tok::Cmp(op) if !matches!(op, CmpOp::Contains | CmpOp::Matches))
        {
            return Err(FilterError::new(
                "Comparisons cannot be chained: use \"and\" between them.",
                next.span.clone(),
            ));
        }
        Ok(Expr::Compare {
            op,
            lhs,
            rhs,
            op_span: t.span,
        })
    }

    fn operand(&mut self) -> Result<Operand, FilterError> {
        let Some(t) = self.next() else {
            return Err(self.end_error("a field or value"));
        };
        match t.tok {
            Tok::Str(bytes) => Ok(Operand::Str {
                bytes,
                span: t.span,
            }),
            Tok::Word(w)
                if w.eq_ignore_ascii_case("len")
                    && self.peek().is_some_and(|n| n.tok == Tok::LParen) =>
            {
                self.pos += 1;
                let arg = self.operand()?;
                let Some(close) = self.next().filter(|c| c.tok == Tok::RParen) else {
                    return Err(self.end_error("\")\""));
                };
                Ok(Operand::Len {
                    arg: Box::new(arg),
                    span: t.span.start..close.span.end,
                })
            }
            Tok::Word(text) => {
                let mut slice = Vec::new();
                let mut span = t.span;
                if self.eat(&Tok::LBracket) {
                    loop {
                        let Some(r) = self.next() else {
                            return Err(self.end_error("\"]\""));
                        };
                        let Tok::Word(w) = &r.tok else {
                            return Err(unexpected(&r));
                        };
                        slice.push(parse_slice(w).ok_or_else(|| {
                            FilterError::new(
                                format!("\"{w}\" is not a valid slice."),
                                r.span.clone(),
                            )
                        })?);
                        match self.next() {
                            Some(Token {
                                tok: Tok::Comma, ..
                            }) => continue,
                            Some(Token {
                                tok: Tok::RBracket,
                                span: s,
                            }) => {
                                span.end = s.end;
                                break;
                            }
                            Some(other) => return Err(unexpected(&other)),
                            None => return Err(self.end_error("\"]\"")),
                        }
                    }
                }
                Ok(Operand::Word { text, slice, span })
            }
            _ => Err(unexpected(&t)),
        }
    }

    fn set(&mut self) -> Result<Vec<SetItem>, FilterError> {
        if !self.eat(&Tok::LBrace) {
            return Err(match self.peek() {
                Some(t) => unexpected(t),
                None => self.end_error("\"{\""),
            });
        }
        let mut items = Vec::new();
        loop {
            let item = self.operand()?;
            items.push(split_range(item));
            match self.next() {
                Some(Token {
                    tok: Tok::Comma, ..
                }) => {}
                Some(Token {
                    tok: Tok::RBrace, ..
                }) => return Ok(items),
                Some(other) => return Err(unexpected(&other)),
                None => return Err(self.end_error("\"}\"")),
            }
        }
    }
}

/// `a..b` inside a set is a range; everything else one value.
fn split_range(item: Operand) -> SetItem {
    if let Operand::Word { text, slice, span } = &item
        && slice.is_empty()
        && let Some(at) = text.find("..")
    {
        let (a, b) = (
            text.get(..at).unwrap_or(""),
            text.get(at + 2..).unwrap_or(""),
        );
        let lo = Operand::Word {
            text: a.to_string(),
            slice: Vec::new(),
            span: span.start..span.start + at,
        };
        let hi = Operand::Word {
            text: b.to_string(),
            slice: Vec::new(),
            span: span.start + at + 2..span.end,
        };
        return SetItem::Range(lo, hi);
    }
    SetItem::One(item)
}

fn parse_slice(w: &str) -> Option<SliceRange> {
    let num = |s: &str| s.parse::<i64>().ok();
    if let Some((a, b)) = w.split_once(':') {
        let start = if a.is_empty() { 0 } else { num(a)? };
        let len = if b.is_empty() { None } else { Some(num(b)?) };
        return Some(SliceRange::StartLen { start, len });
    }
    // `i-j` (inclusive); a leading '-' is a negative start.
    if let Some(at) = w.get(1..).and_then(|r| r.find('-')).map(|p| p + 1) {
        return Some(SliceRange::StartEnd {
            start: num(w.get(..at)?)?,
            end: num(w.get(at + 1..)?)?,
        });
    }
    Some(SliceRange::StartLen {
        start: num(w)?,
        len: Some(1),
    })
}
