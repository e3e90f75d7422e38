//! Walking a protocol's layout over bytes: a list of tree events, the values for
//! expressions, and where the rest goes. Pure (no tree, no dissector), so the same walk
//! serves dissection, heuristics, PDU lengths and round-trip tests. Every loop consumes
//! bytes or counts down, and a step budget bounds the whole walk.

use super::eval::{self, Env, Position, Val};
use super::plan::{FieldId, FieldStep, Names, Next, ProtoPlan, Size, Step, StructStep, Ty};
use crate::dissect::Value;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;

/// The most steps (fields, elements, conditions) one walk may take.
pub const STEP_BUDGET: u32 = 100_000;

/// One thing the walk found, in tree order.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A structure (or a number field with sub-fields) starts.
    Open {
        /// Its node's field.
        field: FieldId,
        /// The structure whose title labels it (`None`: from the field and value).
        title: Option<usize>,
        /// Its bytes (a structure's end is set by its `Close`).
        range: Range<usize>,
        /// Its value.
        value: Value,
    },
    /// The last open node ends (at `end`, for a structure).
    Close {
        /// Where it ends.
        end: Option<usize>,
    },
    /// A field.
    Leaf {
        /// Which.
        field: FieldId,
        /// Its bytes.
        range: Range<usize>,
        /// Its value.
        value: Value,
        /// Its value strings.
        names: Option<Names>,
        /// Not shown.
        hidden: bool,
    },
}

/// Why a walk stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The data ended: a read needed bytes up to `needed_end`.
    Short {
        /// Where the read wanted to end.
        needed_end: usize,
    },
    /// The layout says the data is wrong.
    Malformed {
        /// What is wrong.
        message: String,
        /// Where.
        range: Range<usize>,
    },
    /// The step budget ran out.
    Budget,
}

/// A constant or derived field whose value is not what its expression says.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// The field.
    pub field: Option<FieldId>,
    /// Its bytes.
    pub range: Range<usize>,
    /// What it holds.
    pub actual: i64,
    /// What its expression gives.
    pub expected: i64,
}

/// The result of a walk.
#[derive(Debug, Clone, Default)]
pub struct Decoded {
    /// Tree events.
    pub events: Vec<Event>,
    /// Where the layout ended.
    pub end: usize,
    /// Why it stopped early.
    pub failure: Option<Failure>,
    /// Constants and derived fields that do not hold.
    pub mismatches: Vec<Mismatch>,
    /// The values, for templates and `next`.
    pub env: Env,
}

/// Walks `proto` over `data[start..end]`.
pub fn decode(proto: &ProtoPlan, data: &[u8], start: usize, end: usize) -> Decoded {
    let mut out = Decoded::default();
    decode_into(proto, data, start, end, &mut out);
    out
}

/// Like [`decode`], reusing `out`'s buffers (the dissector's per-thread scratch).
pub fn decode_into(proto: &ProtoPlan, data: &[u8], start: usize, end: usize, out: &mut Decoded) {
    let end = end.min(data.len()).max(start);
    let mut events = std::mem::take(&mut out.events);
    events.clear();
    let mut env = std::mem::take(&mut out.env);
    env.slots.clear();
    env.slots.resize(proto.vars.len(), None);
    let mut w = Walk {
        proto,
        data,
        start,
        end,
        pos: start,
        steps: 0,
        events,
        env,
        checks: Vec::new(),
    };
    let failure = w.steps(&proto.body).err();
    out.mismatches = w.check_values();
    out.end = w.pos;
    out.events = w.events;
    out.failure = failure;
    out.env = w.env;
}

struct Walk<'p, 'd> {
    proto: &'p ProtoPlan,
    data: &'d [u8],
    start: usize,
    end: usize,
    pos: usize,
    steps: u32,
    events: Vec<Event>,
    env: Env,
    checks: Vec<(&'p FieldStep, Range<usize>, i64)>,
}

type Walked = Result<(), Failure>;

impl<'p> Walk<'p, '_> {
    fn at(&self) -> Position {
        Position {
            offset: self.pos - self.start,
            remaining: self.end.saturating_sub(self.pos),
        }
    }

