//! IMAP (RFC 3501) on TCP 143: every line, and for tagged lines the tag with the request's
//! command or the response's status and command, with tshark's Info (the segment's last
//! line: "Request: a001 LOGIN bob …", "Response: a001 OK …").

use super::Dissector;
use super::field::Field;
use super::textline::{self, Line};
use super::value::Value;

/// The IMAP port.
pub const PORT: u16 = 143;

/// Dissects one IMAP segment in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    let request = textline::to_server(d, PORT);
    d.set_protocol("IMAP");
    let node = d.tree.open_protocol(Field::Imap, o..end);
    d.tree
        .label(node, || "Internet Message Access Protocol".into());
    d.tree
        .add_hidden(Field::ImapIsrequest, o..o, Value::Bool(request));
    let bytes = d.frame.range(o..end).unwrap_or(&[]);
    let lines = textline::lines(bytes, o);
    for line in &lines {
        self::line(d, line, request);
    }
    if let Some(last) = lines.last() {
        let text = textline::shown(d.frame.range(last.text()).unwrap_or(&[]));
        let kind = if request { "Request" } else { "Response" };
        d.set_info(|| format!("{kind}: {text}"));
    }
    d.tree.close();
}

fn line(d: &mut Dissector, line: &Line, request: bool) {
    let raw = d.frame.range(line.start..line.end).unwrap_or(&[]);
    let shown = textline::shown(raw);
    let n = d.tree.open(
        Field::ImapLine,
        line.start..line.end,
        Value::Str(shown.clone().into()),
    );
    d.tree.label(n, || format!("Line: {shown}"));
    let text = d.frame.range(line.text()).unwrap_or(&[]);
    let (tag, rest) = textline::split_token(text);
    // Untagged ("*") and continuation ("+") lines are shown as lines only.
    if !tag.is_empty() && tag != b"*" && tag != b"+" {
        tagged(d, line, text, tag, rest.unwrap_or(&[]), request);
    }
    d.tree.close();
}

fn tagged(d: &mut Dissector, line: &Line, text: &[u8], tag: &[u8], rest: &[u8], request: bool) {
    let whole = Value::Str(textline::shown(text).into());
    let tag_range = line.start..line.start + tag.len();
    let tag_value = Value::Str(textline::shown(tag).into());
    let (line_field, tag_field) = if request {
        (Field::ImapRequest, Field::ImapRequestTag)
    } else {
        (Field::ImapResponse, Field::ImapResponseTag)
    };
    let t = &mut d.tree;
    t.add(line_field, line.text(), whole);
    t.add(tag_field, tag_range.clone(), tag_value.clone());
    t.add_hidden(Field::ImapTag, tag_range, tag_value);
    let (word, after) = textline::split_token(rest);
    if word.is_empty() {
        return;
    }
    let at = line.text_end - rest.len();
    let word_value = Value::Str(textline::shown(word).into());
    if request {
        t.add(
            Field::ImapRequestCommand,
            at..at + word.len(),
            word_value.clone(),
        );
        t.add_hidden(Field::ImapCommand, at..at + word.len(), word_value);
        return;
    }
    t.add(Field::ImapResponseStatus, at..at + word.len(), word_value);
    let (command, _) = textline::split_token(after.unwrap_or(&[]));
    if let Some(after) = after.filter(|_| !command.is_empty()) {
        let c_at = line.text_end - after.len();
        let v = Value::Str(textline::shown(command).into());
        t.add(
            Field::ImapResponseCommand,
            c_at..c_at + command.len(),
            v.clone(),
        );
        t.add_hidden(Field::ImapCommand, c_at..c_at + command.len(), v);
    }
}
