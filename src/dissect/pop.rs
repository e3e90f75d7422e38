//! POP3 (RFC 1939) on TCP 110: the request's command and parameter, the response's status
//! indicator and description, the lines of a multi-line response, with tshark's Info
//! ("C: USER bob", "S: +OK Logged in.").

use super::Dissector;
use super::field::Field;
use super::textline;
use super::value::Value;

/// The POP3 port.
pub const PORT: u16 = 110;

/// Dissects one POP segment in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    let request = textline::to_server(d, PORT);
    d.set_protocol("POP");
    let node = d.tree.open_protocol(Field::Pop, o..end);
    d.tree.label(node, || "Post Office Protocol".into());
    let bytes = d.frame.range(o..end).unwrap_or(&[]);
    let lines = textline::lines(bytes, o);
    if let Some(first) = lines.first() {
        let text = textline::shown(d.frame.range(first.text()).unwrap_or(&[]));
        let side = if request { "C" } else { "S" };
        d.set_info(|| format!("{side}: {text}"));
        let (line_field, first_field, rest_field) = if request {
            (
                Field::PopRequest,
                Field::PopRequestCommand,
                Field::PopRequestParameter,
            )
        } else {
            (
                Field::PopResponse,
                Field::PopResponseIndicator,
                Field::PopResponseDescription,
            )
        };
        let n = d.tree.open(line_field, first.start..first.end, Value::None);
        let raw = d.frame.range(first.start..first.end).unwrap_or(&[]);
        let label = textline::shown(raw);
        d.tree.label(n, || label);
        let text = d.frame.range(first.text()).unwrap_or(&[]);
        let (token, rest) = textline::split_token(text);
        let t = &mut d.tree;
        let r = first.start..first.start + token.len();
        t.add(first_field, r, Value::Str(textline::shown(token).into()));
        if let Some(rest) = rest.filter(|r| !r.is_empty()) {
            let at = first.text_end - rest.len();
            t.add(
                rest_field,
                at..first.text_end,
                Value::Str(textline::shown(rest).into()),
            );
        }
        t.close();
    }
    for line in lines.iter().skip(1) {
        let field = if request {
            Field::PopRequestData
        } else {
            Field::PopResponseData
        };
        let n = d.tree.add(field, line.start..line.end, Value::None);
        let raw = d.frame.range(line.start..line.end).unwrap_or(&[]);
        let label = textline::shown(raw);
        d.tree.label(n, || label);
    }
    d.tree.close();
}
