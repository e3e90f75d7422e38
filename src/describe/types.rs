//! Type names of the description language and the registry kinds they become.

use super::plan::Ty;
use crate::dissect::field::{Base, Kind};

/// The hint shown with an unknown type.
pub const TYPE_HINT: &str = "types are u8…u64 and i8…i64 (add `le` for little endian: u16le), \
b1…b64 and bool (bit fields), ipv4, ipv6, ether, bytes, str, strz, pad, or a struct of this file";

/// A primitive type by name; bit fields come back with offset 0 and run 0 (filled later).
pub fn primitive(name: &str) -> Option<Ty> {
    Some(match name {
        "bool" => bits(1, true),
        "ipv4" => Ty::Ipv4,
        "ipv6" => Ty::Ipv6,
        "ether" => Ty::Ether,
        "bytes" => Ty::Bytes,
        "str" => Ty::Str,
        "strz" => Ty::Strz,
        "pad" => Ty::Pad,
        _ => return integer(name),
    })
}

fn bits(width: u8, flag: bool) -> Ty {
    Ty::Bits {
        width,
        offset: 0,
        run: 0,
        flag,
    }
}

fn integer(name: &str) -> Option<Ty> {
    let (body, le) = match name.strip_suffix("le") {
        Some(b) => (b, true),
        None => (name.strip_suffix("be").unwrap_or(name), false),
    };
    let (sign, digits) = body.split_at_checked(1)?;
    let width: u8 = digits.parse().ok()?;
    match sign {
        "b" if !le && (1..=64).contains(&width) && !digits.starts_with('0') => {
            Some(bits(width, false))
        }
        "u" | "i" if width.is_multiple_of(8) && (8..=64).contains(&width) => {
            let bytes = width / 8;
            if le && bytes == 1 {
                return None;
            }
            Some(match sign {
                "u" => Ty::UInt { bytes, le },
                _ => Ty::Int { bytes, le },
            })
        }
        _ => None,
    }
}

/// The registry kind of a field of type `ty`.
pub fn kind(ty: Ty, hex: bool) -> Kind {
    let base = if hex { Base::Hex } else { Base::Dec };
    match ty {
        Ty::UInt { bytes, .. } => Kind::UInt {
            bits: bytes * 8,
            base,
        },
        Ty::Int { .. } => Kind::Int,
        Ty::Bits { flag: true, .. } | Ty::Masked { flag: true, .. } => Kind::Bool,
        Ty::Masked { bytes, .. } => Kind::UInt {
            bits: bytes * 8,
            base,
        },
        Ty::Bits { run, .. } => Kind::UInt {
            bits: run * 8,
            base,
        },
        Ty::Ipv4 => Kind::Ipv4,
        Ty::Ipv6 => Kind::Ipv6,
        Ty::Ether => Kind::Ether,
        Ty::Bytes | Ty::Pad => Kind::Bytes,
        Ty::Str | Ty::Strz => Kind::Str,
    }
}

/// The bit mask of a bit field inside its run, as the tree's bit view shows it.
pub fn mask(ty: Ty) -> u64 {
    match ty {
        Ty::Bits {
            width, offset, run, ..
        } => {
            let total = u32::from(run) * 8;
            let ones = if width >= 64 {
                u64::MAX
            } else {
                (1u64 << width) - 1
            };
            let shift = total.saturating_sub(u32::from(offset) + u32::from(width));
            ones.checked_shl(shift).unwrap_or(0)
        }
        Ty::Masked { mask, .. } => mask,
        _ => 0,
    }
}

/// A display name from a field name: `tlv.type` → `Type`, `some_byte` → `Some Byte`.
pub fn display_name(name: &str) -> String {
    let last = name.rsplit('.').next().unwrap_or(name);
    last.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(
            primitive("u16"),
            Some(Ty::UInt {
                bytes: 2,
                le: false
            })
        );
        assert_eq!(primitive("u32le"), Some(Ty::UInt { bytes: 4, le: true }));
        assert_eq!(
            primitive("i64be"),
            Some(Ty::Int {
                bytes: 8,
                le: false
            })
        );
        assert_eq!(primitive("b3"), Some(bits(3, false)));
        for bad in ["u7", "u8le", "u72", "b0", "b65", "x8", "u", "b03"] {
            assert_eq!(primitive(bad), None, "{bad}");
        }
    }

    #[test]
    fn masks_and_names() {
        let t = Ty::Bits {
            width: 3,
            offset: 2,
            run: 1,
            flag: false,
        };
        assert_eq!(mask(t), 0x38);
        assert_eq!(display_name("some_byte"), "Some Byte");
        assert_eq!(display_name("tlv.type"), "Type");
    }
}
