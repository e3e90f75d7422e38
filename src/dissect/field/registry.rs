//! Fields registered at run time by protocol descriptions. Definitions are never freed (a
//! [`Field`] copied into a filter or a tree stays valid); a reload registers the new set and
//! retires the names of the old one, so a filter naming a removed field no longer compiles.

use super::{FIELDS, Field, FieldDef};
use std::sync::RwLock;

#[derive(Default)]
struct Registry {
    defs: Vec<&'static FieldDef>,
    active: rustc_hash::FxHashMap<&'static str, Field>,
}

static REGISTRY: RwLock<Registry> = RwLock::new(Registry {
    defs: Vec::new(),
    active: rustc_hash::FxHashMap::with_hasher(rustc_hash::FxBuildHasher),
});

/// A name a description registered once but the loaded set no longer has (a filter
/// naming it says so instead of "unknown field").
pub fn retired(name: &str) -> bool {
    let r = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
    !r.active.contains_key(name) && r.defs.iter().any(|d| d.name == name)
}

/// The most fields descriptions may register over a process's life.
pub const CAPACITY: usize = u16::MAX as usize - 1;

pub(super) fn def(index: usize) -> &'static FieldDef {
    static UNKNOWN: FieldDef = FieldDef {
        name: "_ws.unknown",
        display: "Unknown field",
        kind: super::Kind::Text,
        mask: 0,
    };
    let r = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
    r.defs.get(index).copied().unwrap_or(&UNKNOWN)
}

pub(super) fn by_name(name: &str) -> Option<Field> {
    let r = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
    r.active.get(name).copied()
}

pub(super) fn active() -> Vec<Field> {
    let r = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
    let mut v: Vec<Field> = r.active.values().copied().collect();
    v.sort();
    v
}

/// Registers `defs` (a loaded description set's fields) as the active described fields,
/// retiring the previous set's names. A name already registered with the same display
/// name, kind and mask keeps its number, so trees and filters made before a reload of an
/// unchanged field stay equal. Returns the fields in the order of `defs`, or `None` when
/// the process has registered [`CAPACITY`] fields.
pub fn install(defs: &[FieldSpec]) -> Option<Vec<Field>> {
    let mut r = REGISTRY.write().unwrap_or_else(|e| e.into_inner());
    let previous = std::mem::take(&mut r.active);
    let mut out = Vec::with_capacity(defs.len());
    for def in defs {
        let reuse = previous
            .get(def.name.as_str())
            .copied()
            .filter(|f| same(f.def_in(&r.defs), def));
        let field = match reuse {
            Some(f) => f,
            None => {
                if r.defs.len() >= CAPACITY {
                    r.active = previous;
                    return None;
                }
                let n = u16::try_from(FIELDS.len() + r.defs.len()).ok()?;
                // Only a new or changed field's names are kept for the process's life.
                r.defs.push(Box::leak(Box::new(FieldDef {
                    name: Box::leak(def.name.clone().into_boxed_str()),
                    display: Box::leak(def.display.clone().into_boxed_str()),
                    kind: def.kind,
                    mask: def.mask,
                })));
                Field(n)
            }
        };
        let name = field.def_in(&r.defs).name;
        r.active.insert(name, field);
        out.push(field);
    }
    Some(out)
}

fn same(a: &FieldDef, b: &FieldSpec) -> bool {
    a.name == b.name && a.display == b.display && a.kind == b.kind && a.mask == b.mask
}

/// A field a description declares (owned text: nothing is kept until it is installed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// Filter name.
    pub name: String,
    /// Tree name.
    pub display: String,
    /// Value type.
    pub kind: super::Kind,
    /// Bit mask.
    pub mask: u64,
}

impl Field {
    fn def_in(self, defs: &[&'static FieldDef]) -> &'static FieldDef {
        let i = usize::from(self.0).saturating_sub(FIELDS.len());
        defs.get(i).copied().unwrap_or(&FIELDS[0])
    }
}
