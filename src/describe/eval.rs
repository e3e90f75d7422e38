//! Evaluating expressions over the values decoded so far: checked 64-bit integer
//! arithmetic, no loops and no calls, so every evaluation ends.

use super::plan::{Expr, Var};
use std::ops::Range;
use std::sync::Arc;

/// A decoded value as expressions see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// A number.
    Num(i64),
    /// Bytes of the data.
    Bytes(Range<usize>),
    /// Text.
    Text(Arc<str>),
    /// An address (compares with its text; no arithmetic). Kept as its value: text is made
    /// only when a comparison or a template asks.
    Addr(crate::dissect::Value),
}

/// The latest value and byte length of every variable.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// By variable slot.
    pub slots: Vec<Option<(Val, usize)>>,
}

impl Env {
    /// An environment with `n` empty slots.
    pub fn new(n: usize) -> Self {
        Env {
            slots: vec![None; n],
        }
    }

    /// Sets a variable.
    pub fn set(&mut self, v: Var, val: Val, len: usize) {
        if let Some(s) = self.slots.get_mut(v) {
            *s = Some((val, len));
        }
    }

    /// Clears a variable (a conditional field that is absent this time).
    pub fn clear(&mut self, v: Var) {
        if let Some(s) = self.slots.get_mut(v) {
            *s = None;
        }
    }

    /// A variable's value.
    pub fn get(&self, v: Var) -> Option<&(Val, usize)> {
        self.slots.get(v)?.as_ref()
    }
}

/// Where the decoder is, for `offset` and `remaining`.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    /// Bytes from the protocol's start.
    pub offset: usize,
    /// Bytes left.
    pub remaining: usize,
}

/// Evaluates `e`; `None` when a field it needs is absent or the arithmetic overflows.
pub fn eval(e: &Expr, env: &Env, data: &[u8], at: Position) -> Option<Val> {
    Some(match e {
        Expr::Int(n) => Val::Num(*n),
        Expr::Str(s) => Val::Text(s.clone()),
        Expr::Var(v) => env.get(*v)?.0.clone(),
        Expr::Len(v) => Val::Num(i64::try_from(env.get(*v)?.1).ok()?),
        Expr::Offset => Val::Num(i64::try_from(at.offset).ok()?),
        Expr::Remaining => Val::Num(i64::try_from(at.remaining).ok()?),
        Expr::Unary(op, a) => {
            let x = num(&eval(a, env, data, at)?)?;
            Val::Num(match *op {
                "-" => x.checked_neg()?,
                "~" => !x,
                _ => i64::from(x == 0),
            })
        }
        Expr::Binary(op, a, b) => binary(op, a, b, env, data, at)?,
    })
}

/// Evaluates `e` as a number, without building values on the way (the common case: every
/// condition and length of a layout); string comparisons go through [`eval`].
pub fn number(e: &Expr, env: &Env, data: &[u8], at: Position) -> Option<i64> {
    match e {
        Expr::Int(n) => Some(*n),
        Expr::Var(v) => match &env.get(*v)?.0 {
            Val::Num(n) => Some(*n),
            _ => None,
        },
        Expr::Len(v) => i64::try_from(env.get(*v)?.1).ok(),
        Expr::Offset => i64::try_from(at.offset).ok(),
        Expr::Remaining => i64::try_from(at.remaining).ok(),
        Expr::Str(_) => None,
        Expr::Unary(op, a) => {
            let x = number(a, env, data, at)?;
            Some(match *op {
                "-" => x.checked_neg()?,
                "~" => !x,
                _ => i64::from(x == 0),
            })
        }
        Expr::Binary(op, a, b) => match *op {
            "&&" => Some(i64::from(
                truth(a, env, data, at) && truth(b, env, data, at),
            )),
            "||" => Some(i64::from(
                truth(a, env, data, at) || truth(b, env, data, at),
            )),
            "==" | "!=" => {
                let equal = match (number(a, env, data, at), number(b, env, data, at)) {
                    (Some(x), Some(y)) => x == y,
                    _ => equal(&eval(a, env, data, at)?, &eval(b, env, data, at)?, data)?,
                };
                Some(i64::from(equal == (*op == "==")))
            }
            _ => arithmetic(op, number(a, env, data, at)?, number(b, env, data, at)?),
        },
    }
}

fn arithmetic(op: &str, x: i64, y: i64) -> Option<i64> {
    Some(match op {
        "<" => i64::from(x < y),
        "<=" => i64::from(x <= y),
        ">" => i64::from(x > y),
        ">=" => i64::from(x >= y),
        "+" => x.checked_add(y)?,
        "-" => x.checked_sub(y)?,
        "*" => x.checked_mul(y)?,
        "/" => x.checked_div(y)?,
        "%" => x.checked_rem(y)?,
        "&" => x & y,
        "|" => x | y,
        "^" => x ^ y,
        "<<" => x.checked_shl(u32::try_from(y).ok()?)?,
        ">>" => x.checked_shr(u32::try_from(y).ok()?)?,
        _ => return None,
    })
}

/// Evaluates `e` as a condition (absent fields make it false).
pub fn truth(e: &Expr, env: &Env, data: &[u8], at: Position) -> bool {
    number(e, env, data, at).is_some_and(|n| n != 0)
}

fn num(v: &Val) -> Option<i64> {
    match v {
        Val::Num(n) => Some(*n),
        _ => None,
    }
}

fn binary(op: &str, a: &Expr, b: &Expr, env: &Env, data: &[u8], at: Position) -> Option<Val> {
    match op {
        "&&" => {
            return Some(Val::Num(i64::from(
                truth(a, env, data, at) && truth(b, env, data, at),
            )));
        }
        "||" => {
            return Some(Val::Num(i64::from(
                truth(a, env, data, at) || truth(b, env, data, at),
            )));
        }
        _ => {}
    }
    let (x, y) = (eval(a, env, data, at)?, eval(b, env, data, at)?);
    if matches!(op, "==" | "!=") {
        let equal = equal(&x, &y, data)?;
        return Some(Val::Num(i64::from(equal == (op == "=="))));
    }
    Some(Val::Num(arithmetic(op, num(&x)?, num(&y)?)?))
}

fn equal(x: &Val, y: &Val, data: &[u8]) -> Option<bool> {
    let text = |v: &Val| -> Option<Vec<u8>> {
        match v {
            Val::Bytes(r) => data.get(r.clone()).map(<[u8]>::to_vec),
            Val::Text(s) => Some(s.as_bytes().to_vec()),
            Val::Addr(a) => Some(addr_text(a).into_bytes()),
            _ => None,
        }
    };
    let number = |v: &Val| -> Option<i64> {
        match v {
            Val::Num(n) => Some(*n),
            Val::Bytes(r) if r.len() <= 8 => {
                let b = data.get(r.clone())?;
                Some(b.iter().fold(0u64, |a, x| (a << 8) | u64::from(*x)) as i64)
            }
            _ => None,
        }
    };
    match (x, y) {
        (Val::Num(_), _) | (_, Val::Num(_)) => Some(number(x)? == number(y)?),
        _ => Some(text(x)? == text(y)?),
    }
}

/// An address value's text (`198.18.0.1`, `02:00:00:00:00:01`).
pub fn addr_text(v: &crate::dissect::Value) -> String {
    match v {
        crate::dissect::Value::Ipv4(a) => a.to_string(),
        crate::dissect::Value::Ipv6(a) => a.to_string(),
        crate::dissect::Value::Ether(m) => crate::dissect::value::format_ether(m),
        _ => String::new(),
    }
}
