//! A loaded, installed set of descriptions as the dissector sees it: table lookups,
//! heuristics, and the walk's events written into the tree.

use super::decode::{self, Decoded, Event, Failure};
use super::eval::{self, Position, Val};
use super::plan::{Next, Part, Plan, ProtoPlan, Template};
use crate::dissect::app::PduLen;
use crate::dissect::custom::{Layers, Table};
use crate::dissect::format::field_text;
use crate::dissect::reader::Short;
use crate::dissect::tree::Severity;
use crate::dissect::{Dissector, Value, data, ethernet, ethertype, ipproto, ipv4, ipv6};
use rustc_hash::FxHashMap;
use std::cell::Cell;

/// The most described protocols one frame may stack (a `next` chain).
const MAX_CHAIN: u8 = 16;

thread_local! {
    static CHAIN: Cell<u8> = const { Cell::new(0) };
    /// Walk results kept between frames so their buffers are reused.
    static SCRATCH: std::cell::RefCell<Vec<Decoded>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// An installed set.
pub struct Installed {
    /// The plan, with `fields` filled in.
    pub plan: Plan,
    tables: FxHashMap<(Table, u32), u32>,
    /// Decode As entries that chose a built-in dissector (they shadow bindings).
    builtin: FxHashMap<(Table, u32), crate::dissect::app::App>,
}

impl Installed {
    /// Indexes the plan's bindings (and Decode As entries, which win over them).
    pub fn new(plan: Plan, decode_as: &[super::load::DecodeAs]) -> Self {
        use super::load::DecodeAsTarget;
        let mut tables = FxHashMap::default();
        let rows = plan
            .bindings
            .tables
            .iter()
            .copied()
            .chain(decode_as.iter().filter_map(|(t, v, d)| match d {
                DecodeAsTarget::Described(p) => Some((*t, *v, *p)),
                DecodeAsTarget::Builtin(_) => None,
            }));
        for (t, v, p) in rows {
            if let Ok(p) = u32::try_from(p) {
                tables.insert((t, v), p);
            }
        }
        let mut builtin = FxHashMap::default();
        for (t, v, d) in decode_as {
            if let DecodeAsTarget::Builtin(a) = d {
                tables.remove(&(*t, *v));
                builtin.insert((*t, *v), *a);
            }
        }
        Installed {
            plan,
            tables,
            builtin,
        }
    }

    fn proto(&self, id: u32) -> Option<&ProtoPlan> {
        self.plan.protocols.get(usize::try_from(id).ok()?)
    }

    fn accepts(&self, p: &ProtoPlan, tcp: bool, payload: &[u8]) -> bool {
        let table = if tcp { "tcp" } else { "udp" };
        let d = decode::decode(p, payload, 0, payload.len());
        let at = Position {
            offset: 0,
            remaining: 0,
        };
        d.failure.is_none()
            && d.mismatches.is_empty()
            && p.heuristics
                .iter()
                .filter(|(t, _)| t == table)
                .any(|(_, c)| eval::truth(c, &d.env, payload, at))
    }
}

impl Layers for Installed {
    fn lookup(&self, table: Table, value: u32) -> Option<u32> {
        self.tables.get(&(table, value)).copied()
    }

    fn decode_as_builtin(&self, table: Table, value: u32) -> Option<crate::dissect::app::App> {
        self.builtin.get(&(table, value)).copied()
    }

    fn any_heuristic(&self, tcp: bool) -> bool {
        let b = &self.plan.bindings;
        !(if tcp {
            &b.heuristic_tcp
        } else {
            &b.heuristic_udp
        })
        .is_empty()
    }

    fn heuristic(&self, tcp: bool, payload: &[u8]) -> Option<u32> {
        let b = &self.plan.bindings;
        let list = if tcp {
            &b.heuristic_tcp
        } else {
            &b.heuristic_udp
        };
        let p = list.iter().find(|p| {
            self.plan
                .protocols
                .get(**p)
                .is_some_and(|pp| self.accepts(pp, tcp, payload))
        })?;
        u32::try_from(*p).ok()
    }

    fn dissect(&self, id: u32, d: &mut Dissector, start: usize, end: usize) -> Option<usize> {
        let p = self.proto(id)?;
        let depth = CHAIN.with(|c| c.get());
        if depth >= MAX_CHAIN {
            data::dissect_range(d, start, end);
            return None;
        }
        CHAIN.with(|c| c.set(depth + 1));
        let r = match p.pdu {
            Some(_) => self.messages(id, p, d, start, end),
            None => self.emit(p, d, start, end),
        };
        CHAIN.with(|c| c.set(depth));
        r
    }

    fn pdu_len(&self, id: u32, bytes: &[u8]) -> PduLen {
        let Some(p) = self.proto(id) else {
            return PduLen::NotPdu;
        };
        let Some(e) = &p.pdu else {
            return PduLen::NotPdu;
        };
        let d = decode::decode(p, bytes, 0, bytes.len());
        let at = Position {
            offset: 0,
            remaining: bytes.len(),
        };
        match eval::number(e, &d.env, bytes, at).map(usize::try_from) {
            Some(Ok(0)) | Some(Err(_)) => PduLen::NotPdu,
            Some(Ok(n)) => PduLen::Complete(n),
            None => PduLen::NeedMore,
        }
    }
}

impl Installed {
    /// A protocol with a `pdu` length: each whole message of `start..end` in turn (several
    /// may share a segment), their Info texts joined as Wireshark joins them.
    fn messages(
        &self,
        id: u32,
        p: &ProtoPlan,
        d: &mut Dissector,
        start: usize,
        end: usize,
    ) -> Option<usize> {
        let mut at = start;
        let mut infos: Vec<String> = Vec::new();
        let mut last = None;
        while at < end {
            let rest = d.frame.range(at..end).unwrap_or(&[]);
            let stop = match self.pdu_len(id, rest) {
                PduLen::Complete(n) if n <= rest.len() => at + n,
                _ => end,
            };
            last = self.emit(p, d, at, stop);
            if d.tree.want_text {
                infos.push(d.tree.summary.info.clone());
            }
            at = stop;
        }
        if infos.len() > 1 {
            d.set_info(|| infos.join(", "));
        }
        last
    }

    fn emit(&self, p: &ProtoPlan, d: &mut Dissector, start: usize, end: usize) -> Option<usize> {
        let end = end.min(d.frame.len());
        let mut decoded = SCRATCH.with(|s| s.borrow_mut().pop()).unwrap_or_default();
        decode::decode_into(p, d.frame.all(), start, end, &mut decoded);
        let r = self.emit_decoded(p, d, &decoded, start, end);
        SCRATCH.with(|s| s.borrow_mut().push(decoded));
        r
    }

    fn emit_decoded(
        &self,
        p: &ProtoPlan,
        d: &mut Dissector,
        decoded: &Decoded,
        start: usize,
        end: usize,
    ) -> Option<usize> {
        let node_field = self.plan.field(p.field)?;
        let node = d.tree.open_protocol(node_field, start..decoded.end);
        d.tree.label(node, || p.title.clone());
        let depth = d.tree.depth();
        self.events(p, d, decoded);
        d.tree.set_depth(depth);
        self.notes(p, d, decoded);
        d.tree.close();
        let at = Position {
            offset: decoded.end - start,
            remaining: end.saturating_sub(decoded.end),
        };
        if d.tree.want_text {
            let column = self
                .template(p, &p.column, decoded, d.frame.all(), at)
                .unwrap_or_else(|| p.name.to_uppercase());
            d.set_protocol(&column);
            if let Some(info) = self.template(p, &p.info, decoded, d.frame.all(), at) {
                d.set_info(|| info);
            }
        }
        if decoded.failure.is_some() {
            return None;
        }
        self.next(p, d, decoded, decoded.end, end)
    }

    fn events(&self, p: &ProtoPlan, d: &mut Dissector, decoded: &Decoded) {
        let mut open = Vec::new();
        for e in &decoded.events {
            match e {
                Event::Open {
                    field,
                    title,
                    range,
                    value,
                } => {
                    let Some(f) = self.plan.field(*field) else {
                        continue;
                    };
                    let n = d.tree.open(f, range.clone(), value.clone());
                    if let Some(def) = title.and_then(|t| p.structs.get(t)) {
                        d.tree.label(n, || def.title.clone());
                    }
                    open.push(n);
                }
                Event::Close { end } => {
                    if let (Some(n), Some(end)) = (open.pop(), end) {
                        d.tree.set_end(n, *end);
                    }
                    d.tree.close();
                }
                Event::Leaf {
                    field,
                    range,
                    value,
                    names,
                    hidden,
                } => {
                    let Some(f) = self.plan.field(*field) else {
                        continue;
                    };
                    if *hidden {
                        d.tree.add_hidden(f, range.clone(), value.clone());
                        continue;
                    }
                    let n = d.tree.add(f, range.clone(), value.clone());
                    if let (Some(names), Value::UInt(v)) = (names, value) {
                        d.tree.label(n, || {
                            let name = names
                                .iter()
                                .find(|(k, _)| k == v)
                                .map_or("Unknown", |(_, s)| s.as_str());
                            format!("{}: {name} ({})", f.def().display, field_text(f, value))
                        });
                    }
                }
            }
        }
    }

    fn notes(&self, p: &ProtoPlan, d: &mut Dissector, decoded: &Decoded) {
        for m in &decoded.mismatches {
            let name = m
                .field
                .and_then(|f| self.plan.field(f))
                .map_or("value", |f| f.def().display);
            let msg = format!("{name} is {}, expected {}", m.actual, m.expected);
            d.tree
                .note(Severity::Warning, p.layer, m.range.clone(), msg);
        }
        match &decoded.failure {
            None => {}
            Some(Failure::Short { needed_end }) => {
                let have = d.frame.len();
                d.short(
                    p.layer,
                    Short {
                        needed_end: *needed_end,
                        have,
                    },
                );
            }
            Some(Failure::Malformed { message, range }) => {
                d.tree.note(
                    Severity::Error,
                    p.layer,
                    range.clone(),
                    format!("Malformed {}: {message}", p.name),
                );
            }
            Some(Failure::Budget) => {
                let at = decoded.end..decoded.end;
                let msg = format!(
                    "{} needs more than {} steps; decoding stopped",
                    p.layer,
                    decode::STEP_BUDGET
                );
                d.tree.note(Severity::Error, p.layer, at, msg);
            }
        }
    }

    fn template(
        &self,
        p: &ProtoPlan,
        ts: &[Template],
        decoded: &Decoded,
        data: &[u8],
        at: Position,
    ) -> Option<String> {
        let holds = |t: &&Template| {
            t.cond
                .as_ref()
                .is_none_or(|c| eval::truth(c, &decoded.env, data, at))
        };
        let chosen = ts.iter().filter(|t| !t.append).find(holds);
        let mut appended = ts.iter().filter(|t| t.append).filter(holds).peekable();
        if chosen.is_none() && appended.peek().is_none() {
            return None;
        }
        let mut out = String::new();
        for t in chosen.into_iter().chain(appended) {
            for part in &t.parts {
                match part {
                    Part::Text(s) => out.push_str(s),
                    Part::Var(v) => out.push_str(&self.var_text(p, *v, decoded, data)),
                    Part::VarText(v) => {
                        if let Some((Val::Bytes(r), _)) = decoded.env.get(*v) {
                            out.push_str(&String::from_utf8_lossy(
                                data.get(r.clone()).unwrap_or(&[]),
                            ));
                        } else {
                            out.push_str(&self.var_text(p, *v, decoded, data));
                        }
                    }
                }
            }
        }
        Some(out)
    }

    /// A variable as a template shows it: its value string, else its value as tshark prints it.
    fn var_text(&self, p: &ProtoPlan, v: usize, decoded: &Decoded, data: &[u8]) -> String {
        let Some((val, _)) = decoded.env.get(v) else {
            return String::new();
        };
        let info = p.vars.get(v);
        let field = info.and_then(|i| i.field).and_then(|f| self.plan.field(f));
        match val {
            Val::Num(n) => {
                // A value its enum does not name shows as "Unknown", as Wireshark's columns do.
                let named = info.and_then(|i| i.names.as_ref()).map(|names| {
                    names
                        .iter()
                        .find(|(k, _)| i64::try_from(*k) == Ok(*n))
                        .map_or_else(|| "Unknown".to_string(), |(_, s)| s.clone())
                });
                match (named, field) {
                    (Some(s), _) => s,
                    (None, Some(f)) => field_text(f, &Value::UInt(*n as u64)),
                    (None, None) => n.to_string(),
                }
            }
            Val::Text(s) => s.to_string(),
            Val::Addr(a) => eval::addr_text(a),
            Val::Bytes(r) => crate::dissect::value::format_hex(data.get(r.clone()).unwrap_or(&[])),
        }
    }

    /// Hands the rest to the `next` target; returns where this protocol's data ends when
    /// nothing follows it.
    fn next(
        &self,
        p: &ProtoPlan,
        d: &mut Dissector,
        decoded: &Decoded,
        from: usize,
        end: usize,
    ) -> Option<usize> {
        // With nothing left, data shows nothing; another dissector is still called and says
        // the packet is malformed, as Wireshark's are.
        let data_all = d.frame.all();
        let value = |e| {
            eval::number(
                e,
                &decoded.env,
                data_all,
                Position {
                    offset: 0,
                    remaining: 0,
                },
            )
        };
        let mut target = decode::next_of(p, decoded, data_all);
        while let Some(Next::Switch(on, arms)) = target {
            target = super::plan::pick_arm(arms, value(on));
        }
        let number = |e| value(e);
        match target {
            None | Some(Next::Switch(..)) => return Some(from),
            Some(Next::Data) if from >= end => return Some(from),
            Some(Next::Data) => data::dissect_range(d, from, end),
            Some(Next::Eth) => ethernet::dissect(d, from),
            Some(Next::Ipv4) => {
                ipv4::dissect(d, from);
            }
            Some(Next::Ipv6) => {
                ipv6::dissect(d, from);
            }
            Some(Next::Ip) => match d.frame.u8(from).map(|b| b >> 4) {
                Ok(6) => {
                    ipv6::dissect(d, from);
                }
                _ => {
                    ipv4::dissect(d, from);
                }
            },
            Some(Next::Protocol(i)) => return self.dissect(u32::try_from(*i).ok()?, d, from, end),
            Some(Next::EtherType(e)) => match number(e).and_then(|v| u16::try_from(v).ok()) {
                Some(t) => return ethertype::dispatch_table(d, t, from),
                None => data::dissect_range(d, from, end),
            },
            Some(Next::IpProto(e)) => match number(e).and_then(|v| u8::try_from(v).ok()) {
                Some(n) => ipproto::dispatch(d, n, from, end),
                None => data::dissect_range(d, from, end),
            },
        }
        None
    }
}