    fn tick(&mut self) -> Walked {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            return Err(Failure::Budget);
        }
        Ok(())
    }

    fn truth(&self, e: &super::plan::Expr) -> bool {
        eval::truth(e, &self.env, self.data, self.at())
    }

    fn count(&self, e: &super::plan::Expr, what: &str) -> Result<usize, Failure> {
        let n = eval::number(e, &self.env, self.data, self.at())
            .ok_or_else(|| self.bad(format!("the {what} cannot be computed here")))?;
        usize::try_from(n).map_err(|_| self.bad(format!("the {what} is negative ({n})")))
    }

    fn bad(&self, message: String) -> Failure {
        Failure::Malformed {
            message,
            range: self.pos..self.pos,
        }
    }

    fn steps(&mut self, steps: &'p [Step]) -> Walked {
        for s in steps {
            self.tick()?;
            match s {
                Step::Field(f) => self.field(f)?,
                Step::Struct(st) => self.structure(st)?,
                Step::Switch { on, arms } => {
                    let v = eval::number(on, &self.env, self.data, self.at());
                    if let Some(st) = super::plan::pick_arm(arms, v) {
                        self.structure(st)?;
                    }
                }
                Step::Let { var, value } => {
                    match eval::eval(value, &self.env, self.data, self.at()) {
                        Some(v) => self.env.set(*var, v, 0),
                        None => self.env.clear(*var),
                    }
                }
                Step::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    let branch = if self.truth(cond) { then } else { otherwise };
                    self.steps(branch)?;
                }
            }
        }
        Ok(())
    }

    fn structure(&mut self, st: &'p StructStep) -> Walked {
        if st.cond.as_ref().is_some_and(|c| !self.truth(c)) {
            return Ok(());
        }
        let Some(def) = self.proto.structs.get(st.def) else {
            return Ok(());
        };
        let once = |w: &mut Self| -> Walked {
            let start = w.pos;
            if let Some(field) = st.node {
                let title = Some(st.def);
                w.events.push(Event::Open {
                    field,
                    title,
                    range: start..start,
                    value: Value::None,
                });
            }
            let r = w.steps(&def.body);
            if st.node.is_some() {
                w.events.push(Event::Close { end: Some(w.pos) });
            }
            r
        };
        match &st.size {
            None => once(self),
            Some(Size::Count(e)) => {
                let n = self.count(e, "count")?;
                for _ in 0..n {
                    self.tick()?;
                    if self.pos >= self.end {
                        return Err(Failure::Short {
                            needed_end: self.end + 1,
                        });
                    }
                    once(self)?;
                }
                Ok(())
            }
            Some(Size::Rest) => {
                while self.pos < self.end {
                    self.tick()?;
                    let before = self.pos;
                    once(self)?;
                    if self.pos == before {
                        return Err(self.bad("a repeated structure took no bytes".into()));
                    }
                }
                Ok(())
            }
            Some(Size::Until(cond)) => {
                while self.pos < self.end {
                    self.tick()?;
                    let before = self.pos;
                    once(self)?;
                    if self.truth(cond) {
                        break;
                    }
                    if self.pos == before {
                        return Err(self.bad("a repeated structure took no bytes".into()));
                    }
                }
                Ok(())
            }
        }
    }

    fn field(&mut self, f: &'p FieldStep) -> Walked {
        if f.cond.as_ref().is_some_and(|c| !self.truth(c)) {
            if let Some(v) = f.var {
                self.env.clear(v);
            }
            return Ok(());
        }
        if !f.array {
            return self.one(f);
        }
        match &f.size {
            Some(Size::Count(e)) => {
                let n = self.count(e, "count")?;
                let each = f.ty.fixed_len().max(1);
                if n.saturating_mul(each) > self.end - self.pos {
                    return Err(Failure::Short {
                        needed_end: self.pos.saturating_add(n.saturating_mul(each)),
                    });
                }
                for _ in 0..n {
                    self.tick()?;
                    self.one(f)?;
                }
            }
            _ => {
                while self.pos < self.end {
                    self.tick()?;
                    self.one(f)?;
                    if let Some(Size::Until(c)) = &f.size
                        && self.truth(c)
                    {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    fn take(&mut self, n: usize) -> Result<Range<usize>, Failure> {
        let r = self.pos..self.pos.saturating_add(n);
        if r.end > self.end {
            return Err(Failure::Short { needed_end: r.end });
        }
        self.pos = r.end;
        Ok(r)
    }

    fn bytes_len(&self, f: &FieldStep) -> Result<usize, Failure> {
        match &f.size {
            Some(Size::Count(e)) => self.count(e, "length"),
            _ => Ok(self.end - self.pos),
        }
    }

    fn one(&mut self, f: &'p FieldStep) -> Walked {
        let (range, value, val) = match f.ty {
            Ty::UInt { bytes, le } => {
                let r = self.take(usize::from(bytes))?;
                let v = uint(self.data.get(r.clone()).unwrap_or(&[]), le);
                (r, Value::UInt(v), Val::Num(v as i64))
            }
            Ty::Int { bytes, le } => {
                let r = self.take(usize::from(bytes))?;
                let v = sign_extend(uint(self.data.get(r.clone()).unwrap_or(&[]), le), bytes);
                (r, Value::Int(v), Val::Num(v))
            }
            Ty::Masked { .. } => return Ok(()),
            Ty::Bits {
                width,
                offset,
                run,
                flag,
            } => {
                let r = self.pos..self.pos + usize::from(run);
                if r.end > self.end {
                    return Err(Failure::Short { needed_end: r.end });
                }
                let word = uint(self.data.get(r.clone()).unwrap_or(&[]), false);
                let v = (word & super::types::mask(f.ty))
                    >> (u32::from(run) * 8 - u32::from(offset) - u32::from(width));
                if offset + width == run * 8 {
                    self.pos = r.end;
                }
                let value = if flag {
                    Value::Bool(v != 0)
                } else {
                    Value::UInt(v)
                };
                (r, value, Val::Num(v as i64))
            }
            Ty::Ipv4 => {
                let r = self.take(4)?;
                let b: [u8; 4] = self
                    .data
                    .get(r.clone())
                    .and_then(|s| s.try_into().ok())
                    .unwrap_or_default();
                (
                    r,
                    Value::Ipv4(Ipv4Addr::from(b)),
                    Val::Addr(Value::Ipv4(Ipv4Addr::from(b))),
                )
            }
            Ty::Ipv6 => {
                let r = self.take(16)?;
                let b: [u8; 16] = self
                    .data
                    .get(r.clone())
                    .and_then(|s| s.try_into().ok())
                    .unwrap_or_default();
                (
                    r,
                    Value::Ipv6(Ipv6Addr::from(b)),
                    Val::Addr(Value::Ipv6(Ipv6Addr::from(b))),
                )
            }
            Ty::Ether => {
                let r = self.take(6)?;
                let b: [u8; 6] = self
                    .data
                    .get(r.clone())
                    .and_then(|s| s.try_into().ok())
                    .unwrap_or_default();
                (r, Value::Ether(b), Val::Addr(Value::Ether(b)))
            }
            Ty::Bytes | Ty::Pad => {
                let n = self.bytes_len(f)?;
                let r = self.take(n)?;
                (r.clone(), Value::Span, Val::Bytes(r))
            }
            Ty::Str => {
                let n = self.bytes_len(f)?;
                let r = self.take(n)?;
                // As Wireshark's strings: the text ends at a NUL inside the field.
                let bytes = self.data.get(r.clone()).unwrap_or(&[]);
                let upto = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
                let s = text(bytes.get(..upto).unwrap_or(&[]));
                (r, Value::Str(s.as_str().into()), Val::Text(s.into()))
            }
            Ty::Strz => {
                let rest = self.data.get(self.pos..self.end).unwrap_or(&[]);
                let Some(nul) = rest.iter().position(|b| *b == 0) else {
                    return Err(Failure::Short {
                        needed_end: self.end + 1,
                    });
                };
                let r = self.take(nul + 1)?;
                let s = text(self.data.get(r.start..r.end - 1).unwrap_or(&[]));
                (r, Value::Str(s.as_str().into()), Val::Text(s.into()))
            }
        };
        if let Some(v) = f.var {
            self.env.set(v, val.clone(), range.len());
        }
        if let (Some(_), Val::Num(n)) = (&f.value, &val) {
            self.checks.push((f, range.clone(), *n));
        }
        let children = !f.children.is_empty();
        if let Some(field) = f.field {
            if children {
                self.events.push(Event::Open {
                    field,
                    title: None,
                    range: range.clone(),
                    value,
                });
            } else {
                self.events.push(Event::Leaf {
                    field,
                    range: range.clone(),
                    value,
                    names: f.names.clone(),
                    hidden: f.hidden,
                });
            }
        }
        if let (true, Val::Num(word)) = (children, val) {
            self.sub_fields(f, range, word as u64);
            if f.field.is_some() {
                self.events.push(Event::Close { end: None });
            }
        }
        Ok(())
    }

    /// The sub-fields of a number: every value first (a sub-field's condition may read a
    /// later one), then the ones whose condition holds.
    fn sub_fields(&mut self, f: &'p FieldStep, range: Range<usize>, word: u64) {
        let bits = |c: &FieldStep| match c.ty {
            Ty::Masked { mask, .. } => (word & mask) >> mask.trailing_zeros().min(63),
            _ => 0,
        };
        for c in &f.children {
            if let Some(var) = c.var {
                self.env.set(var, Val::Num(bits(c) as i64), range.len());
            }
        }
        for c in &f.children {
            let Ty::Masked { flag, .. } = c.ty else {
                continue;
            };
            if c.cond.as_ref().is_some_and(|e| !self.truth(e)) {
                continue;
            }
            let v = bits(c);
            if c.value.is_some() {
                self.checks.push((c, range.clone(), v as i64));
            }
            if let Some(field) = c.field {
                let value = if flag {
                    Value::Bool(v != 0)
                } else {
                    Value::UInt(v)
                };
                self.events.push(Event::Leaf {
                    field,
                    range: range.clone(),
                    value,
                    names: c.names.clone(),
                    hidden: c.hidden,
                });
            }
        }
    }

    /// Constants and derived values, checked once the whole layout is known.
    fn check_values(&self) -> Vec<Mismatch> {
        let at = self.at();
        self.checks
            .iter()
            .filter_map(|(f, range, actual)| {
                let expected = eval::number(f.value.as_ref()?, &self.env, self.data, at)?;
                (expected != *actual).then(|| Mismatch {
                    field: f.field,
                    range: range.clone(),
                    actual: *actual,
                    expected,
                })
            })
            .collect()
    }
}

fn uint(b: &[u8], le: bool) -> u64 {
    let fold = |acc: u64, x: &u8| (acc << 8) | u64::from(*x);
    if le {
        b.iter().rev().fold(0, fold)
    } else {
        b.iter().fold(0, fold)
    }
}

fn sign_extend(v: u64, bytes: u8) -> i64 {
    let shift = 64 - u32::from(bytes) * 8;
    ((v << shift) as i64) >> shift
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The first `next` clause whose condition holds, resolved against the values.
pub fn next_of<'p>(proto: &'p ProtoPlan, d: &Decoded, data: &[u8]) -> Option<&'p Next> {
    let at = Position {
        offset: 0,
        remaining: 0,
    };
    proto
        .next
        .iter()
        .find(|(c, _)| c.as_ref().is_none_or(|c| eval::truth(c, &d.env, data, at)))
        .map(|(_, n)| n)
}
