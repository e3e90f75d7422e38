//! FTP control connections (RFC 959) on TCP 21: each request's command and argument, each
//! reply's code and text, with tshark's Info ("Request: USER anonymous", "Response: 230 …").

use super::Dissector;
use super::field::Field;
use super::textline::{self, Line};
use super::value::Value;

/// The control connection's port.
pub const PORT: u16 = 21;

/// Dissects one FTP segment in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    let request = textline::to_server(d, PORT);
    d.set_protocol("FTP");
    let node = d.tree.open_protocol(Field::Ftp, o..end);
    d.tree.label(node, || "File Transfer Protocol (FTP)".into());
    let t = &mut d.tree;
    t.add_hidden(Field::FtpRequest, o..o, Value::Bool(request));
    t.add_hidden(Field::FtpResponse, o..o, Value::Bool(!request));
    let bytes = d.frame.range(o..end).unwrap_or(&[]);
    let lines = textline::lines(bytes, o);
    if let Some(first) = lines.first() {
        let text = textline::shown(d.frame.range(first.text()).unwrap_or(&[]));
        let kind = if request { "Request" } else { "Response" };
        d.set_info(|| format!("{kind}: {text}"));
    }
    for (k, line) in lines.iter().enumerate() {
        let n = d
            .tree
            .open(Field::FtpLine, line.start..line.end, Value::None);
        let raw = d.frame.range(line.start..line.end).unwrap_or(&[]);
        let label = textline::shown(raw);
        d.tree.label(n, || label);
        if k == 0 {
            if request {
                command(d, line);
            } else {
                reply(d, line);
            }
        }
        d.tree.close();
    }
    d.tree.close();
}

fn command(d: &mut Dissector, line: &Line) {
    let text = d.frame.range(line.text()).unwrap_or(&[]);
    let (token, rest) = textline::split_token(text);
    let t = &mut d.tree;
    let cmd = line.start..line.start + token.len();
    t.add(
        Field::FtpRequestCommand,
        cmd,
        Value::Str(textline::shown(token).into()),
    );
    if let Some(arg) = rest.filter(|a| !a.is_empty()) {
        let at = line.text_end - arg.len();
        t.add(
            Field::FtpRequestArg,
            at..line.text_end,
            Value::Str(textline::shown(arg).into()),
        );
    }
}

fn reply(d: &mut Dissector, line: &Line) {
    let text = d.frame.range(line.text()).unwrap_or(&[]);
    let Some(code) = textline::reply_code(text) else {
        return;
    };
    let t = &mut d.tree;
    t.add(
        Field::FtpResponseCode,
        line.start..line.start + 3,
        Value::UInt(code),
    );
    if let Some(arg) = text.get(4..).filter(|a| !a.is_empty()) {
        let at = line.start + 4;
        t.add(
            Field::FtpResponseArg,
            at..line.text_end,
            Value::Str(textline::shown(arg).into()),
        );
    }
}
