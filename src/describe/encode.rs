//! Building a protocol's bytes from field values with its description: the same layout the
//! decoder walks, written instead of read. Values not given take their constant or derived
//! expression (computed once the whole layout is written, so `length = len(body)` sees the
//! body), else zero. Repeats run as long as values for them remain, bounded by the budget.

use super::decode::STEP_BUDGET;
use super::eval::{self, Env, Position, Val};
use super::plan::{Expr, FieldId, FieldStep, Plan, ProtoPlan, Size, Step, StructStep, Ty};
use crate::dissect::{Field, Value};

/// Why values cannot be encoded.
pub type EncodeError = String;

/// Encodes `proto` from `values` (fields in the order given; repeated fields fill repeats
/// in order), followed by `payload`.
pub fn encode(
    plan: &Plan,
    proto: &ProtoPlan,
    values: &[(Field, Value)],
    payload: &[u8],
) -> Result<Vec<u8>, EncodeError> {
    let given = values
        .iter()
        .map(|(f, v)| (plan.fields.iter().position(|x| x == f), v.clone()))
        .filter_map(|(id, v)| Some((id?, v)))
        .collect();
    let mut w = Writer {
        proto,
        out: Vec::new(),
        given,
        env: Env::new(proto.vars.len()),
        derived: Vec::new(),
        steps: 0,
        plan,
    };
    w.steps(&proto.body)?;
    w.fill_derived();
    if let Some((id, _)) = w.given.first() {
        let name = plan.field(*id).map_or("?", |f| f.name());
        return Err(format!(
            "{name} was given but the layout has no place left for it"
        ));
    }
    w.out.extend_from_slice(payload);
    Ok(w.out)
}

struct Writer<'p> {
    plan: &'p Plan,
    proto: &'p ProtoPlan,
    out: Vec<u8>,
    given: Vec<(FieldId, Value)>,
    env: Env,
    derived: Vec<(&'p FieldStep, usize)>,
    steps: u32,
}

type Wrote = Result<(), EncodeError>;

impl<'p> Writer<'p> {
    fn at(&self) -> Position {
        Position {
            offset: self.out.len(),
            remaining: 0,
        }
    }

