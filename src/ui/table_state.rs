//! The packet list's own state: scroll position in rows (not pixels: egui's f32 coordinates
//! lose whole rows past ~2M), autoscroll, sort, column widths, time format, cached rows.

use super::time_format::TimeFormat;
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

/// Scroll position, layout and caches of the packet list.
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
    /// Column widths in points.
    pub widths: [f32; 7],
    /// How the Time column is shown.
    pub time_format: TimeFormat,
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
            widths: [70.0, 110.0, 150.0, 150.0, 80.0, 60.0, 600.0],
            time_format: TimeFormat::default(),
            scroll_request: None,
            rows: FxHashMap::default(),
            scroll_remainder: 0.0,
        }
    }
}

impl TableState {
    /// Back to the top, caches dropped (a new capture).
    pub fn reset(&mut self) {
        self.first_row = 0;
        self.follow = true;
        self.sort = None;
        self.scroll_request = None;
        self.rows.clear();
    }

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
