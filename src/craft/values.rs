//! Resolving a spec's values for the k-th packet: fixed values as given, ranges stepping
//! with k (back to the start after the end; several ranges step together), `random` drawn
//! from a generator seeded by the user's seed and k, so packet k is the same on every run.

use super::layers::Layer;
use super::spec::{Spec, ValueSpec};
use crate::dissect::field::Kind;
use crate::dissect::{Field, Value};
use std::net::{Ipv4Addr, Ipv6Addr};

/// A small, fast, reproducible generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Random(u64);

impl Random {
    /// The generator for packet `k` of a run seeded with `seed`.
    pub fn new(seed: u64, k: u64) -> Random {
        Random(seed ^ k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The layers of packet `k`.
pub fn resolve(spec: &Spec, k: u64, rng: &mut Random) -> Vec<Layer> {
    spec.layers
        .iter()
        .map(|l| Layer {
            proto: l.proto,
            fields: l
                .fields
                .iter()
                .map(|a| (a.field, value_for(a.field, &a.value, k, rng)))
                .collect(),
        })
        .collect()
}

fn value_for(field: Field, v: &ValueSpec, k: u64, rng: &mut Random) -> Value {
    match v {
        ValueSpec::Present => Value::None,
        ValueSpec::Fixed(v) => v.clone(),
        ValueSpec::Range { from, to } => step(from, to, k),
        ValueSpec::Random => random(field, rng),
    }
}

/// The largest value an integer field holds.
pub fn max_value(field: Field) -> u64 {
    match field {
        Field::IpHdrLen | Field::TcpHdrLen => 60,
        Field::IpFlags => 7,
        _ => {
            let def = field.def();
            let bits = match (def.mask, def.kind) {
                (m, _) if m != 0 => m.count_ones(),
                (_, Kind::UInt { bits, .. }) => u32::from(bits),
                (_, Kind::Bool) => 1,
                _ => 64,
            };
            if bits >= 64 {
                u64::MAX
            } else {
                (1 << bits) - 1
            }
        }
    }
}

/// The k-th value of `from..=to` (wrapping).
fn step(from: &Value, to: &Value, k: u64) -> Value {
    let pick = |a: u128, b: u128| {
        let n = b.saturating_sub(a).saturating_add(1);
        a + u128::from(k) % n.max(1)
    };
    match (from, to) {
        (Value::UInt(a), Value::UInt(b)) => {
            Value::UInt(pick(u128::from(*a), u128::from(*b)) as u64)
        }
        (Value::Ipv4(a), Value::Ipv4(b)) => Value::Ipv4(Ipv4Addr::from(pick(
            u128::from(u32::from(*a)),
            u128::from(u32::from(*b)),
        ) as u32)),
        (Value::Ipv6(a), Value::Ipv6(b)) => {
            Value::Ipv6(Ipv6Addr::from(pick(u128::from(*a), u128::from(*b))))
        }
        (Value::Ether(a), Value::Ether(b)) => {
            let n = pick(mac_to_int(a), mac_to_int(b));
            Value::Ether(int_to_mac(n))
        }
        _ => from.clone(),
    }
}

fn mac_to_int(m: &[u8; 6]) -> u128 {
    m.iter().fold(0, |acc, b| (acc << 8) | u128::from(*b))
}

fn int_to_mac(n: u128) -> [u8; 6] {
    let b = n.to_be_bytes();
    let mut m = [0u8; 6];
    m.copy_from_slice(b.get(10..16).unwrap_or(&[0; 6]));
    m
}

/// A random value of `field`'s type.
fn random(field: Field, rng: &mut Random) -> Value {
    match field.def().kind {
        Kind::Ipv4 => Value::Ipv4(Ipv4Addr::from(rng.next_u64() as u32)),
        Kind::Ipv6 => Value::Ipv6(Ipv6Addr::from(
            (u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64()),
        )),
        Kind::Ether => {
            let mut m = int_to_mac(u128::from(rng.next_u64()));
            // A unicast, locally administered address.
            if let Some(first) = m.first_mut() {
                *first = (*first & 0xfc) | 0x02;
            }
            Value::Ether(m)
        }
        Kind::Bool => Value::Bool(rng.next_u64() & 1 == 1),
        _ => {
            let max = max_value(field);
            let v = match field {
                Field::IpHdrLen | Field::TcpHdrLen => 20 + 4 * (rng.next_u64() % 11),
                _ if max == u64::MAX => rng.next_u64(),
                _ => rng.next_u64() % (max + 1),
            };
            Value::UInt(v)
        }
    }
}

/// The packets of a spec, built one after another.
pub struct Packets<'a> {
    spec: &'a Spec,
    seed: u64,
    next: u64,
}

impl<'a> Packets<'a> {
    /// Packet 0, 1, … of `spec` with `random` seeded by `seed`.
    pub fn new(spec: &'a Spec, seed: u64) -> Packets<'a> {
        Packets {
            spec,
            seed,
            next: 0,
        }
    }
}

impl Iterator for Packets<'_> {
    type Item = Result<Vec<u8>, super::CraftError>;

    fn next(&mut self) -> Option<Self::Item> {
        let k = self.next;
        self.next = self.next.wrapping_add(1);
        Some(super::build(self.spec, k, self.seed))
    }
}
