//! FTP state across frames, kept by the index pass in capture order as Wireshark keeps it
//! per conversation: each control connection's working directory and last command, the
//! data connections its PORT/PASV/EPRT/EPSV lines announce (one end's address and port,
//! the other end's address, its port bound by the first packet that matches), and what
//! each data connection's frames show (setup frame and method, first command after it).

use std::net::IpAddr;
use std::sync::Arc;

use crate::dissect::context::Transport;

/// A data connection a control line announces (the endpoints Wireshark keys it by).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSetup {
    /// The end whose address and port are known.
    pub a: (IpAddr, u16),
    /// The other end's address (any port).
    pub b: IpAddr,
    /// `PORT`, `PASV`, `EPRT` or `EPASV`.
    pub method: &'static str,
}

/// What one FTP control segment tells the conversation (read while indexing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FtpSeen {
    /// Sent to the server.
    pub request: bool,
    /// Its first line, without the line end.
    pub line: String,
    /// A reply's code.
    pub code: Option<u32>,
    /// The data connection it announces.
    pub setup: Option<DataSetup>,
}

/// What a data connection's frame shows about its setup (Wireshark's FTP-DATA fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FtpDataFrame {
    /// The control frame that announced the connection.
    pub setup_frame: u64,
    /// How it was announced.
    pub method: &'static str,
    /// The first command sent after the announcement, and its frame, once seen.
    pub command: Option<(String, u64)>,
    /// The working directory when it was announced.
    pub cwd: String,
}

/// What the index pass found for one FTP frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FtpFrame {
    /// A control frame: the working directory it shows.
    Control(Arc<str>),
    /// A frame of a data connection.
    Data(Arc<FtpDataFrame>),
}

#[derive(Debug, Default)]
struct Control {
    cwd: String,
    last_command: Option<String>,
    current_data: Option<usize>,
}

#[derive(Debug)]
struct DataConversation {
    setup: DataSetup,
    /// The other end's port, once a packet bound it.
    b_port: Option<u16>,
    frame: FtpDataFrame,
}

/// Control and data connections in capture order.
#[derive(Debug, Default)]
pub struct FtpTracker {
    controls: rustc_hash::FxHashMap<u32, Control>,
    data: Vec<DataConversation>,
    /// Data connection of each TCP flow a packet bound.
    bound: rustc_hash::FxHashMap<u32, usize>,
}

impl FtpTracker {
    /// An FTP control segment of `flow` in `frame`: updates the conversation and returns the
    /// working directory the frame shows.
    pub fn control(&mut self, frame: u64, flow: u32, seen: &FtpSeen) -> Arc<str> {
        let control = self.controls.entry(flow).or_default();
        let mut shown: Arc<str> = control.cwd.as_str().into();
        if seen.request {
            control.last_command = Some(seen.line.clone());
            let current = control.current_data.and_then(|k| self.data.get_mut(k));
            if let Some(data) = current.filter(|d| d.frame.command.is_none()) {
                data.frame.command = Some((seen.line.clone(), frame));
            }
        }
        match seen.code {
            Some(250) => {
                let last = control.last_command.as_deref().unwrap_or_default();
                let path = if let Some(path) = last.strip_prefix("CWD ") {
                    Some(path.to_owned())
                } else {
                    last.starts_with("CDUP").then(|| "..".to_owned())
                };
                if let Some(path) = path {
                    control.cwd = change_directory(&control.cwd, &path);
                    shown = control.cwd.as_str().into();
                }
            }
            Some(257) => {
                if let Some(path) = seen.line.get(4..).and_then(quoted_path) {
                    control.cwd = path;
                }
                shown = control.cwd.as_str().into();
            }
            _ => {}
        }
        if let Some(setup) = &seen.setup {
            let cwd = control.cwd.clone();
            control.current_data = Some(self.data.len());
            self.data.push(DataConversation {
                setup: setup.clone(),
                b_port: None,
                frame: FtpDataFrame {
                    setup_frame: frame,
                    method: setup.method,
                    command: None,
                    cwd,
                },
            });
        }
        shown
    }

    /// A TCP packet of `flow`: what it shows as FTP data when its connection is one a control
    /// connection announced (the newest announcement that matches binds the flow).
    pub fn data(&mut self, flow: u32, t: &Transport) -> Option<Arc<FtpDataFrame>> {
        if self.data.is_empty() {
            return None;
        }
        let k = match self.bound.get(&flow) {
            Some(&k) => k,
            None => {
                let k = self.data.iter().rposition(|c| c.matches(t).is_some())?;
                let conversation = self.data.get_mut(k)?;
                conversation.b_port = conversation.matches(t);
                self.bound.insert(flow, k);
                k
            }
        };
        self.data.get(k).map(|c| Arc::new(c.frame.clone()))
    }
}

impl DataConversation {
    /// The other end's port when `t` runs between this conversation's endpoints.
    fn matches(&self, t: &Transport) -> Option<u16> {
        let (a, a_port) = self.setup.a;
        let port_ok = |p: u16| self.b_port.is_none_or(|b| b == p);
        if t.src == a && t.src_port == a_port && t.dst == self.setup.b && port_ok(t.dst_port) {
            return Some(t.dst_port);
        }
        if t.dst == a && t.dst_port == a_port && t.src == self.setup.b && port_ok(t.src_port) {
            return Some(t.src_port);
        }
        None
    }
}

