//! The Frame pseudo-layer: capture metadata and `frame.protocols`.

use super::field::Field;
use super::tree::{Expert, ExpertNote, Group, Severity, TRUNCATED};
use super::value::{Value, format_seconds_ns};
use super::{Dissector, FrameInfo, link, names};

/// Adds the Frame layer, dissects the link layer, then fills `frame.protocols`.
pub fn dissect(d: &mut Dissector, info: &FrameInfo) {
    let cap_len = d.frame.len();
    let t = &mut d.tree;
    let root = t.open_protocol(Field::Frame, 0..cap_len);
    let bits_on_wire = u64::from(info.orig_len) * 8;
    let number = info.number;
    t.label(root, || {
        format!(
            "Frame {number}: {} bytes on wire ({bits_on_wire} bits), {cap_len} bytes captured ({} bits)",
            info.orig_len,
            cap_len * 8
        )
    });
    t.add(
        Field::FrameInterfaceId,
        0..0,
        Value::UInt(u64::from(info.interface)),
    );
    t.add(
        Field::FrameEncapType,
        0..0,
        Value::Int(info.link.wtap_encap()),
    );
    if info.timestamped {
        time_fields(t, info);
    }
    t.add(Field::FrameNumber, 0..0, Value::UInt(number));
    let len = t.add(Field::FrameLen, 0..0, Value::UInt(u64::from(info.orig_len)));
    t.label(len, || {
        format!(
            "Frame Length: {} bytes ({bits_on_wire} bits)",
            info.orig_len
        )
    });
    let cap = t.add(Field::FrameCapLen, 0..0, Value::UInt(cap_len as u64));
    t.label(cap, || {
        format!("Capture Length: {cap_len} bytes ({} bits)", cap_len * 8)
    });
    let protocols = t.add(Field::FrameProtocols, 0..0, Value::None);
    t.close();
    finish(d, info, protocols, cap_len);
}

/// `frame.time`, `frame.time_epoch`, `frame.time_delta`, `frame.time_relative`.
fn time_fields(t: &mut super::tree::Tree, info: &FrameInfo) {
    t.add(Field::FrameTime, 0..0, Value::AbsTime { ns: info.ts_ns });
    let epoch = t.add(
        Field::FrameTimeEpoch,
        0..0,
        Value::AbsTime { ns: info.ts_ns },
    );
    t.label(epoch, || {
        format!("Epoch Time: {} seconds", format_seconds_ns(info.ts_ns))
    });
    let delta = t.add(
        Field::FrameTimeDelta,
        0..0,
        Value::RelTime { ns: info.delta_ns },
    );
    t.label(delta, || {
        format!(
            "Time delta from previous captured frame: {} seconds",
            format_seconds_ns(info.delta_ns)
        )
    });
    let rel = t.add(
        Field::FrameTimeRelative,
        0..0,
        Value::RelTime { ns: info.rel_ns },
    );
    t.label(rel, || {
        format!(
            "Time since reference or first frame: {} seconds",
            format_seconds_ns(info.rel_ns)
        )
    });
}

/// As Wireshark: data that ends early was cut by the snapshot length (a short frame, no
/// expert note) or is malformed (`_ws.malformed` with its error note); the innermost layer
/// that ran out names it.
fn truncation(d: &mut Dissector, cut_by_snaplen: bool) {
    let is_truncation = |n: &ExpertNote| n.message.starts_with(TRUNCATED);
    let Some(layer) = d
        .tree
        .notes
        .iter()
        .rfind(|n| is_truncation(n))
        .map(|n| n.layer)
    else {
        return;
    };
    d.tree.notes.retain(|n| !is_truncation(n));
    if cut_by_snaplen {
        let name = names::protocol_short_name(layer);
        let label = format!("[Packet size limited during capture: {name} truncated]");
        let node = d.tree.open(Field::Short, 0..0, Value::None);
        d.tree.label(node, || label);
        d.tree.close();
        d.append_info("[Packet size limited during capture]");
    } else {
        malformed(d, layer);
    }
}

/// Wireshark's malformed-packet item for `layer` (`_ws.malformed` with its error note), at
/// the current place in the tree, and the Info tag.
pub fn malformed(d: &mut Dissector, layer: &'static str) {
    let name = names::protocol_short_name(layer);
    let node = d.tree.open(Field::Malformed, 0..0, Value::None);
    d.tree.label(node, || format!("[Malformed Packet: {name}]"));
    let e = Expert {
        severity: Severity::Error,
        group: Group::Malformed,
        layer,
        field: None,
    };
    d.tree
        .expert(e, 0..0, "Malformed Packet (Exception occurred)".into());
    d.tree.close();
    d.append_info("[Malformed Packet]");
}

/// The link layer and what follows, then the summary tags and `frame.protocols`.
fn finish(d: &mut Dissector, info: &FrameInfo, protocols: usize, cap_len: usize) {
    d.set_protocol("Frame");
    link::dissect(d, info.link);
    if d.tree.want_text {
        let fence = std::mem::take(&mut d.info_fence);
        d.tree.summary.info.insert_str(0, &fence);
        d.tree.summary.source = d.endpoints.0.text();
        d.tree.summary.destination = d.endpoints.1.text();
    }
    truncation(d, (info.orig_len as usize) > cap_len);
    // Built only for display; filters and `-T fields` derive it from `Tree::protocols`.
    if d.tree.want_text {
        let joined = d.tree.frame_protocols();
        if let Some(n) = d.tree.nodes.get_mut(protocols) {
            n.value = Value::Str(joined.into_boxed_str());
        }
    }
}
