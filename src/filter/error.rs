//! Filter errors: a message and the byte span it concerns, shown Wireshark-style with a caret.

use std::ops::Range;

/// Why a display filter does not compile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FilterError {
    /// What is wrong, e.g. `"80" was unexpected in this context.`
    pub message: String,
    /// Byte range in the filter text.
    pub span: Range<usize>,
}

impl FilterError {
    /// An error at `span`.
    pub fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        FilterError {
            message: message.into(),
            span,
        }
    }

    /// 1-based column of the error's start (in characters).
    pub fn column(&self, text: &str) -> usize {
        text.get(..self.span.start)
            .map_or(1, |s| s.chars().count() + 1)
    }

    /// The filter with a caret line under the error, as tshark prints it.
    pub fn render(&self, text: &str) -> String {
        let start = text.get(..self.span.start).map_or(0, |s| s.chars().count());
        let width = text
            .get(self.span.clone())
            .map_or(1, |s| s.chars().count().max(1));
        format!(
            "{}\n{text}\n{}^{}",
            self.message,
            " ".repeat(start),
            "~".repeat(width - 1)
        )
    }
}
