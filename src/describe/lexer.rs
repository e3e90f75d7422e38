//! Tokens of the description language, each with its byte span. Comments run from `#` to
//! the end of the line; line breaks are white space.

use super::error::Spanned;
use std::ops::Range;

/// A token kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A name: letters, digits, `_` and `.` (`tlv.type`, `u16le`, `udp.port`).
    Ident(String),
    /// An integer literal (decimal, `0x` hex, `0o` octal, `0b` binary).
    Int(u64),
    /// A double-quoted string with its escapes resolved.
    Str(String),
    /// Punctuation and operators: `{ } [ ] ( ) , ; : = => == != < <= > >= && || ! + - * / % & | ^ << >> ~`.
    Punct(&'static str),
    /// End of input.
    End,
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Byte range in the source.
    pub span: Range<usize>,
    /// The first token on its line (a field's attributes stay on the field's line).
    pub starts_line: bool,
}

const PUNCTS: &[&str] = &[
    "==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "=>", "{", "}", "[", "]", "(", ")", ",", ";",
    ":", "=", "<", ">", "!", "+", "-", "*", "/", "%", "&", "|", "^", "~",
];

/// Splits `src` into tokens, ending with [`Tok::End`].
pub fn lex(src: &str) -> Result<Vec<Token>, Spanned> {
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = src.as_bytes();
    while let Some(&b) = bytes.get(i) {
        let start = i;
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'#' => {
                i = src
                    .get(i..)
                    .and_then(|s| s.find('\n'))
                    .map_or(src.len(), |n| i + n);
            }
            b'"' => {
                let (s, end) = string(src, i)?;
                out.push(Token {
                    tok: Tok::Str(s),
                    span: start..end,
                    starts_line: false,
                });
                i = end;
            }
            b'0'..=b'9' => {
                let end = run(bytes, i, |c| c.is_ascii_alphanumeric() || c == b'_');
                let text = src.get(i..end).unwrap_or("");
                let value = integer(text).ok_or_else(|| {
                    Spanned::new(format!("\"{text}\" is not a number"), i..end)
                        .hint("write decimal (42), hex (0x2a), octal (0o52) or binary (0b101010)")
                })?;
                out.push(Token {
                    tok: Tok::Int(value),
                    span: i..end,
                    starts_line: false,
                });
                i = end;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let end = run(bytes, i, |c| {
                    c.is_ascii_alphanumeric() || c == b'_' || c == b'.'
                });
                let end = trim_trailing_dots(bytes, i, end);
                let word = src.get(i..end).unwrap_or("").to_string();
                out.push(Token {
                    tok: Tok::Ident(word),
                    span: i..end,
                    starts_line: false,
                });
                i = end;
            }
            _ => {
                let rest = src.get(i..).unwrap_or("");
                let Some(p) = PUNCTS.iter().find(|p| rest.starts_with(**p)) else {
                    let ch = rest.chars().next().unwrap_or('?');
                    return Err(Spanned::new(
                        format!("unexpected character '{ch}'"),
                        i..i + ch.len_utf8(),
                    ));
                };
                out.push(Token {
                    tok: Tok::Punct(p),
                    span: i..i + p.len(),
                    starts_line: false,
                });
                i += p.len();
            }
        }
    }
    out.push(Token {
        tok: Tok::End,
        span: src.len()..src.len(),
        starts_line: true,
    });
    let mut previous_end = 0;
    for t in &mut out {
        let between = src.get(previous_end..t.span.start).unwrap_or("");
        t.starts_line = t.starts_line || previous_end == 0 || between.contains('\n');
        previous_end = t.span.end;
    }
    Ok(out)
}

fn run(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut i = from;
    while bytes.get(i).is_some_and(|&c| keep(c)) {
        i += 1;
    }
    i
}

fn trim_trailing_dots(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start + 1 && bytes.get(end - 1) == Some(&b'.') {
        end -= 1;
    }
    end
}

/// Parses an integer literal.
pub fn integer(text: &str) -> Option<u64> {
    let t = text.replace('_', "");
    let (digits, radix) = match t.get(..2) {
        Some("0x" | "0X") => (t.get(2..)?, 16),
        Some("0o" | "0O") => (t.get(2..)?, 8),
        Some("0b" | "0B") => (t.get(2..)?, 2),
        _ => (t.as_str(), 10),
    };
    u64::from_str_radix(digits, radix).ok()
}

fn string(src: &str, open: usize) -> Result<(String, usize), Spanned> {
    let mut out = String::new();
    let mut chars = src.get(open + 1..).unwrap_or("").char_indices();
    while let Some((k, c)) = chars.next() {
        let at = open + 1 + k;
        match c {
            '"' => return Ok((out, at + 1)),
            '\n' => break,
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '0')) => out.push('\0'),
                Some((_, e @ ('"' | '\\'))) => out.push(e),
                Some((_, e)) => {
                    return Err(Spanned::new(format!("unknown escape \\{e}"), at..at + 2)
                        .hint("the escapes are \\n \\t \\r \\0 \\\" and \\\\"));
                }
                None => break,
            },
            c => out.push(c),
        }
    }
    Err(Spanned::new("unterminated string", open..open + 1)
        .hint("close the string with \" on the same line"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        lex(s)
            .map(|v| v.into_iter().map(|t| t.tok).collect())
            .unwrap_or_default()
    }

    #[test]
    fn words_numbers_strings_and_operators() {
        assert_eq!(
            toks("u16le tlv.type = 0x1f # c\n\"a\\\"b\" =>"),
            vec![
                Tok::Ident("u16le".into()),
                Tok::Ident("tlv.type".into()),
                Tok::Punct("="),
                Tok::Int(31),
                Tok::Str("a\"b".into()),
                Tok::Punct("=>"),
                Tok::End
            ]
        );
    }

    #[test]
    fn bad_input_has_a_span() {
        assert_eq!(lex("u8 x @").err().map(|e| e.span), Some(5..6));
        assert_eq!(lex("0x").err().map(|e| e.span), Some(0..2));
        assert_eq!(lex("\"abc").err().map(|e| e.span), Some(0..1));
    }
}
