//! Running the examples written in description files (`wirelens proto test`): each
//! example's bytes are dissected and its display filter must match.

use super::error::Spanned;
use super::plan::Plan;
use crate::dissect::{self, FrameContext, FrameInfo, LinkType};
use crate::filter::Filter;

/// The outcome of one example.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The file it is written in.
    pub file: String,
    /// Its title.
    pub title: String,
    /// `None` = it passed; else why not.
    pub failure: Option<String>,
}

/// Runs every example of `plan` written in one of `files` (all when `files` is empty).
/// `sources` gives each file's text, for error positions.
pub fn run(plan: &Plan, files: &[String], sources: &[(String, String)]) -> Vec<Outcome> {
    plan.examples
        .iter()
        .filter(|(f, _)| files.is_empty() || files.contains(f))
        .map(|(file, ex)| {
            let failure = check(plan, ex).err().map(|(msg, at)| match at {
                Some(span) => {
                    let text = sources
                        .iter()
                        .find(|(f, _)| f == file)
                        .map_or("", |(_, t)| t.as_str());
                    Spanned::new(msg, span).locate(file, text).to_string()
                }
                None => msg,
            });
            Outcome {
                file: file.clone(),
                title: ex.title.clone(),
                failure,
            }
        })
        .collect()
}

type Failed = (String, Option<std::ops::Range<usize>>);

fn check(plan: &Plan, ex: &super::ast::Example) -> Result<(), Failed> {
    let filter = Filter::compile(&ex.expect).map_err(|e| {
        let start = ex.expect_span.start + e.span.start;
        (
            format!("expect: {}", e.message),
            Some(start..start + e.span.len().max(1)),
        )
    })?;
    let tree = if ex.frame {
        let info = FrameInfo::standalone(1, LinkType::ETHERNET, ex.bytes.len());
        dissect::dissect(&info, &ex.bytes, &FrameContext::default(), true).tree
    } else {
        let name = ex.protocol.as_ref().map_or("", |n| n.text.as_str());
        let id = plan
            .protocol(name)
            .and_then(|i| u32::try_from(i).ok())
            .ok_or((format!("unknown protocol {name}"), None))?;
        dissect::custom::dissect_alone(id, &ex.bytes)
    };
    if filter.matches(&tree, &ex.bytes) {
        return Ok(());
    }
    let shown: Vec<String> = tree
        .nodes
        .iter()
        .filter(|n| n.field.is_described() && !matches!(n.value, crate::dissect::Value::None))
        .map(|n| {
            format!(
                "{}={}",
                n.field.name(),
                dissect::format::field_text(n.field, &n.value)
            )
        })
        .collect();
    Err((
        format!(
            "example \"{}\" does not match `{}`; it decodes as: {}",
            ex.title,
            ex.expect,
            shown.join(" ")
        ),
        Some(ex.span.clone()),
    ))
}
