//! SMTP (RFC 5321) on TCP 25 and 587: command lines with their command and parameter, replies
//! with their code and every line's parameter, and tshark's Info ("C: EHLO host",
//! "S: 250-host | PIPELINING | SIZE 10240000"). A client segment that starts with no SMTP
//! command is message data ("C: DATA fragment, N bytes").

use super::Dissector;
use super::field::Field;
use super::textline::{self, Line};
use super::value::Value;

/// The SMTP ports Wireshark registers.
pub const PORTS: [u16; 2] = [25, 587];

/// Commands of RFC 5321 and its extensions: a client line that starts with another word is
/// message data.
const COMMANDS: &[&str] = &[
    "HELO", "EHLO", "MAIL", "RCPT", "DATA", "RSET", "VRFY", "EXPN", "HELP", "NOOP", "QUIT", "TURN",
    "SEND", "SOML", "SAML", "AUTH", "STARTTLS", "BDAT", "ETRN", "ATRN", "XCLIENT", "XFORWARD",
    "XEXCH50",
];

fn is_command(token: &[u8]) -> bool {
    COMMANDS
        .iter()
        .any(|c| c.as_bytes().eq_ignore_ascii_case(token))
}

/// Dissects one SMTP segment in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    let request = PORTS.iter().any(|&p| textline::to_server(d, p));
    d.set_protocol("SMTP");
    let node = d.tree.open_protocol(Field::Smtp, o..end);
    d.tree
        .label(node, || "Simple Mail Transfer Protocol".into());
    let bytes = d.frame.range(o..end).unwrap_or(&[]);
    let lines = textline::lines(bytes, o);
    let first_token = lines
        .first()
        .map(|l| textline::split_token(d.frame.range(l.text()).unwrap_or(&[])).0)
        .unwrap_or(&[]);
    let mut message = None;
    if request && !is_command(first_token) {
        message = data(d, o, end, bytes);
    } else if request {
        d.tree.add_hidden(Field::SmtpReq, o..o, Value::Bool(true));
        let texts: Vec<String> = lines.iter().map(|l| command(d, l)).collect();
        d.set_info(|| format!("C: {}", texts.join(" | ")));
    } else {
        d.tree.add_hidden(Field::SmtpRsp, o..o, Value::Bool(true));
        reply(d, &lines);
    }
    d.tree.close();
    if let Some(eom) = message {
        super::imf::dissect(d, o, eom);
    }
}

/// Message data after DATA: a whole message in this segment (headers first, the `.` line
/// last) goes to IMF (its end returned); any other piece is a fragment.
fn data(d: &mut Dissector, o: usize, end: usize, bytes: &[u8]) -> Option<usize> {
    if bytes.ends_with(b"\r\n.\r\n") && super::imf::starts_with_header(bytes) {
        let eom = end - 3;
        d.tree.add(Field::SmtpEom, eom..end, Value::None);
        return Some(eom);
    }
    let n = end - o;
    d.set_info(|| {
        format!(
            "C: DATA fragment, {n} byte{}",
            if n == 1 { "" } else { "s" }
        )
    });
    None
}

/// Adds one command line; returns its text for Info.
fn command(d: &mut Dissector, line: &Line) -> String {
    let raw = d.frame.range(line.start..line.end).unwrap_or(&[]);
    let text = d.frame.range(line.text()).unwrap_or(&[]);
    let shown = textline::shown(raw);
    let n = d.tree.open(
        Field::SmtpCommandLine,
        line.start..line.end,
        Value::Str(shown.clone().into()),
    );
    d.tree.label(n, || format!("Command Line: {shown}"));
    let (token, rest) = textline::split_token(text);
    let t = &mut d.tree;
    let cmd = line.start..line.start + token.len();
    t.add(
        Field::SmtpReqCommand,
        cmd,
        Value::Str(textline::shown(token).into()),
    );
    if let Some(arg) = rest.filter(|a| !a.is_empty()) {
        let at = line.text_end - arg.len();
        let v = Value::Str(textline::shown(arg).into());
        t.add(Field::SmtpReqParameter, at..line.text_end, v);
    }
    t.close();
    textline::shown(text)
}

/// Adds a reply: the first line with its code, every line's parameter.
fn reply(d: &mut Dissector, lines: &[Line]) {
    let Some(first) = lines.first() else {
        return;
    };
    let raw = d.frame.range(first.start..first.end).unwrap_or(&[]);
    let shown = textline::shown(raw);
    let last_end = lines.last().map_or(first.end, |l| l.end);
    let n = d.tree.open(
        Field::SmtpResponse,
        first.start..last_end,
        Value::Str(shown.clone().into()),
    );
    d.tree.label(n, || format!("Response: {shown}"));
    let first_text = d.frame.range(first.text()).unwrap_or(&[]);
    if let Some(c) = textline::reply_code(first_text) {
        d.tree.add(
            Field::SmtpResponseCode,
            first.start..first.start + 3,
            Value::UInt(c),
        );
    }
    let mut info = format!("S: {}", textline::shown(first_text));
    for (k, line) in lines.iter().enumerate() {
        let text = d.frame.range(line.text()).unwrap_or(&[]);
        let param = if textline::reply_code(text).is_some() {
            text.get(4..)
        } else {
            Some(text)
        };
        let Some(param) = param.filter(|p| !p.is_empty()) else {
            continue;
        };
        let shown = textline::shown(param);
        if k > 0 {
            info.push_str(" | ");
            info.push_str(&shown);
        }
        let at = line.text_end - param.len();
        d.tree.add(
            Field::SmtpRspParameter,
            at..line.text_end,
            Value::Str(shown.into()),
        );
    }
    d.tree.close();
    d.set_info(|| info);
}
