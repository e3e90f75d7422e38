//! What TCP sequence analysis found, shown as tshark shows it: the `[SEQ/ACK analysis]` and
//! `[Timestamps]` trees, the expert notes, and the Info column prefixes.

/// Wireshark's `tcp.analyze_sequence_numbers` preference (on by default; one per process).
static ENABLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Whether indexing runs the sequence analysis.
pub fn enabled() -> bool {
    ENABLED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Turns the sequence analysis on or off for every capture indexed from now on.
pub fn set_enabled(on: bool) {
    ENABLED.store(on, std::sync::atomic::Ordering::Relaxed);
}

use super::Dissector;
use super::context::{TcpAnalysis, analysis as a};
use super::field::Field;
use super::tree::{Expert, Group, Severity};
use super::value::Value;

/// One analysis flag: its bit, field, expert severity and Info prefix, in tshark's order.
struct FlagDef {
    bit: u16,
    field: Field,
    severity: Severity,
    info: &'static str,
    /// A retransmission kind also counts as a plain retransmission.
    also_retransmission: bool,
}

const fn def(bit: u16, field: Field, severity: Severity, info: &'static str) -> FlagDef {
    FlagDef {
        bit,
        field,
        severity,
        info,
        also_retransmission: false,
    }
}

/// The flags tshark prints before the duplicate ACK, in its order.
const BEFORE_DUPLICATE_ACK: &[FlagDef] = &[
    def(
        a::REUSED_PORTS,
        Field::TcpAnalysisReusedPorts,
        Severity::Note,
        "TCP Port numbers reused",
    ),
    def(
        a::RETRANSMISSION,
        Field::TcpAnalysisRetransmission,
        Severity::Note,
        "TCP Retransmission",
    ),
    FlagDef {
        also_retransmission: true,
        ..def(
            a::FAST_RETRANSMISSION,
            Field::TcpAnalysisFastRetransmission,
            Severity::Note,
            "TCP Fast Retransmission",
        )
    },
    FlagDef {
        also_retransmission: true,
        ..def(
            a::SPURIOUS_RETRANSMISSION,
            Field::TcpAnalysisSpuriousRetransmission,
            Severity::Note,
            "TCP Spurious Retransmission",
        )
    },
    def(
        a::OUT_OF_ORDER,
        Field::TcpAnalysisOutOfOrder,
        Severity::Warning,
        "TCP Out-Of-Order",
    ),
    def(
        a::LOST_PACKET,
        Field::TcpAnalysisLostSegment,
        Severity::Warning,
        "TCP Previous segment not captured",
    ),
    def(
        a::ACK_LOST_PACKET,
        Field::TcpAnalysisAckLostSegment,
        Severity::Warning,
        "TCP ACKed unseen segment",
    ),
    def(
        a::WINDOW_UPDATE,
        Field::TcpAnalysisWindowUpdate,
        Severity::Chat,
        "TCP Window Update",
    ),
    def(
        a::WINDOW_FULL,
        Field::TcpAnalysisWindowFull,
        Severity::Warning,
        "TCP Window Full",
    ),
    def(
        a::KEEP_ALIVE,
        Field::TcpAnalysisKeepAlive,
        Severity::Note,
        "TCP Keep-Alive",
    ),
    def(
        a::KEEP_ALIVE_ACK,
        Field::TcpAnalysisKeepAliveAck,
        Severity::Note,
        "TCP Keep-Alive ACK",
    ),
];

/// The flags tshark prints after the duplicate ACK (which has numbers, so is done apart).
const AFTER_DUPLICATE_ACK: &[FlagDef] = &[
    def(
        a::ZERO_WINDOW_PROBE,
        Field::TcpAnalysisZeroWindowProbe,
        Severity::Note,
        "TCP ZeroWindowProbe",
    ),
    def(
        a::ZERO_WINDOW,
        Field::TcpAnalysisZeroWindow,
        Severity::Warning,
        "TCP ZeroWindow",
    ),
    def(
        a::ZERO_WINDOW_PROBE_ACK,
        Field::TcpAnalysisZeroWindowProbeAck,
        Severity::Note,
        "TCP ZeroWindowProbeAck",
    ),
];

fn sequence_note(severity: Severity, field: Field) -> Expert {
    Expert {
        severity,
        group: Group::Sequence,
        layer: "tcp",
        field: Some(field),
    }
}

/// The expert notes of a SYN, FIN or RST (inside the flags, as Wireshark places them).
pub fn connection_notes(d: &mut Dissector, flags: u16, src_port: u16, dst_port: u16, at: usize) {
    if !d.tree.keeps_notes() || flags & 0x007 == 0 {
        return;
    }
    let r = at..at;
    let t = &mut d.tree;
    if flags & 0x002 != 0 {
        let (field, message) = if flags & 0x010 != 0 {
            (
                Field::TcpConnectionSynack,
                format!("Connection establish acknowledge (SYN+ACK): server port {src_port}"),
            )
        } else {
            (
                Field::TcpConnectionSyn,
                format!("Connection establish request (SYN): server port {dst_port}"),
            )
        };
        t.expert(sequence_note(Severity::Chat, field), r.clone(), message);
    }
    if flags & 0x001 != 0 {
        let note = sequence_note(Severity::Chat, Field::TcpConnectionFin);
        t.expert(note, r.clone(), "Connection finish (FIN)".into());
        match d.ctx.tcp_analysis.and_then(|an| an.fin_initiates) {
            Some(true) => d.tree.expert(
                sequence_note(Severity::Note, Field::TcpConnectionFinActive),
                r.clone(),
                "This frame initiates the connection closing".into(),
            ),
            Some(false) => d.tree.expert(
                sequence_note(Severity::Note, Field::TcpConnectionFinPassive),
                r.clone(),
                "This frame undergoes the connection closing".into(),
            ),
            None => {}
        }
    }
    if flags & 0x004 != 0 {
        let note = sequence_note(Severity::Warning, Field::TcpConnectionRst);
        d.tree.expert(note, r, "Connection reset (RST)".into());
    }
}

/// The `[SEQ/ACK analysis]` and `[Timestamps]` trees of the outer TCP header at `at`.
pub fn show(d: &mut Dissector, at: usize) {
    let Some(an) = d.ctx.tcp_analysis else {
        return;
    };
    let r = at..at;
    if an.present {
        d.tree.open(Field::TcpAnalysis, r.clone(), Value::None);
        values(d, &an, at);
        if an.flags != 0 {
            flags(d, &an, at);
        }
        d.tree.close();
    }
    let t = &mut d.tree;
    t.open(Field::TcpTimestamps, r.clone(), Value::None);
    let rel = Value::RelTime {
        ns: an.time_relative_ns,
    };
    t.add(Field::TcpTimeRelative, r.clone(), rel);
    let delta = Value::RelTime {
        ns: an.time_delta_ns,
    };
    t.add(Field::TcpTimeDelta, r, delta);
    t.close();
}

fn values(d: &mut Dissector, an: &TcpAnalysis, at: usize) {
    let r = at..at;
    let t = &mut d.tree;
    if an.acks_frame != 0 {
        t.add(
            Field::TcpAnalysisAcksFrame,
            r.clone(),
            Value::UInt(an.acks_frame),
        );
        if an.ack_rtt_ns != 0 {
            let rtt = Value::RelTime { ns: an.ack_rtt_ns };
            t.add(Field::TcpAnalysisAckRtt, r.clone(), rtt);
        }
    }
    if let Some(ns) = an.initial_rtt_ns {
        t.add(
            Field::TcpAnalysisInitialRtt,
            r.clone(),
            Value::RelTime { ns },
        );
    }
    if an.bytes_in_flight != 0 {
        let bif = Value::UInt(u64::from(an.bytes_in_flight));
        t.add(Field::TcpAnalysisBytesInFlight, r.clone(), bif);
        let push = Value::UInt(u64::from(an.push_bytes_sent));
        t.add(Field::TcpAnalysisPushBytesSent, r, push);
    }
}

/// The flags tree with its expert notes, and the Info prefixes (each one goes in front of
/// the ones before it, as tshark's prepending does).
fn flags(d: &mut Dissector, an: &TcpAnalysis, at: usize) {
    let r = at..at;
    d.tree.open(Field::TcpAnalysisFlags, r.clone(), Value::None);
    let mut prefixes: Vec<String> = Vec::new();
    flag_list(d, an, at, BEFORE_DUPLICATE_ACK, &mut prefixes);
    duplicate_ack(d, an, at, &mut prefixes);
    flag_list(d, an, at, AFTER_DUPLICATE_ACK, &mut prefixes);
    d.tree.close();
    if d.tree.want_text {
        let mut text: String = prefixes.iter().rev().map(String::as_str).collect();
        text.push_str(&d.info_fence);
        d.info_fence = text;
    }
}

/// The notes and Info prefixes of the set flags among `list`.
fn flag_list(
    d: &mut Dissector,
    an: &TcpAnalysis,
    at: usize,
    list: &[FlagDef],
    prefixes: &mut Vec<String>,
) {
    let r = at..at;
    for f in list.iter().filter(|f| an.flags & f.bit != 0) {
        note(d, f.severity, f.field, f.field.def().display, at);
        if f.also_retransmission {
            let plain = Field::TcpAnalysisRetransmission;
            note(d, Severity::Note, plain, plain.def().display, at);
        }
        if f.bit == a::RETRANSMISSION
            && let Some((ns, frame)) = an.rto.filter(|(ns, _)| *ns != 0)
        {
            d.tree
                .add(Field::TcpAnalysisRto, r.clone(), Value::RelTime { ns });
            d.tree
                .add(Field::TcpAnalysisRtoFrame, r.clone(), Value::UInt(frame));
        }
        prefixes.push(format!("[{}] ", f.info));
    }
}

/// `[TCP Dup ACK 7#1]`, its number and the frame it repeats.
fn duplicate_ack(d: &mut Dissector, an: &TcpAnalysis, at: usize, prefixes: &mut Vec<String>) {
    if an.dupack_num == 0 {
        return;
    }
    let r = at..at;
    if an.flags & a::DUPLICATE_ACK != 0 {
        d.tree
            .add(Field::TcpAnalysisDuplicateAck, r.clone(), Value::None);
        prefixes.push(format!(
            "[TCP Dup ACK {}#{}] ",
            an.dupack_frame, an.dupack_num
        ));
    }
    let t = &mut d.tree;
    let num = Value::UInt(u64::from(an.dupack_num));
    t.add(Field::TcpAnalysisDuplicateAckNum, r.clone(), num);
    t.add(
        Field::TcpAnalysisDuplicateAckFrame,
        r,
        Value::UInt(an.dupack_frame),
    );
    let message = format!("Duplicate ACK (#{})", an.dupack_num);
    let e = sequence_note(Severity::Note, Field::TcpAnalysisDuplicateAck);
    d.tree.expert(e, at..at, message);
}

fn note(d: &mut Dissector, severity: Severity, field: Field, message: &str, at: usize) {
    d.tree
        .expert(sequence_note(severity, field), at..at, message.to_string());
}
