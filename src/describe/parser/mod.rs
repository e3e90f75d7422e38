//! Tokens → [`ast::File`]. Recursive descent for the layout, precedence climbing for
//! expressions (display-filter operators and their word forms).

use super::ast::*;
use super::error::Spanned;
use super::lexer::{Tok, Token, lex};
use std::ops::Range;

mod expr;

/// The deepest `if`/expression nesting a file may write (bounds the parser's recursion).
pub const MAX_NESTING: usize = 32;

/// Parses a whole file.
pub fn parse(src: &str) -> Result<File, Spanned> {
    let tokens = lex(src)?;
    let mut p = Parser {
        tokens,
        at: 0,
        depth: 0,
    };
    p.file()
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

const END: Token = Token {
    tok: Tok::End,
    span: 0..0,
    starts_line: true,
};

impl Parser {
    fn peek(&self) -> &Token {
        self.tokens
            .get(self.at)
            .or(self.tokens.last())
            .unwrap_or(&END)
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.at < self.tokens.len() {
            self.at += 1;
        }
        t
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(&self.peek().tok, Tok::Punct(q) if *q == p)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(&self.peek().tok, Tok::Ident(q) if q == w)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        let yes = self.is_punct(p);
        if yes {
            self.bump();
        }
        yes
    }

    fn eat_word(&mut self, w: &str) -> bool {
        let yes = self.is_word(w);
        if yes {
            self.bump();
        }
        yes
    }

    fn unexpected(&self, wanted: &str) -> Spanned {
        let t = self.peek();
        let found = match &t.tok {
            Tok::Ident(w) => format!("\"{w}\""),
            Tok::Int(n) => format!("number {n}"),
            Tok::Str(_) => "a string".to_string(),
            Tok::Punct(p) => format!("'{p}'"),
            Tok::End => "the end of the file".to_string(),
        };
        Spanned::new(format!("expected {wanted}, found {found}"), t.span.clone())
    }

    fn expect_punct(&mut self, p: &str) -> Result<Range<usize>, Spanned> {
        if self.is_punct(p) {
            Ok(self.bump().span)
        } else {
            Err(self.unexpected(&format!("'{p}'")))
        }
    }

    fn name(&mut self, what: &str) -> Result<Name, Spanned> {
        match self.peek().tok.clone() {
            Tok::Ident(text) => {
                let span = self.bump().span;
                Ok(Name { text, span })
            }
            _ => Err(self.unexpected(what)),
        }
    }

    fn string(&mut self, what: &str) -> Result<(String, Range<usize>), Spanned> {
        match self.peek().tok.clone() {
            Tok::Str(s) => Ok((s, self.bump().span)),
            _ => Err(self.unexpected(what)),
        }
    }

    fn int(&mut self, what: &str) -> Result<u64, Spanned> {
        match self.peek().tok {
            Tok::Int(n) => {
                self.bump();
                Ok(n)
            }
            _ => Err(self.unexpected(what)),
        }
    }

    fn optional_string(&mut self) -> Option<String> {
        match self.peek().tok.clone() {
            Tok::Str(s) => {
                self.bump();
                Some(s)
            }
            _ => None,
        }
    }

    fn file(&mut self) -> Result<File, Spanned> {
        let mut file = File::default();
        loop {
            let t = self.peek().clone();
            match &t.tok {
                Tok::End => return Ok(file),
                Tok::Ident(w) if w == "protocol" => {
                    self.bump();
                    let name = self.name("a protocol name")?;
                    let title = self.optional_string();
                    let replaces = self.eat_word("replaces");
                    if replaces && !self.eat_word("builtin") {
                        return Err(self.unexpected("builtin (`replaces builtin`)"));
                    }
                    let body = self.block()?;
                    file.protocols.push(Protocol { name, title, replaces, body });
                }
                Tok::Ident(w) if w == "struct" => {
                    self.bump();
                    let name = self.name("a structure name")?;
                    let title = self.optional_string();
                    let body = self.block()?;
                    file.structs.push(StructDef { name, title, body });
                }
                Tok::Ident(w) if w == "enum" || w == "flags" => {
                    self.bump();
                    let name = self.name("an enum name")?;
                    let entries = self.entries()?;
                    file.enums.push(EnumDef { name, entries });
                }
                Tok::Ident(w) if w == "example" => {
                    self.bump();
                    file.examples.push(self.example(t.span.clone())?);
                }
                _ => return Err(self.unexpected("protocol, struct, enum or example")
                    .hint("a description file is a list of `protocol NAME { … }`, `struct NAME { … }`, `enum NAME { … }` and `example \"…\" { … }`")),
            }
        }
    }

    fn example(&mut self, span: Range<usize>) -> Result<Example, Spanned> {
        let (title, _) = self.string("the example's title in quotes")?;
        self.expect_punct("{")?;
        let mut ex = Example {
            title,
            span,
            protocol: None,
            frame: false,
            bytes: Vec::new(),
            expect: String::new(),
            expect_span: 0..0,
        };
        let mut have_bytes = false;
        while !self.eat_punct("}") {
            if self.eat_word("protocol") {
                ex.protocol = Some(self.name("a protocol name")?);
            } else if self.is_word("bytes") || self.is_word("frame") {
                ex.frame = self.bump().tok == Tok::Ident("frame".into());
                let (hex, s) = self.string("the bytes in hex, in quotes")?;
                ex.bytes = hex_bytes(&hex).ok_or_else(|| {
                    Spanned::new("not hex bytes", s.clone())
                        .hint("write pairs of hex digits, spaces allowed: \"d3 10 00 01\"")
                })?;
                have_bytes = true;
            } else if self.eat_word("expect") {
                let (f, s) = self.string("a display filter in quotes")?;
                ex.expect = f;
                ex.expect_span = s.start + 1..s.end.saturating_sub(1);
            } else {
                return Err(self.unexpected("bytes, frame, protocol, expect or '}'"));
            }
        }
        if !have_bytes || ex.expect.is_empty() {
            return Err(
                Spanned::new("an example needs bytes and expect", ex.span.clone())
                    .hint("example \"x\" { bytes \"f0 0f\" expect \"l33t.some_byte == 0xf0\" }"),
            );
        }
        Ok(ex)
    }

    fn entries(&mut self) -> Result<Vec<(u64, String)>, Spanned> {
        self.expect_punct("{")?;
        let mut out = Vec::new();
        while !self.eat_punct("}") {
            let v = self.int("a value")?;
            self.expect_punct(":")?;
            let (s, _) = self.string("its name in quotes")?;
            out.push((v, s));
            self.eat_punct(",");
        }
        Ok(out)
    }

    fn block(&mut self) -> Result<Vec<Member>, Spanned> {
        let open = self.expect_punct("{")?;
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Spanned::new(
                format!("nested more than {MAX_NESTING} deep"),
                open,
            ));
        }
        let mut out = Vec::new();
        while !self.eat_punct("}") {
            if self.peek().tok == Tok::End {
                return Err(Spanned::new("this '{' is never closed", open).hint("add a '}'"));
            }
            out.push(self.member()?);
            while self.eat_punct(";") || self.eat_punct(",") {}
        }
        self.depth -= 1;
        Ok(out)
    }

    fn member(&mut self) -> Result<Member, Spanned> {
        let t = self.peek().clone();
        let Tok::Ident(word) = &t.tok else {
            return Err(self.unexpected("a field type or a keyword"));
        };
        Ok(match word.as_str() {
            "bind" => {
                self.bump();
                Member::Bind(self.bindings()?)
            }
            "heuristic" => {
                self.bump();
                let table = self.name("udp or tcp")?;
                if !self.eat_word("where") {
                    return Err(self.unexpected("where"));
                }
                Member::Heuristic {
                    table,
                    cond: self.expr()?,
                }
            }
            "info" | "column" => {
                let column = word == "column";
                self.bump();
                let append = self.eat_word("append");
                let (format, span) = self.string("the column text in quotes")?;
                let cond = self.condition()?;
                Member::Info {
                    column,
                    append,
                    format,
                    span,
                    cond,
                }
            }
            "pdu" => {
                self.bump();
                Member::Pdu(self.expr()?)
            }
            "next" => {
                self.bump();
                let target = self.target()?;
                let cond = self.condition()?;
                Member::Next {
                    target,
                    cond,
                    span: t.span.clone(),
                }
            }
            "switch" => {
                self.bump();
                let on = self.expr()?;
                Member::Switch {
                    on,
                    arms: self.arms()?,
                }
            }
            "if" => {
                self.bump();
                self.if_chain()?
            }
            "let" => {
                self.bump();
                let name = self.name("a name")?;
                self.expect_punct("=")?;
                Member::Let {
                    name,
                    value: self.expr()?,
                }
            }
            _ => Member::Field(Box::new(self.field()?)),
        })
    }

    fn if_chain(&mut self) -> Result<Member, Spanned> {
        let cond = self.expr()?;
        let then = self.block()?;
        let otherwise = if self.eat_word("else") {
            if self.eat_word("if") {
                vec![self.if_chain()?]
            } else {
                self.block()?
            }
        } else {
            Vec::new()
        };
        Ok(Member::If {
            cond,
            then,
            otherwise,
        })
    }

    fn condition(&mut self) -> Result<Option<Expr>, Spanned> {
        Ok(if self.eat_word("if") {
            Some(self.expr()?)
        } else {
            None
        })
    }

    fn bindings(&mut self) -> Result<Vec<Binding>, Spanned> {
        let mut out = Vec::new();
        loop {
            let table = self.name("a table such as udp.port")?;
            if !(self.eat_punct("==") || self.eat_word("eq")) {
                return Err(self.unexpected("'=='"));
            }
            let value = self.int("a number")?;
            let span = table.span.start
                ..self
                    .tokens
                    .get(self.at.saturating_sub(1))
                    .map_or(0, |t| t.span.end);
            out.push(Binding { table, value, span });
            if !(self.eat_punct("||") || self.eat_word("or")) {
                return Ok(out);
            }
        }
    }

    fn target(&mut self) -> Result<Target, Spanned> {
        if self.eat_word("switch") {
            let on = self.expr()?;
            return Ok(Target::Switch(on, self.arms()?));
        }
        let name = self.name("where the rest goes (data, eth, ip, ethertype(…), a protocol)")?;
        if self.eat_punct("(") {
            let e = self.expr()?;
            self.expect_punct(")")?;
            return Ok(Target::Table(name, e));
        }
        Ok(Target::Named(name))
    }

    fn arms(&mut self) -> Result<Vec<Arm>, Spanned> {
        self.expect_punct("{")?;
        let mut out = Vec::new();
        while !self.eat_punct("}") {
            let values = if self.is_word("_") {
                self.bump();
                None
            } else {
                let mut v = vec![self.int("a value or _")?];
                while self.eat_punct("|") {
                    v.push(self.int("a value")?);
                }
                Some(v)
            };
            self.expect_punct("=>")?;
            let target = self.name("a structure or protocol name")?;
            out.push(Arm { values, target });
            self.eat_punct(",");
        }
        Ok(out)
    }

    fn field(&mut self) -> Result<FieldDecl, Spanned> {
        let ty = self.name("a field type")?;
        let name = self.name("a field name").map_err(|e| {
            e.hint(format!(
                "a field is written `TYPE NAME`, e.g. `{} length`",
                ty.text
            ))
        })?;
        let mut f = FieldDecl {
            ty,
            name,
            size: None,
            value: None,
            cond: None,
            hex: false,
            dec: false,
            display: None,
            names: None,
            hidden: false,
            mask: None,
            children: Vec::new(),
        };
        if self.eat_punct("[") {
            f.size = Some(self.size()?);
            self.expect_punct("]")?;
        }
        if self.eat_punct("=") {
            f.value = Some(self.expr()?);
        }
        loop {
            let t = self.peek().clone();
            if t.starts_line {
                return Ok(f);
            }
            match &t.tok {
                Tok::Str(s) => {
                    f.display = Some(s.clone());
                    self.bump();
                }
                Tok::Ident(w) if w == "hex" => {
                    self.bump();
                    f.hex = true;
                }
                Tok::Ident(w) if w == "dec" => {
                    self.bump();
                    f.dec = true;
                }
                Tok::Ident(w) if w == "hidden" => {
                    self.bump();
                    f.hidden = true;
                }
                Tok::Ident(w) if w == "mask" => {
                    let at = self.bump().span;
                    let m = self.int("a bit mask")?;
                    f.mask = Some((m, at.start..self.peek_prev_end()));
                }
                Tok::Punct("{") => {
                    let open = self.bump().span;
                    self.depth += 1;
                    if self.depth > MAX_NESTING {
                        return Err(Spanned::new(
                            format!("nested more than {MAX_NESTING} deep"),
                            open,
                        ));
                    }
                    while !self.eat_punct("}") {
                        if self.peek().tok == Tok::End {
                            return Err(
                                Spanned::new("this '{' is never closed", open).hint("add a '}'")
                            );
                        }
                        f.children.push(self.field()?);
                        while self.eat_punct(";") || self.eat_punct(",") {}
                    }
                    self.depth -= 1;
                }
                Tok::Ident(w) if w == "if" => {
                    self.bump();
                    f.cond = Some(self.expr()?);
                }
                Tok::Ident(w) if w == "enum" || w == "flags" => {
                    self.bump();
                    f.names = Some(if self.is_punct("{") {
                        EnumRef::Inline(self.entries()?)
                    } else {
                        EnumRef::Named(self.name("an enum name or { … }")?)
                    });
                }
                _ => return Ok(f),
            }
        }
    }

    fn size(&mut self) -> Result<Size, Spanned> {
        if self.is_punct("*") {
            return Ok(Size::Rest(self.bump().span));
        }
        if self.eat_word("until") {
            return Ok(Size::Until(self.expr()?));
        }
        Ok(Size::Count(self.expr()?))
    }

    fn peek_prev_end(&self) -> usize {
        self.tokens
            .get(self.at.saturating_sub(1))
            .map_or(0, |t| t.span.end)
    }

    fn next_is_paren(&self) -> bool {
        matches!(
            self.tokens.get(self.at + 1).map(|t| &t.tok),
            Some(Tok::Punct("("))
        )
    }
}

/// `"d3 10 0001"` → bytes; `None` when not pairs of hex digits.
pub fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| {
            digits
                .get(i..i + 2)
                .and_then(|p| u8::from_str_radix(p, 16).ok())
        })
        .collect()
}
