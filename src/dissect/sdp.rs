//! SDP (RFC 8866) in a SIP body: each line by its type letter, with the parts of the origin,
//! connection, time and media lines and each media attribute's name.

use super::Dissector;
use super::field::Field;
use super::rtp::session::MediaAnnounce;
use super::textline;
use super::value::Value;

/// Dissects a session description in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let node = d.tree.open_protocol(Field::Sdp, o..end);
    d.tree.label(node, || "Session Description Protocol".into());
    let bytes = d.frame.range(o..end).unwrap_or(&[]);
    let mut in_media = false;
    let mut media = MediaLines::default();
    for line in textline::lines(bytes, o) {
        let text = d.frame.text(line.text());
        let Some((kind, value)) = text.split_once('=') else {
            continue;
        };
        let at = line.start + kind.len() + 1;
        media.line(kind, value);
        in_media |= kind == "m";
        if kind == "a" && !in_media {
            let v = Value::Str(value.into());
            d.tree.add(Field::SdpSessionAttr, at..at + value.len(), v);
            continue;
        }
        self::line(d, kind, at, value);
    }
    d.tree.close();
    let announced = media.finish();
    if !announced.is_empty() {
        d.sdp_seen.get_or_insert_default().media.extend(announced);
    }
}

/// The RTP media of a description, read line by line: each `m=` line with the `c=` address
/// that applies to it (its own, else the session's), its `a=rtpmap` names and `a=rtcp-mux`.
#[derive(Default)]
struct MediaLines {
    session_addr: Option<std::net::IpAddr>,
    current: Option<(Option<MediaAnnounce>, Option<std::net::IpAddr>)>,
    done: Vec<MediaAnnounce>,
}

impl MediaLines {
    fn line(&mut self, kind: &str, value: &str) {
        match kind {
            "m" => {
                self.flush();
                self.current = Some((rtp_media(value), None));
            }
            "c" => {
                let addr = value
                    .split(' ')
                    .nth(2)
                    .and_then(|a| a.split('/').next()?.parse().ok());
                match &mut self.current {
                    Some((_, media_addr)) => *media_addr = addr,
                    None => self.session_addr = addr,
                }
            }
            "a" => {
                let Some((Some(m), _)) = &mut self.current else {
                    return;
                };
                if value == "rtcp-mux" {
                    m.rtcp_mux = true;
                } else if let Some(map) = value.strip_prefix("rtpmap:") {
                    let (pt, encoding) = map.split_once(' ').unwrap_or((map, ""));
                    let name = encoding.split('/').next().unwrap_or("").trim();
                    if let Ok(pt) = pt.trim().parse::<u8>() {
                        m.payloads.push((pt, name.into()));
                    }
                }
            }
            _ => {}
        }
    }

    fn flush(&mut self) {
        if let Some((Some(mut m), media_addr)) = self.current.take()
            && let Some(addr) = media_addr.or(self.session_addr)
        {
            m.addr = addr;
            self.done.push(m);
        }
    }

    fn finish(mut self) -> Vec<MediaAnnounce> {
        self.flush();
        self.done
    }
}

/// An `m=` line's port when its transport is RTP (`RTP/AVP`, `RTP/AVPF`; not SRTP) and the
/// port is not 0 (a rejected stream).
fn rtp_media(value: &str) -> Option<MediaAnnounce> {
    let mut parts = value.split(' ');
    let port = parts.nth(1)?.split('/').next()?.parse::<u16>().ok()?;
    let proto = parts.next()?;
    let rtp = matches!(proto, "RTP/AVP" | "RTP/AVPF");
    (rtp && port != 0).then(|| MediaAnnounce {
        addr: std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
        port,
        rtcp_mux: false,
        payloads: Vec::new(),
    })
}

/// Adds `value`'s space-separated words at `at` as `fields`, in order.
fn words(t: &mut super::Tree, at: usize, value: &str, fields: &[Field]) {
    let mut pos = 0;
    for (word, field) in value.split(' ').zip(fields) {
        t.add(
            *field,
            at + pos..at + pos + word.len(),
            Value::Str(word.into()),
        );
        pos += word.len() + 1;
    }
}

fn line(d: &mut Dissector, kind: &str, at: usize, value: &str) {
    let t = &mut d.tree;
    let r = at..at + value.len();
    let v = Value::Str(value.into());
    match kind {
        "v" => {
            t.add(Field::SdpVersion, r, v);
        }
        "o" => {
            t.open(Field::SdpOwner, r, v);
            let fields = [
                Field::SdpOwnerUsername,
                Field::SdpOwnerSessionid,
                Field::SdpOwnerVersion,
                Field::SdpOwnerNetworkType,
                Field::SdpOwnerAddressType,
                Field::SdpOwnerAddress,
            ];
            words(t, at, value, &fields);
            t.close();
        }
        "s" => {
            t.add(Field::SdpSessionName, r, v);
        }
        "c" => {
            t.open(Field::SdpConnectionInfo, r, v);
            let fields = [
                Field::SdpConnectionInfoNetworkType,
                Field::SdpConnectionInfoAddressType,
                Field::SdpConnectionInfoAddress,
            ];
            words(t, at, value, &fields);
            t.close();
        }
        "t" => {
            t.open(Field::SdpTime, r, v);
            words(t, at, value, &[Field::SdpTimeStart, Field::SdpTimeStop]);
            t.close();
        }
        "m" => {
            t.open(Field::SdpMedia, r, v);
            let mut parts = value.split(' ');
            let media = parts.next().unwrap_or("");
            t.add(
                Field::SdpMediaMedia,
                at..at + media.len(),
                Value::Str(media.into()),
            );
            let port = parts.next().unwrap_or("");
            let p_at = at + media.len() + 1;
            if let Ok(p) = port.split('/').next().unwrap_or("").parse::<u64>() {
                t.add(Field::SdpMediaPort, p_at..p_at + port.len(), Value::UInt(p));
            }
            let proto = parts.next().unwrap_or("");
            let pr_at = p_at + port.len() + 1;
            t.add(
                Field::SdpMediaProto,
                pr_at..pr_at + proto.len(),
                Value::Str(proto.into()),
            );
            t.close();
        }
        "a" => {
            t.open(Field::SdpMediaAttr, r, v);
            let name = value.split(':').next().unwrap_or("");
            t.add(
                Field::SdpMediaAttributeField,
                at..at + name.len(),
                Value::Str(name.into()),
            );
            t.close();
        }
        _ => {}
    }
}
