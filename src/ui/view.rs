//! The displayed packets: all of them, or the ones a display filter kept, in capture order or
//! sorted by a column.

/// Rows of the packet list as 0-based packet indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// Every packet, in order (no list kept: 10M packets cost nothing).
    All(usize),
    /// A filtered or sorted list.
    List(Vec<u32>),
}

impl Default for View {
    fn default() -> Self {
        View::All(0)
    }
}

impl View {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            View::All(n) => *n,
            View::List(v) => v.len(),
        }
    }

    /// True when nothing is displayed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The packet shown in `row`.
    pub fn get(&self, row: usize) -> Option<usize> {
        match self {
            View::All(n) => (row < *n).then_some(row),
            View::List(v) => v.get(row).map(|&p| p as usize),
        }
    }

    /// The row showing `packet`, if displayed.
    pub fn row_of(&self, packet: usize) -> Option<usize> {
        match self {
            View::All(n) => (packet < *n).then_some(packet),
            View::List(v) => {
                let p = u32::try_from(packet).ok()?;
                match v.binary_search(&p) {
                    Ok(r) if v.get(r) == Some(&p) => Some(r),
                    _ => v.iter().position(|&x| x == p),
                }
            }
        }
    }

    /// All displayed packets, in row order.
    pub fn packets(&self) -> Vec<usize> {
        match self {
            View::All(n) => (0..*n).collect(),
            View::List(v) => v.iter().map(|&p| p as usize).collect(),
        }
    }

    /// Appends newly arrived packets (already filtered when a filter is applied).
    pub fn extend(&mut self, packets: impl IntoIterator<Item = usize>) {
        for p in packets {
            match self {
                View::All(n) if p == *n => *n += 1,
                View::All(n) => {
                    let mut list: Vec<u32> = (0..*n as u32).collect();
                    list.push(p as u32);
                    *self = View::List(list);
                }
                View::List(v) => v.push(p as u32),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::View;

    #[test]
    fn all_and_list_agree() {
        let all = View::All(5);
        let list = View::List(vec![0, 1, 2, 3, 4]);
        for r in 0..6 {
            assert_eq!(all.get(r), list.get(r));
            assert_eq!(all.row_of(r), list.row_of(r));
        }
        assert_eq!(all.packets(), list.packets());
    }

    #[test]
    fn sorted_lists_find_rows() {
        let v = View::List(vec![9, 3, 7]);
        assert_eq!(v.row_of(7), Some(2));
        assert_eq!(v.row_of(4), None);
        let mut grown = View::All(2);
        grown.extend([2, 3]);
        assert_eq!(grown, View::All(4));
    }
}
