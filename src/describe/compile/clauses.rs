//! The clauses of a protocol: bindings, heuristics, columns, `pdu` and `next`.

use super::{Origin, ProtoCx, SetCx, VarType};
use crate::describe::ast::{self, Member};
use crate::describe::error::Spanned;
use crate::describe::plan::{self, Next, ProtoPlan};
use crate::dissect::custom::Table;
use std::ops::Range;

impl SetCx<'_> {
    pub(super) fn bind(&mut self, file: usize, p: &ast::Protocol, index: usize) {
        for m in &p.body {
            let Member::Bind(clauses) = m else { continue };
            for b in clauses {
                let Some(table) = Table::by_name(&b.table.text) else {
                    let e = Spanned::new(format!("cannot bind to {}", b.table.text), b.table.span.clone())
                        .hint("bind to udp.port, tcp.port, eth.type, ip.proto, llc.cisco_pid or link (user DLTs 147–162)");
                    self.error(file, e);
                    continue;
                };
                let Some(value) = u32::try_from(b.value)
                    .ok()
                    .filter(|_| table.values().contains(&b.value))
                else {
                    let e = Spanned::new(
                        format!("{} is out of range for {}", b.value, b.table.text),
                        b.span.clone(),
                    );
                    self.error(file, e);
                    continue;
                };
                let key = (table, value);
                let origin = Origin {
                    file,
                    span: b.span.clone(),
                };
                if let Some((other, first)) = self.bound.get(&key) {
                    let at = self.place(first);
                    let e = Spanned::new(format!("{} == {} is already bound to {other} at {at}", b.table.text, b.value), b.span.clone())
                        .hint("one value of a table decodes as one protocol; remove one of the bindings or use Decode As");
                    self.error(file, e);
                    continue;
                }
                self.bound.insert(key, (p.name.text.clone(), origin));
                self.plan.bindings.tables.push((table, value, index));
            }
        }
        if let Some(pp) = self.plan.protocols.get(index) {
            for (table, _) in &pp.heuristics {
                match table.as_str() {
                    "udp" => self.plan.bindings.heuristic_udp.push(index),
                    _ => self.plan.bindings.heuristic_tcp.push(index),
                }
            }
        }
    }
}

impl ProtoCx<'_, '_> {
    pub(super) fn clause(&mut self, m: &Member, proto: Option<&mut ProtoPlan>) {
        let Some(p) = proto else {
            let span = clause_span(m);
            self.err(Spanned::new(
                "this clause belongs at the top of a protocol, not inside a struct or if",
                span,
            ));
            return;
        };
        match m {
            Member::Bind(_) => {}
            Member::Heuristic { table, cond } => {
                if table.text != "udp" && table.text != "tcp" {
                    self.err(
                        Spanned::new(
                            format!("no heuristic table {}", table.text),
                            table.span.clone(),
                        )
                        .hint("write `heuristic udp where …` or `heuristic tcp where …`"),
                    );
                }
                let c = self.expr(cond, VarType::Number);
                p.heuristics.push((table.text.clone(), c));
            }
            Member::Info {
                column,
                append,
                format,
                span,
                cond,
            } => {
                let parts = self.template(format, span.start + 1);
                let cond = cond.as_ref().map(|c| self.expr(c, VarType::Number));
                let t = plan::Template {
                    parts,
                    cond,
                    append: *append,
                };
                if *column {
                    p.column.push(t)
                } else {
                    p.info.push(t)
                }
            }
            Member::Pdu(e) => p.pdu = Some(self.expr(e, VarType::Number)),
            Member::Next { target, cond, .. } => {
                let cond = cond.as_ref().map(|c| self.expr(c, VarType::Number));
                if let Some(n) = self.next(target) {
                    p.next.push((cond, n));
                }
            }
            _ => {}
        }
    }

    fn next(&mut self, t: &ast::Target) -> Option<Next> {
        match t {
            ast::Target::Named(n) => self.next_named(n),
            ast::Target::Table(n, e) => {
                let e = self.expr(e, VarType::Number);
                match n.text.as_str() {
                    "ethertype" | "eth.type" => Some(Next::EtherType(e)),
                    "ip.proto" => Some(Next::IpProto(e)),
                    _ => {
                        self.err(
                            Spanned::new(format!("no dissector table {}", n.text), n.span.clone())
                                .hint("the tables are ethertype(…) and ip.proto(…)"),
                        );
                        None
                    }
                }
            }
            ast::Target::Switch(on, arms) => {
                let on = self.expr(on, VarType::Number);
                let arms = arms
                    .iter()
                    .filter_map(|a| Some((a.values.clone(), self.next_named(&a.target)?)))
                    .collect();
                Some(Next::Switch(on, arms))
            }
        }
    }

    fn next_named(&mut self, n: &ast::Name) -> Option<Next> {
        Some(match n.text.as_str() {
            "data" => Next::Data,
            "eth" => Next::Eth,
            "ip" => Next::Ip,
            "ipv4" => Next::Ipv4,
            "ipv6" => Next::Ipv6,
            other => match self.set.protocol_index.get(other) {
                Some((i, _)) => Next::Protocol(*i),
                None => {
                    self.err(Spanned::new(format!("unknown protocol {other}"), n.span.clone())
                        .hint("next takes data, eth, ip, ipv4, ipv6, ethertype(…), ip.proto(…) or a described protocol"));
                    return None;
                }
            },
        })
    }

    fn template(&mut self, text: &str, at: usize) -> Vec<plan::Part> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut rest = text;
        let mut offset = at;
        while let Some(open) = rest.find('{') {
            lit.push_str(rest.get(..open).unwrap_or(""));
            let after = rest.get(open + 1..).unwrap_or("");
            if let Some(stripped) = after.strip_prefix('{') {
                lit.push('{');
                offset += open + 2;
                rest = stripped;
                continue;
            }
            let Some(close) = after.find('}') else {
                self.err(
                    Spanned::new("this '{' is never closed", offset + open..offset + open + 1)
                        .hint("write {field} or {{ for a brace"),
                );
                return parts;
            };
            let name = after.get(..close).unwrap_or("").trim();
            if !lit.is_empty() {
                parts.push(plan::Part::Text(std::mem::take(&mut lit)));
            }
            let (name, as_text) = match name.strip_suffix(":text") {
                Some(n) => (n.trim(), true),
                None => (name, false),
            };
            let v = self.var(name);
            self.mentions
                .push((v, offset + open + 1..offset + open + 1 + name.len()));
            parts.push(match as_text {
                true => plan::Part::VarText(v),
                false => plan::Part::Var(v),
            });
            offset += open + close + 2;
            rest = after.get(close + 1..).unwrap_or("");
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            parts.push(plan::Part::Text(lit));
        }
        parts
    }
}

fn clause_span(m: &Member) -> Range<usize> {
    match m {
        Member::Bind(b) => b.first().map_or(0..0, |b| b.span.clone()),
        Member::Heuristic { table, .. } => table.span.clone(),
        Member::Info { span, .. } => span.clone(),
        Member::Pdu(e) => e.span(),
        Member::Next { span, .. } => span.clone(),
        _ => 0..0,
    }
}
