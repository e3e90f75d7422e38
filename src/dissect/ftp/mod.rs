//! FTP control connections (RFC 959) on TCP 21: each request's command and argument, each
//! reply's code and text, with tshark's Info ("Request: USER anonymous", "Response: 230 …"),
//! the data connections PORT/EPRT commands and 227/229 replies announce (tracked across
//! frames in [`conversation`], dissected as FTP-DATA in [`data`]), and the working directory.

mod announce;
pub mod conversation;
mod data;

use std::net::IpAddr;

use super::Dissector;
use super::field::Field;
use super::textline::{self, Line};
use super::value::Value;
use conversation::{DataSetup, FtpFrame, FtpSeen};

pub use data::dissect as dissect_data;

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
    let mut seen = FtpSeen {
        request,
        ..FtpSeen::default()
    };
    for (k, line) in lines.iter().enumerate() {
        let n = d
            .tree
            .open(Field::FtpLine, line.start..line.end, Value::None);
        let raw = d.frame.range(line.start..line.end).unwrap_or(&[]);
        let label = textline::shown(raw);
        d.tree.label(n, || label);
        if k == 0 {
            let text = d.frame.range(line.text()).unwrap_or(&[]);
            seen.line = String::from_utf8_lossy(text).into_owned();
            if request {
                seen.setup = command(d, line);
            } else {
                (seen.code, seen.setup) = reply(d, line);
            }
        }
        d.tree.close();
    }
    d.tree.close();
    let cwd = match &d.ctx.ftp {
        Some(FtpFrame::Control(cwd)) => Box::from(&**cwd),
        _ => Box::from(""),
    };
    d.tree
        .add(Field::FtpCurrentWorkingDirectory, o..o, Value::Str(cwd));
    d.ftp_seen = Some(seen);
}

/// The packet's source and destination addresses.
fn endpoints(d: &Dissector) -> Option<(IpAddr, IpAddr)> {
    d.net.map(|n| (n.src, n.dst))
}

/// A request's command and argument; returns the data connection a PORT or EPRT announces.
fn command(d: &mut Dissector, line: &Line) -> Option<DataSetup> {
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
        let at = line.text_end - arg.len();
        return match token {
            b"PORT" => port(d, arg, at),
            b"EPRT" => eprt(d, arg, at),
            _ => None,
        };
    }
    None
}

/// A PORT argument at `at`: the client's address and port; the server connects from port 20.
fn port(d: &mut Dissector, arg: &[u8], at: usize) -> Option<DataSetup> {
    let hp = announce::port_pasv(arg)?;
    let (src, dst) = endpoints(d)?;
    let t = &mut d.tree;
    let range = |r: std::ops::Range<usize>| at + r.start..at + r.end;
    t.add(Field::FtpActiveCip, range(hp.ip_range), Value::Ipv4(hp.ip));
    t.add(
        Field::FtpActivePort,
        range(hp.port_range),
        Value::UInt(u64::from(hp.port)),
    );
    if src != IpAddr::V4(hp.ip) {
        t.add(Field::FtpActiveNat, at..at, Value::Bool(true));
    }
    Some(DataSetup {
        a: (dst, 20),
        b: IpAddr::V4(hp.ip),
        method: "PORT",
    })
}

/// An EPRT argument at `at`: family, address and port of the client's listener.
fn eprt(d: &mut Dissector, arg: &[u8], at: usize) -> Option<DataSetup> {
    let e = announce::eprt(arg)?;
    let (src, _) = endpoints(d)?;
    let t = &mut d.tree;
    let n = t.add(
        Field::FtpEprtAf,
        at + 1..at + 2,
        Value::UInt(u64::from(e.af)),
    );
    let family = if e.af == 1 { "IPv4" } else { "IPv6" };
    t.label(n, || {
        format!("Extended active address family: {family} ({})", e.af)
    });
    let ip_range = at + e.ip_range.start..at + e.ip_range.end;
    match e.ip {
        IpAddr::V4(ip) => t.add(Field::FtpEprtIp, ip_range, Value::Ipv4(ip)),
        IpAddr::V6(ip) => t.add(Field::FtpEprtIpv6, ip_range, Value::Ipv6(ip)),
    };
    t.add(
        Field::FtpEprtPort,
        at + e.port_range.start..at + e.port_range.end,
        Value::UInt(u64::from(e.port)),
    );
    // Wireshark keys the connection by the sender's address and the announced port.
    Some(DataSetup {
        a: (src, e.port),
        b: e.ip,
        method: "EPRT",
    })
}

/// A reply's code and text; returns the code and the data connection a 227 or 229 announces.
fn reply(d: &mut Dissector, line: &Line) -> (Option<u32>, Option<DataSetup>) {
    let text = d.frame.range(line.text()).unwrap_or(&[]);
    let Some(code) = textline::reply_code(text) else {
        return (None, None);
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
        let setup = match code {
            227 => pasv(d, arg, at),
            229 => epsv(d, arg, at),
            _ => None,
        };
        return (u32::try_from(code).ok(), setup);
    }
    (u32::try_from(code).ok(), None)
}

/// A 227 reply's text at `at`: the server's address and port.
fn pasv(d: &mut Dissector, text: &[u8], at: usize) -> Option<DataSetup> {
    let hp = announce::port_pasv(text)?;
    let (src, dst) = endpoints(d)?;
    let t = &mut d.tree;
    let range = |r: std::ops::Range<usize>| at + r.start..at + r.end;
    t.add(Field::FtpPassiveIp, range(hp.ip_range), Value::Ipv4(hp.ip));
    t.add(
        Field::FtpPassivePort,
        range(hp.port_range),
        Value::UInt(u64::from(hp.port)),
    );
    if src != IpAddr::V4(hp.ip) {
        t.add(Field::FtpPassiveNat, at..at, Value::Bool(true));
    }
    Some(DataSetup {
        a: (IpAddr::V4(hp.ip), hp.port),
        b: dst,
        method: "PASV",
    })
}

/// A 229 reply's text at `at`: the port on the server's address.
fn epsv(d: &mut Dissector, text: &[u8], at: usize) -> Option<DataSetup> {
    let (port, digits) = announce::epsv(text)?;
    let (src, dst) = endpoints(d)?;
    let t = &mut d.tree;
    let line_start = at - 4;
    match src {
        IpAddr::V4(ip) => t.add(Field::FtpEpsvIp, line_start..line_start, Value::Ipv4(ip)),
        IpAddr::V6(ip) => t.add(Field::FtpEpsvIpv6, line_start..line_start, Value::Ipv6(ip)),
    };
    t.add(
        Field::FtpEpsvPort,
        at + digits.start..at + digits.end,
        Value::UInt(u64::from(port)),
    );
    Some(DataSetup {
        a: (src, port),
        b: dst,
        method: "EPASV",
    })
}
