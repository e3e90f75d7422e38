//! Tokens of the display-filter language, each with its byte span.

use super::ast::CmpOp;
use super::error::FilterError;
use std::ops::Range;

/// A token kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A run of name/literal characters: field names, numbers, addresses, `a..b`.
    Word(String),
    /// A double-quoted string, escapes resolved (bytes, as `\xNN` may not be UTF-8).
    Str(Vec<u8>),
    /// A comparison: `==` `!=` `===` `!==` `<` `<=` `>` `>=` (and their word forms),
    /// `contains`, `matches` / `~`.
    Cmp(CmpOp),
    /// `and` / `&&`.
    And,
    /// `or` / `||`.
    Or,
    /// `xor` / `^^`.
    Xor,
    /// `not` / `!`.
    Not,
    /// `in`.
    In,
    /// `(`.
    LParen,
    /// `)`.
    RParen,
    /// `{`.
    LBrace,
    /// `}`.
    RBrace,
    /// `[`.
    LBracket,
    /// `]`.
    RBracket,
    /// `,`.
    Comma,
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Byte range in the filter text.
    pub span: Range<usize>,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-' | '/' | '+')
}

fn keyword(w: &str) -> Option<Tok> {
    Some(match w.to_ascii_lowercase().as_str() {
        "and" => Tok::And,
        "or" => Tok::Or,
        "xor" => Tok::Xor,
        "not" => Tok::Not,
        "eq" | "any_eq" => Tok::Cmp(CmpOp::Eq),
        "ne" | "all_ne" => Tok::Cmp(CmpOp::Ne),
        "all_eq" => Tok::Cmp(CmpOp::AllEq),
        "any_ne" => Tok::Cmp(CmpOp::AnyNe),
        "lt" => Tok::Cmp(CmpOp::Lt),
        "le" => Tok::Cmp(CmpOp::Le),
        "gt" => Tok::Cmp(CmpOp::Gt),
        "ge" => Tok::Cmp(CmpOp::Ge),
        "contains" => Tok::Cmp(CmpOp::Contains),
        "matches" => Tok::Cmp(CmpOp::Matches),
        "in" => Tok::In,
        _ => return None,
    })
}

/// Splits `text` into tokens.
pub fn lex(text: &str) -> Result<Vec<Token>, FilterError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '"' {
            chars.next();
            out.push(string(text, i, &mut chars)?);
            continue;
        }
        if is_word_char(c) {
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                if !is_word_char(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            let word = text.get(i..end).unwrap_or("");
            let tok = keyword(word).unwrap_or_else(|| Tok::Word(word.to_string()));
            out.push(Token { tok, span: i..end });
            continue;
        }
        let rest = text.get(i..).unwrap_or("");
        let (tok, len) = match () {
            _ if rest.starts_with("===") => (Tok::Cmp(CmpOp::AllEq), 3),
            _ if rest.starts_with("!==") => (Tok::Cmp(CmpOp::AnyNe), 3),
            _ if rest.starts_with("==") => (Tok::Cmp(CmpOp::Eq), 2),
            _ if rest.starts_with("!=") => (Tok::Cmp(CmpOp::Ne), 2),
            _ if rest.starts_with("<=") => (Tok::Cmp(CmpOp::Le), 2),
            _ if rest.starts_with(">=") => (Tok::Cmp(CmpOp::Ge), 2),
            _ if rest.starts_with("&&") => (Tok::And, 2),
            _ if rest.starts_with("||") => (Tok::Or, 2),
            _ if rest.starts_with("^^") => (Tok::Xor, 2),
            _ => match c {
                '<' => (Tok::Cmp(CmpOp::Lt), 1),
                '>' => (Tok::Cmp(CmpOp::Gt), 1),
                '!' => (Tok::Not, 1),
                '~' => (Tok::Cmp(CmpOp::Matches), 1),
                '(' => (Tok::LParen, 1),
                ')' => (Tok::RParen, 1),
                '{' => (Tok::LBrace, 1),
                '}' => (Tok::RBrace, 1),
                '[' => (Tok::LBracket, 1),
                ']' => (Tok::RBracket, 1),
                ',' => (Tok::Comma, 1),
                '=' => {
                    return Err(FilterError::new(
                        "\"=\" was unexpected in this context; use \"==\".",
                        i..i + 1,
                    ));
                }
                _ => {
                    return Err(FilterError::new(
                        format!("\"{c}\" was unexpected in this context."),
                        i..i + c.len_utf8(),
                    ));
                }
            },
        };
        for _ in 0..len {
            chars.next();
        }
        out.push(Token {
            tok,
            span: i..i + len,
        });
    }
    Ok(out)
}

/// A quoted string starting at `start` (the opening quote already consumed).
pub(crate) fn string(
    text: &str,
    start: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
) -> Result<Token, FilterError> {
    let mut bytes = Vec::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                return Ok(Token {
                    tok: Tok::Str(bytes),
                    span: start..i + 1,
                });
            }
            '\\' => {
                let Some((j, e)) = chars.next() else { break };
                match e {
                    'n' => bytes.push(b'\n'),
                    't' => bytes.push(b'\t'),
                    'r' => bytes.push(b'\r'),
                    '0' => bytes.push(0),
                    'x' => {
                        let hex: String = (0..2)
                            .filter_map(|_| chars.next().map(|(_, h)| h))
                            .collect();
                        let v = u8::from_str_radix(&hex, 16).map_err(|_| {
                            FilterError::new(
                                format!("\\x{hex} is not a valid hex escape."),
                                j - 1..j + 1 + hex.len(),
                            )
                        })?;
                        bytes.push(v);
                    }
                    other => {
                        let mut buf = [0u8; 4];
                        bytes.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
                    }
                }
            }
            other => {
                let mut buf = [0u8; 4];
                bytes.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    Err(FilterError::new(
        "The string is missing its closing quote.",
        start..text.len(),
    ))
}
