//! Errors in a protocol description: `FILE:LINE:COL: message`, the line with a caret under
//! the offending text, and a hint.

use std::fmt;
use std::ops::Range;

/// Why a description does not load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescError {
    /// Where the description came from (a path, or `<input>`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something to say.
    pub hint: Option<String>,
    /// The source line and the caret under the error (empty when unknown).
    pub excerpt: String,
}

/// An error before it knows its file: a message and a byte span in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    /// What is wrong.
    pub message: String,
    /// Byte range in the source.
    pub span: Range<usize>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Spanned {
    /// An error at `span`.
    pub fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        Spanned {
            message: message.into(),
            span,
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Places the error in `file`, whose text is `source`.
    pub fn locate(self, file: &str, source: &str) -> DescError {
        let start = floor_char_boundary(source, self.span.start.min(source.len()));
        let line_start = source
            .get(..start)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line_end = source
            .get(start..)
            .and_then(|s| s.find('\n'))
            .map_or(source.len(), |i| start + i);
        let line = source.get(..start).map_or(0, |s| s.matches('\n').count()) + 1;
        let text = source.get(line_start..line_end).unwrap_or("");
        let column = source
            .get(line_start..start)
            .map_or(0, |s| s.chars().count())
            + 1;
        let end = self.span.end.clamp(start, line_end.max(start));
        let width = source
            .get(start..end)
            .map_or(1, |s| s.chars().count().max(1));
        let excerpt = format!(
            "{text}\n{}^{}",
            " ".repeat(column - 1),
            "~".repeat(width - 1)
        );
        DescError {
            file: file.to_string(),
            line,
            column,
            message: self.message,
            hint: self.hint,
            excerpt,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl DescError {
    /// The error with no source position (a file that cannot be read).
    pub fn whole_file(file: &str, message: impl Into<String>) -> Self {
        DescError {
            file: file.to_string(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            excerpt: String::new(),
        }
    }

    /// `FILE:LINE:COL: message` alone (for one-line lists such as the GUI's).
    pub fn headline(&self) -> String {
        match self.line {
            0 => format!("{}: {}", self.file, self.message),
            _ => format!(
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            ),
        }
    }
}

impl fmt::Display for DescError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.headline())?;
        if !self.excerpt.is_empty() {
            for l in self.excerpt.lines() {
                write!(f, "\n    {l}")?;
            }
        }
        if let Some(h) = &self.hint {
            write!(f, "\n    hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DescError {}