/// The directory a 257 reply names: its text between the first pair of quotes, `""` standing
/// for one quote (None when it does not start with a quote or has no closing one).
fn quoted_path(text: &str) -> Option<String> {
    let rest = text.strip_prefix('"')?;
    let mut path = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => return None,
            '"' if chars.peek() == Some(&'"') => {
                chars.next();
                path.push('"');
            }
            '"' => return Some(path),
            c => path.push(c),
        }
    }
    None
}

/// The working directory after a successful `CWD path` (or CDUP as `..`), as Wireshark
/// normalises it: absolute paths replace, relative ones append with `.` dropped and `..`
/// removing the directory before.
fn change_directory(cwd: &str, path: &str) -> String {
    if path.starts_with('/') {
        return path.to_owned();
    }
    if cwd.is_empty() {
        return path.to_owned();
    }
    let joined = if cwd.ends_with('/') {
        format!("{cwd}{path}")
    } else {
        format!("{cwd}/{path}")
    };
    let absolute = cwd.starts_with('/');
    let mut out = String::from(if absolute { "/" } else { "" });
    let skip = usize::from(absolute);
    for folder in joined.get(skip..).unwrap_or_default().split('/') {
        match folder {
            "" | "." => {}
            ".." => {
                while !out.is_empty() && !out.ends_with('/') {
                    out.pop();
                }
                if out.len() > 1 && out.ends_with('/') {
                    out.pop();
                }
            }
            name => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dissect::context::{Sack, TransportKind};

    fn segment(src: (&str, u16), dst: (&str, u16)) -> Transport {
        Transport {
            kind: TransportKind::Tcp,
            src: src.0.parse().expect("test value"),
            dst: dst.0.parse().expect("test value"),
            src_port: src.1,
            dst_port: dst.1,
            seq: 0,
            ack: 0,
            flags: 0x18,
            payload: 0..10,
            seg_len: 10,
            window: 0,
            sack: Sack::default(),
            fragment: false,
            wscale: None,
        }
    }

    fn seen(request: bool, line: &str, code: Option<u32>, setup: Option<DataSetup>) -> FtpSeen {
        FtpSeen {
            request,
            line: line.into(),
            code,
            setup,
        }
    }

    #[test]
    fn a_passive_announcement_binds_the_first_connection_that_matches() {
        let (server, client) = ("198.18.0.1", "198.18.0.2");
        let mut ftp = FtpTracker::default();
        assert_eq!(
            &*ftp.control(1, 7, &seen(false, "257 \"/\" here", Some(257), None)),
            "/"
        );
        let setup = DataSetup {
            a: (server.parse().expect("test value"), 5000),
            b: client.parse().expect("test value"),
            method: "EPASV",
        };
        ftp.control(2, 7, &seen(false, "229 (|||5000|)", Some(229), Some(setup)));
        // Not the announced port: no data connection.
        assert_eq!(ftp.data(9, &segment((client, 40000), (server, 5001))), None);
        let first = ftp
            .data(8, &segment((client, 40000), (server, 5000)))
            .expect("test value");
        assert_eq!(
            (first.setup_frame, first.method, first.command.clone()),
            (2, "EPASV", None)
        );
        ftp.control(3, 7, &seen(true, "LIST", None, None));
        ftp.control(4, 7, &seen(true, "NOOP", None, None));
        let later = ftp
            .data(8, &segment((server, 5000), (client, 40000)))
            .expect("test value");
        assert_eq!(later.command, Some(("LIST".into(), 3)));
        assert_eq!(later.cwd, "/");
        // The wildcard port is bound now: another client port does not match.
        assert_eq!(
            ftp.data(10, &segment((client, 40001), (server, 5000))),
            None
        );
    }

    #[test]
    fn cwd_and_cdup_change_the_directory_only_on_success() {
        let mut ftp = FtpTracker::default();
        ftp.control(1, 1, &seen(true, "CWD /pub", None, None));
        assert_eq!(
            &*ftp.control(2, 1, &seen(false, "550 No.", Some(550), None)),
            ""
        );
        assert_eq!(
            &*ftp.control(3, 1, &seen(false, "250 Ok.", Some(250), None)),
            "/pub"
        );
        ftp.control(4, 1, &seen(true, "CDUP", None, None));
        assert_eq!(
            &*ftp.control(5, 1, &seen(false, "250 Ok.", Some(250), None)),
            "/"
        );
        // Another control connection has its own directory.
        assert_eq!(&*ftp.control(6, 2, &seen(true, "PWD", None, None)), "");
    }

    #[test]
    fn directories_change_as_wiresharks() {
        assert_eq!(change_directory("/", "pub"), "/pub");
        assert_eq!(change_directory("/pub", "a/b"), "/pub/a/b");
        assert_eq!(change_directory("/pub/a", ".."), "/pub");
        assert_eq!(change_directory("/pub", ".."), "/");
        assert_eq!(change_directory("/pub", "./x"), "/pub/x");
        assert_eq!(change_directory("", "pub"), "pub");
        assert_eq!(change_directory("/pub", "/etc"), "/etc");
    }

    #[test]
    fn pwd_replies_name_the_directory_in_quotes() {
        assert_eq!(
            quoted_path("\"/\" is the current directory."),
            Some("/".into())
        );
        assert_eq!(
            quoted_path("\"/a \"\"b\"\"\" here"),
            Some("/a \"b\"".into())
        );
        assert_eq!(quoted_path("/ is it"), None);
        assert_eq!(quoted_path("\"/unterminated"), None);
    }
}
