//! Interned protocol stacks for the packet records.

use super::ProtoSet;

/// Interned protocol stacks: captures have few distinct ones, so a record keeps a 16-bit id.
#[derive(Debug, Default, Clone)]
pub struct Stacks {
    /// Stack by id.
    pub list: Vec<Vec<&'static str>>,
    /// The indexed-protocol bit set of each stack.
    pub sets: Vec<ProtoSet>,
    ids: rustc_hash::FxHashMap<Vec<&'static str>, u16>,
}

impl Stacks {
    /// The id of `stack`, interning it (id `u16::MAX` when the table is full).
    pub fn intern(&mut self, stack: &[&'static str]) -> u16 {
        if let Some(id) = self.ids.get(stack) {
            return *id;
        }
        let Ok(id) = u16::try_from(self.list.len()) else {
            return u16::MAX;
        };
        if id == u16::MAX {
            return u16::MAX;
        }
        self.list.push(stack.to_vec());
        self.sets.push(ProtoSet::from_names(stack));
        self.ids.insert(stack.to_vec(), id);
        id
    }

    /// The protocol bit set of a stack id.
    pub fn set(&self, id: u16) -> ProtoSet {
        self.sets.get(usize::from(id)).copied().unwrap_or_default()
    }

    /// The stack of an id.
    pub fn get(&self, id: u16) -> &[&'static str] {
        self.list.get(usize::from(id)).map_or(&[], Vec::as_slice)
    }
}
