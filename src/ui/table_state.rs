//! The packet list's state for one capture: scroll position in rows (not pixels: egui's f32
//! coordinates lose whole rows past ~2M), autoscroll, sort, cached rows. Column widths and
//! the time format are preferences.

use rustc_hash::FxHashMap;

/// Rows kept in the cache before it is cleared.
const CACHE_ROWS: usize = 4096;

/// The text and colours of one packet-list row.
#[derive(Debug, Clone, Default)]
pub struct RowText {
    /// Source, Destination, Protocol, Info.
    pub source: String,
    /// Destination column.
    pub destination: String,
    /// Protocol column.
    pub protocol: String,
    /// Info column.
    pub info: String,
    /// Background and text colour from the first matching colouring rule.
    pub colors: Option<(egui::Color32, egui::Color32)>,
}

/// Scroll position, sort and row cache of the packet list.
#[derive(Debug)]
pub struct TableState {
    /// First visible row.
    pub first_row: usize,
    /// Rows that fit (from the last frame).
    pub visible_rows: usize,
    /// Keep the last row in view as packets arrive.
    pub follow: bool,
    /// Sorted column and direction.
    pub sort: Option<(usize, bool)>,
    /// Bring this row into view on the next frame.
    pub scroll_request: Option<usize>,
    /// Rows already dissected for display, by packet.
    pub rows: FxHashMap<usize, RowText>,
    /// Wheel movement not yet worth a whole row, points.
    pub scroll_remainder: f32,
}

impl Default for TableState {
    fn default() -> Self {
        TableState {
            first_row: 0,
            visible_rows: 0,
            follow: true,
            sort: None,
            scroll_request: None,
            rows: FxHashMap::default(),
            scroll_remainder: 0.0,
        }
    }
}

impl TableState {
    /// Drops cached rows (marks, colours or the session changed).
    pub fn invalidate_rows(&mut self) {
        self.rows.clear();
    }

    /// Keeps the cache bounded.
    pub fn trim_cache(&mut self) {
        if self.rows.len() > CACHE_ROWS {
            self.rows.clear();
        }
    }

    /// Brings `row` into view on the next frame.
    pub fn scroll_to(&mut self, row: usize) {
        self.scroll_request = Some(row);
    }

    /// The first row that shows `row` with as little movement as possible.
    pub fn first_row_showing(&self, row: usize) -> usize {
        let visible = self.visible_rows.max(1);
        if row < self.first_row {
            row
        } else if row >= self.first_row + visible {
            row + 1 - visible
        } else {
            self.first_row
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TableState;

    #[test]
    fn scrolling_to_a_row_moves_as_little_as_possible() {
        let mut t = TableState {
            first_row: 100,
            visible_rows: 10,
            ..TableState::default()
        };
        assert_eq!(t.first_row_showing(105), 100);
        assert_eq!(t.first_row_showing(99), 99);
        assert_eq!(t.first_row_showing(110), 101);
        t.first_row = 9_999_990;
        assert_eq!(t.first_row_showing(9_999_999), 9_999_990);
    }
}
