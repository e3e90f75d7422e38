//! Bit-level items of the tree: one flag of a word with its true/false texts, a masked
//! part of a word with its value name, and a flags word with its flags under it, labelled
//! the way Wireshark labels them.

use super::field::Field;
use super::tree::Tree;
use super::value::Value;
use std::ops::Range;

impl Tree {
    /// Adds one flag of `word` (a `width`-bit value) under the field's mask, labelled as
    /// Wireshark labels a boolean with its true/false strings (`texts` = [false, true]):
    /// `.... ..1. = First: This is first fragment`.
    pub fn add_flag(
        &mut self,
        field: Field,
        range: Range<usize>,
        (width, word): (u32, u64),
        texts: [&str; 2],
    ) -> usize {
        let mask = field.def().mask;
        let set = word & mask != 0;
        let n = self.add(field, range, Value::Bool(set));
        self.label(n, || {
            let bits = super::format::bit_pattern_of(width, mask, word);
            let text = if set { texts[1] } else { texts[0] };
            format!("{bits}{}: {text}", field.def().display)
        });
        n
    }

    /// Adds the part of `word` (a `width`-bit value) under the field's mask, shifted down,
    /// labelled with its bits and, when given, the value's name:
    /// `.... .101 .... .... = Recursion control: 5`, `0001 .... = Version: Type II (1)`.
    pub fn add_masked(
        &mut self,
        field: Field,
        range: Range<usize>,
        (width, word): (u32, u64),
        name: Option<&str>,
    ) -> usize {
        let mask = field.def().mask;
        let value = if mask == 0 {
            word
        } else {
            (word & mask) >> mask.trailing_zeros()
        };
        let n = self.add(field, range, Value::UInt(value));
        self.label(n, || {
            let bits = super::format::bit_pattern_of(width, mask, word);
            let display = field.def().display;
            match name {
                Some(name) => format!("{bits}{display}: {name} ({value})"),
                None => format!("{bits}{display}: {value}"),
            }
        });
        n
    }

    /// Adds a flags word and its flags under it, as Wireshark's `proto_tree_add_bitmask`
    /// shows them: `Server Type: 0x00000203, Workstation, Server, Print` (the names of the
    /// set flags follow the value), each flag with its [false, true] texts.
    pub fn add_bitmask(
        &mut self,
        field: Field,
        range: Range<usize>,
        (width, word): (u32, u64),
        flags: &[(Field, [&str; 2])],
    ) -> usize {
        let n = self.open(field, range.clone(), Value::UInt(word));
        self.label(n, || {
            format!(
                "{}: {}{}",
                field.def().display,
                super::format::field_text(field, &Value::UInt(word)),
                set_flag_names(word, flags)
            )
        });
        for (flag, texts) in flags {
            self.add_flag(*flag, range.clone(), (width, word), *texts);
        }
        self.close();
        n
    }
}

/// ", Name, Name" for the flags set in `word`, as a flags word's label lists them.
pub fn set_flag_names(word: u64, flags: &[(Field, [&str; 2])]) -> String {
    flags
        .iter()
        .filter(|(f, _)| word & f.def().mask != 0)
        .map(|(f, _)| format!(", {}", f.def().display))
        .collect()
}
