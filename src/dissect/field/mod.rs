//! The field registry: every field's Wireshark name, display name, type and bit mask.
//! Filters resolve names here; the tree and `-T fields` format values from here.

use std::sync::LazyLock;

/// How an integer is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// Decimal.
    Dec,
    /// `0x` + zero-padded hex, as wide as the field's storage type.
    Hex,
}

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A protocol layer (presence only).
    Protocol,
    /// A text-only node (no filterable value).
    Text,
    /// A presence-only field (Wireshark's FT_NONE): `-T fields` prints `1` where present.
    Flag,
    /// True/false.
    Bool,
    /// Unsigned integer stored in `bits` bits.
    UInt { bits: u8, base: Base },
    /// Signed integer.
    Int,
    /// IPv4 address.
    Ipv4,
    /// IPv6 address.
    Ipv6,
    /// MAC address.
    Ether,
    /// Byte string.
    Bytes,
    /// Character string.
    Str,
    /// Absolute time (epoch ns).
    AbsTime,
    /// Relative time (ns).
    RelTime,
}

/// One registered field.
#[derive(Debug, Clone)]
pub struct FieldDef {
    /// Filter name, e.g. `tcp.srcport`.
    pub name: &'static str,
    /// Human name, e.g. `Source Port`.
    pub display: &'static str,
    /// Value type.
    pub kind: Kind,
    /// Bit mask inside the containing bytes (0 = whole bytes), for the tree's bit view.
    pub mask: u64,
}

const fn dec(bits: u8) -> Kind {
    Kind::UInt {
        bits,
        base: Base::Dec,
    }
}
const fn hex(bits: u8) -> Kind {
    Kind::UInt {
        bits,
        base: Base::Hex,
    }
}

/// One group of built-in fields (a file under `table/`): numbered on from `$first`, the
/// number after the previous group's last field, so all groups share one numbering.
macro_rules! field_group {
    (first = $first:expr; $( $id:ident = $name:literal, $display:literal, $kind:expr, $mask:expr; )*) => {
        #[allow(clippy::enum_variant_names)]
        #[repr(u16)]
        enum Id { $($id,)* End }

        #[allow(non_upper_case_globals, missing_docs)]
        impl Field {
            $( pub const $id: Field = Field($first + Id::$id as u16); )*
        }

        /// This group's fields, in numbering order.
        pub(super) const DEFS: &[FieldDef] = &[ $( FieldDef { name: $name, display: $display, kind: $kind, mask: $mask } ),* ];

        /// The number the next group starts at.
        pub(super) const NEXT: u16 = $first + Id::End as u16;
    };
}

mod table;

use table::ALL;
pub use table::FIELDS;

/// A registered field: a built-in one (its number indexes [`FIELDS`]) or one a protocol
/// description registered at run time (numbers from `FIELDS.len()` on, see [`registry`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Field(u16);

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Field({})", self.name())
    }
}

static BY_NAME: LazyLock<rustc_hash::FxHashMap<&'static str, Field>> =
    LazyLock::new(|| ALL.iter().map(|f| (f.def().name, *f)).collect());

impl Field {
    /// The field's definition.
    pub fn def(self) -> &'static FieldDef {
        match FIELDS.get(usize::from(self.0)) {
            Some(def) => def,
            None => registry::def(usize::from(self.0) - FIELDS.len()),
        }
    }

    /// The filter name, e.g. `ip.src`.
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// Finds a field by its filter name: a built-in one, else one of the loaded descriptions.
    pub fn by_name(name: &str) -> Option<Field> {
        BY_NAME
            .get(name)
            .copied()
            .or_else(|| registry::by_name(name))
    }

    /// Every built-in field.
    pub fn all() -> &'static [Field] {
        ALL.as_slice()
    }

    /// Every field a filter can name now: the built-in ones, then the described ones.
    pub fn every() -> Vec<Field> {
        let mut all = ALL.to_vec();
        all.extend(registry::active());
        all
    }

    /// This field was registered by a protocol description.
    pub fn is_described(self) -> bool {
        usize::from(self.0) >= FIELDS.len()
    }
}

pub mod registry;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_resolve() {
        assert_eq!(BY_NAME.len(), FIELDS.len());
        assert!(FIELDS.len() < usize::from(u16::MAX));
        assert_eq!(Field::by_name("tcp.srcport"), Some(Field::TcpSrcPort));
        assert_eq!(Field::TcpSrcPort.def().display, "Source Port");
        for f in Field::all() {
            assert_eq!(Field::by_name(f.name()), Some(*f));
        }
    }
}