    fn tick(&mut self) -> Wrote {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            return Err(format!(
                "{} needs more than {STEP_BUDGET} steps to encode",
                self.proto.name
            ));
        }
        Ok(())
    }

    fn truth(&self, e: &Expr) -> bool {
        eval::truth(e, &self.env, &self.out, self.at())
    }

    fn number(&self, e: &Expr) -> Option<i64> {
        eval::number(e, &self.env, &self.out, self.at())
    }

    fn take(&mut self, field: Option<FieldId>) -> Option<Value> {
        let field = field?;
        let i = self.given.iter().position(|(f, _)| *f == field)?;
        Some(self.given.remove(i).1)
    }

    /// Whether any value remains for a field of `steps` (a repeat goes on while one does).
    fn wants(&self, steps: &[Step]) -> bool {
        steps.iter().any(|s| match s {
            Step::Field(f) => {
                f.field
                    .is_some_and(|id| self.given.iter().any(|(g, _)| *g == id))
                    || f.children.iter().any(|c| {
                        c.field
                            .is_some_and(|id| self.given.iter().any(|(g, _)| *g == id))
                    })
            }
            Step::Struct(st) => self
                .proto
                .structs
                .get(st.def)
                .is_some_and(|d| self.wants(&d.body)),
            Step::Switch { arms, .. } => arms.iter().any(|(_, st)| {
                self.proto
                    .structs
                    .get(st.def)
                    .is_some_and(|d| self.wants(&d.body))
            }),
            Step::If {
                then, otherwise, ..
            } => self.wants(then) || self.wants(otherwise),
            Step::Let { .. } => false,
        })
    }

    fn steps(&mut self, steps: &'p [Step]) -> Wrote {
        let mut bits: Option<(usize, u64)> = None;
        for s in steps {
            self.tick()?;
            match s {
                Step::Field(f) if matches!(f.ty, Ty::Bits { .. }) => {
                    self.bit_field(f, &mut bits)?
                }
                Step::Field(f) => self.field(f)?,
                Step::Struct(st) => self.structure(st)?,
                Step::Switch { on, arms } => {
                    if let Some(st) = super::plan::pick_arm(arms, self.number(on)) {
                        self.structure(st)?;
                    }
                }
                Step::Let { var, value } => {
                    match eval::eval(value, &self.env, &self.out, self.at()) {
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

    fn structure(&mut self, st: &'p StructStep) -> Wrote {
        if st.cond.as_ref().is_some_and(|c| !self.truth(c)) {
            return Ok(());
        }
        let Some(def) = self.proto.structs.get(st.def) else {
            return Ok(());
        };
        match &st.size {
            None => self.steps(&def.body),
            Some(Size::Count(e)) => {
                let n = self.number(e).unwrap_or(0).max(0);
                for _ in 0..n {
                    self.tick()?;
                    self.steps(&def.body)?;
                }
                Ok(())
            }
            Some(Size::Rest) => {
                while self.wants(&def.body) {
                    self.tick()?;
                    self.steps(&def.body)?;
                }
                Ok(())
            }
            Some(Size::Until(cond)) => loop {
                self.tick()?;
                self.steps(&def.body)?;
                if self.truth(cond) || !self.wants(&def.body) {
                    return Ok(());
                }
            },
        }
    }

    fn bit_field(&mut self, f: &'p FieldStep, run: &mut Option<(usize, u64)>) -> Wrote {
        let Ty::Bits {
            offset, run: bytes, ..
        } = f.ty
        else {
            return Ok(());
        };
        if offset == 0 {
            *run = Some((self.out.len(), 0));
            self.out.extend(std::iter::repeat_n(0, usize::from(bytes)));
        }
        let Some((start, word)) = run.as_mut() else {
            return Ok(());
        };
        let given = self.take(f.field);
        let v = match &given {
            Some(v) => number_of(v).ok_or_else(|| self.type_error(f))?,
            None => {
                if f.value.is_some() {
                    self.derived.push((f, *start));
                }
                f.value.as_ref().and_then(|e| self.number(e)).unwrap_or(0)
            }
        };
        let mask = super::types::mask(f.ty);
        *word |= ((v as u64) << mask.trailing_zeros()) & mask;
        if let Some(var) = f.var {
            self.env.set(var, Val::Num(v), usize::from(bytes));
        }
        let (start, word) = (*start, *word);
        write_uint(&mut self.out, start, usize::from(bytes), word, false);
        Ok(())
    }

    fn type_error(&self, f: &FieldStep) -> EncodeError {
        let name = f
            .field
            .and_then(|id| self.plan.field(id))
            .map_or("a field", |f| f.name());
        format!("{name}: the value has the wrong type")
    }

    fn field(&mut self, f: &'p FieldStep) -> Wrote {
        if f.cond.as_ref().is_some_and(|c| !self.truth(c)) {
            return Ok(());
        }
        if !f.array {
            return self.one(f);
        }
        match &f.size {
            Some(Size::Count(e)) => {
                for _ in 0..self.number(e).unwrap_or(0).max(0) {
                    self.tick()?;
                    self.one(f)?;
                }
            }
            _ => {
                while f
                    .field
                    .is_some_and(|id| self.given.iter().any(|(g, _)| *g == id))
                {
                    self.tick()?;
                    self.one(f)?;
                }
            }
        }
        Ok(())
    }

    fn one(&mut self, f: &'p FieldStep) -> Wrote {
        let start = self.out.len();
        let given = self.take(f.field);
        match f.ty {
            Ty::UInt { bytes, le } | Ty::Int { bytes, le } => {
                let v = match &given {
                    Some(v) => number_of(v).ok_or_else(|| self.type_error(f))?,
                    None => self.unset_number(f, start),
                };
                let v = self.with_children(f, v, given.is_some());
                self.out.extend(std::iter::repeat_n(0, usize::from(bytes)));
                write_uint(&mut self.out, start, usize::from(bytes), v as u64, le);
                self.set(f, Val::Num(v), usize::from(bytes));
            }
            Ty::Ipv4 | Ty::Ipv6 | Ty::Ether => {
                let bytes = match &given {
                    Some(Value::Ipv4(a)) => a.octets().to_vec(),
                    Some(Value::Ipv6(a)) => a.octets().to_vec(),
                    Some(Value::Ether(m)) => m.to_vec(),
                    Some(_) => return Err(self.type_error(f)),
                    None => vec![0; f.ty.fixed_len()],
                };
                if bytes.len() != f.ty.fixed_len() {
                    return Err(self.type_error(f));
                }
                let addr = given.clone().unwrap_or(Value::None);
                self.out.extend_from_slice(&bytes);
                self.set(f, Val::Addr(addr), bytes.len());
            }
            Ty::Bytes | Ty::Pad | Ty::Str | Ty::Strz => self.bytes(f, given)?,
            Ty::Bits { .. } | Ty::Masked { .. } => {}
        }
        Ok(())
    }

    /// A number not given: its expression when it can be computed now (a derived one is
    /// computed again at the end), else 0.
    fn unset_number(&mut self, f: &'p FieldStep, start: usize) -> i64 {
        if f.value.is_some() {
            self.derived.push((f, start));
        }
        f.value.as_ref().and_then(|e| self.number(e)).unwrap_or(0)
    }

    /// A number with sub-fields: the given number, else built from its sub-fields' values.
    fn with_children(&mut self, f: &'p FieldStep, v: i64, given: bool) -> i64 {
        if f.children.is_empty() {
            return v;
        }
        let mut word = v as u64;
        for c in &f.children {
            let Ty::Masked { mask, .. } = c.ty else {
                continue;
            };
            let cv = self
                .take(c.field)
                .and_then(|x| number_of(&x))
                .or_else(|| c.value.as_ref().and_then(|e| self.number(e)));
            if let (false, Some(cv)) = (given, cv) {
                word = (word & !mask) | (((cv as u64) << mask.trailing_zeros()) & mask);
            }
        }
        for c in &f.children {
            if let (Ty::Masked { mask, .. }, Some(var)) = (c.ty, c.var) {
                let bits = (word & mask) >> mask.trailing_zeros().min(63);
                self.env.set(var, Val::Num(bits as i64), 0);
            }
        }
        word as i64
    }

    fn bytes(&mut self, f: &'p FieldStep, given: Option<Value>) -> Wrote {
        let mut bytes = match given {
            Some(Value::Bytes(b)) => b.to_vec(),
            Some(Value::Str(s)) => s.as_bytes().to_vec(),
            Some(_) => return Err(self.type_error(f)),
            None => match &f.size {
                Some(Size::Count(e)) => vec![
                    0;
                    usize::try_from(self.number(e).unwrap_or(0))
                        .unwrap_or(0)
                        .min(1 << 16)
                ],
                _ => Vec::new(),
            },
        };
        let len = bytes.len();
        if f.ty == Ty::Strz {
            bytes.push(0);
        }
        self.out.extend_from_slice(&bytes);
        let val = match f.ty {
            Ty::Str | Ty::Strz => {
                Val::Text(String::from_utf8_lossy(bytes.get(..len).unwrap_or(&[])).into())
            }
            _ => Val::Bytes(self.out.len() - bytes.len()..self.out.len()),
        };
        self.set(f, val, bytes.len());
        Ok(())
    }

    fn set(&mut self, f: &FieldStep, val: Val, len: usize) {
        if let Some(v) = f.var {
            self.env.set(v, val, len);
        }
    }

    /// Writes the derived values now that every field is known.
    fn fill_derived(&mut self) {
        let derived = std::mem::take(&mut self.derived);
        for (f, at) in derived {
            let Some(v) = f.value.as_ref().and_then(|e| self.number(e)) else {
                continue;
            };
            match f.ty {
                Ty::UInt { bytes, le } | Ty::Int { bytes, le } => {
                    write_uint(&mut self.out, at, usize::from(bytes), v as u64, le);
                }
                Ty::Bits { run, .. } => {
                    let mask = super::types::mask(f.ty);
                    let old = read_uint(&self.out, at, usize::from(run));
                    let word = (old & !mask) | (((v as u64) << mask.trailing_zeros()) & mask);
                    write_uint(&mut self.out, at, usize::from(run), word, false);
                }
                _ => {}
            }
        }
    }
}

fn number_of(v: &Value) -> Option<i64> {
    match v {
        Value::UInt(n) => i64::try_from(*n).ok().or(Some(*n as i64)),
        Value::Int(n) => Some(*n),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

fn write_uint(out: &mut [u8], at: usize, len: usize, v: u64, le: bool) {
    let Some(slot) = out.get_mut(at..at + len) else {
        return;
    };
    for (i, b) in slot.iter_mut().enumerate() {
        let shift = if le { i * 8 } else { (len - 1 - i) * 8 };
        *b = v.checked_shr(shift as u32).unwrap_or(0) as u8;
    }
}

fn read_uint(out: &[u8], at: usize, len: usize) -> u64 {
    out.get(at..at + len)
        .map_or(0, |s| s.iter().fold(0, |a, b| (a << 8) | u64::from(*b)))
}
