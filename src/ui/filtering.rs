//! The display filter, sorting and find, run on workers over the shared session; the view
//! grows as a file loads or a capture runs.

use super::app::{ViewJob, WirelensApp};
use super::jobs::Job;
use super::view::View;
use super::windows::{FindKind, FindQuery};
use crate::filter::Filter;
use crate::session::Session;
use std::sync::Arc;

/// Most filter history entries kept.
const HISTORY: usize = 30;

impl WirelensApp {
    /// Re-checks the filter text (called as the user types).
    pub fn check_filter(&mut self) {
        let text = self.filter.text.trim();
        self.filter.error = if text.is_empty() {
            None
        } else {
            Filter::compile(text).err()
        };
    }

    /// Applies the filter bar's text: a worker filters every packet, the view is replaced
    /// when it is done.
    pub fn apply_filter(&mut self) {
        self.check_filter();
        if self.filter.error.is_some() {
            return;
        }
        let text = self.filter.text.trim().to_string();
        if !text.is_empty() {
            self.filter.history.retain(|h| *h != text);
            self.filter.history.insert(0, text.clone());
            self.filter.history.truncate(HISTORY);
            if let Some(s) = &mut self.settings {
                s.filter_history = self.filter.history.clone();
                s.save_quietly();
            }
        }
        self.filter.applied = text;
        self.refilter();
    }

    /// Filters the whole session again with the applied filter.
    pub fn refilter(&mut self) {
        self.view_job = None;
        self.table.sort = None;
        let len = self.session.as_ref().map_or(0, |s| s.len());
        if self.filter.applied.is_empty() {
            self.view = View::All(len);
            self.covered = len;
            return;
        }
        self.spawn_filter(0, len);
    }

    fn spawn_filter(&mut self, from: usize, to: usize) {
        let (Some(session), Ok(filter)) = (&self.session, Filter::compile(&self.filter.applied))
        else {
            return;
        };
        let session = session.clone();
        let job = Job::spawn("Filtering", to - from, self.repainter(), move |control| {
            session.filter_range(&filter, from..to, control)
        });
        self.view_job = Some(ViewJob::Filter {
            job,
            from,
            to,
            generation: self.generation,
        });
    }

    /// The session now has `len` packets: show the new ones (filtered when a filter applies).
    pub fn grow_view(&mut self, len: usize) {
        if len <= self.covered || self.view_job.is_some() {
            return;
        }
        if self.filter.applied.is_empty() {
            self.view.extend(self.covered..len);
            self.covered = len;
        } else {
            self.spawn_filter(self.covered, len);
        }
    }

    /// Applies a finished filter or sort.
    pub fn poll_view_job(&mut self) {
        let Some(job) = &self.view_job else { return };
        match job {
            ViewJob::Filter { job, from, to, .. } => {
                let Some(result) = job.poll() else { return };
                let (from, to) = (*from, *to);
                self.view_job = None;
                match result {
                    Some(hits) if from == 0 => {
                        self.view = View::List(hits.iter().map(|&p| p as u32).collect());
                        self.covered = to;
                        self.reselect();
                    }
                    Some(hits) => {
                        self.view.extend(hits);
                        self.covered = to;
                    }
                    None => self.message = Some("Filtering cancelled".into()),
                }
                self.plot_dirty();
                // Packets that arrived meanwhile.
                let len = self.session.as_ref().map_or(0, |s| s.len());
                self.grow_view(len);
            }
            ViewJob::Sort { job, .. } => {
                let Some(result) = job.poll() else { return };
                self.view_job = None;
                match result {
                    Some(rows) => {
                        self.view = View::List(rows);
                        self.reselect();
                    }
                    None => self.message = Some("Sorting cancelled".into()),
                }
            }
        }
    }

    /// Keeps the selected packet selected if it is still displayed.
    fn reselect(&mut self) {
        let packet = self.selection.as_ref().map(|s| s.packet);
        match packet.and_then(|p| self.view.row_of(p)) {
            Some(row) => {
                if let Some(s) = &mut self.selection {
                    s.row = row;
                }
                self.table.scroll_to(row);
            }
            None => self.selection = None,
        }
    }

    /// Sorts by `column` (ascending, then descending, then capture order) on a worker.
    pub fn sort(&mut self, column: usize) {
        let Some(session) = self.session.clone() else {
            return;
        };
        let ascending = match self.table.sort {
            Some((c, true)) if c == column => false,
            Some((c, false)) if c == column => {
                self.table.sort = None;
                let mut rows = self.view.packets();
                rows.sort_unstable();
                self.view = rebuild(rows, session.len());
                self.reselect();
                return;
            }
            _ => true,
        };
        self.table.sort = Some((column, ascending));
        let rows = self.view.packets();
        let job = Job::spawn("Sorting", rows.len(), self.repainter(), move |control| {
            super::sorting::sort_rows(&session, rows, column, ascending, control)
        });
        self.view_job = Some(ViewJob::Sort {
            job,
            generation: self.generation,
        });
    }

    /// Searches the displayed packets after the selection (wrapping) on a worker.
    pub fn find(&mut self, query: &FindQuery) {
        let text = match query.kind {
            FindKind::DisplayFilter => query.text.clone(),
            FindKind::Hex => {
                let hex: String = query.text.chars().filter(char::is_ascii_hexdigit).collect();
                let bytes: Vec<String> = hex
                    .as_bytes()
                    .chunks(2)
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect();
                format!("frame contains {}", bytes.join(":"))
            }
            FindKind::String => format!("frame contains \"{}\"", escape(&query.text)),
        };
        let filter = match Filter::compile(&text) {
            Ok(f) => f,
            Err(e) => {
                self.windows.find_error = Some(e.render(&text));
                return;
            }
        };
        self.windows.find_error = None;
        let Some(session) = self.session.clone() else {
            return;
        };
        let start = self.selected_row().map_or(0, |r| r + 1);
        let rows = self.view.packets();
        let job = Job::spawn("Finding", rows.len(), self.repainter(), move |control| {
            find_row(&session, &filter, &rows, start, control)
        });
        self.windows.find_job = Some(job);
    }

    /// Selects what a finished find found.
    pub fn poll_find(&mut self) {
        let Some(result) = self.windows.find_job.as_ref().and_then(Job::poll) else {
            return;
        };
        self.windows.find_job = None;
        match result {
            Some(row) => self.select_row(row),
            None => self.message = Some("No packet matched".into()),
        }
    }
}

/// A view over `rows` (capture order): `All` when nothing is left out.
fn rebuild(rows: Vec<usize>, len: usize) -> View {
    if rows.len() == len {
        View::All(len)
    } else {
        View::List(rows.into_iter().map(|p| p as u32).collect())
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The first row at or after `start` (wrapping) whose packet matches; each chunk of rows is
/// filtered with one batch of reads.
fn find_row(
    session: &Arc<Session>,
    filter: &Filter,
    rows: &[usize],
    start: usize,
    control: &crate::session::JobControl,
) -> Option<usize> {
    use rayon::prelude::*;
    use std::sync::atomic::Ordering;
    let n = rows.len();
    let order: Vec<usize> = (0..n).map(|k| (start + k) % n).collect();
    order.par_chunks(4096).find_map_first(|chunk| {
        if control.cancelled() {
            return None;
        }
        control.done.fetch_add(chunk.len(), Ordering::Relaxed);
        let packets = chunk.iter().filter_map(|&row| rows.get(row).copied());
        let hits = session.filter_chunk(filter, packets);
        chunk
            .iter()
            .copied()
            .find(|&row| rows.get(row).is_some_and(|p| hits.binary_search(p).is_ok()))
    })
}
