//! The display filter, sorting and find, run on workers over the shared session; the view
//! grows as a file loads or a capture runs.

use super::app::WirelensApp;
use super::background::{Tagged, ViewJob, take_finished};
use super::jobs::Job;
use super::view::View;
use super::windows::{FindKind, FindQuery};
use crate::filter::Filter;
use crate::session::Session;
use std::sync::Arc;

impl WirelensApp {
    /// Applies the filter bar's text: a worker filters every packet, the view is replaced
    /// when it is done.
    pub fn apply_filter(&mut self) {
        self.ui.filter.check();
        if self.ui.filter.error.is_some() {
            return;
        }
        let text = self.ui.filter.text.trim().to_string();
        if !text.is_empty() {
            self.prefs.add_history(&text);
            self.save_prefs();
        }
        self.ui.filter.applied = text;
        self.refilter();
    }

    /// Filters the whole session again with the applied filter.
    pub fn refilter(&mut self) {
        self.jobs.view = None;
        self.doc.table.sort = None;
        let len = self.doc.packets();
        if self.ui.filter.applied.is_empty() {
            self.doc.view = View::All(len);
            self.doc.covered = len;
            self.doc.caches.plot.dirty = true;
            return;
        }
        self.spawn_filter(0, len);
    }

    fn spawn_filter(&mut self, from: usize, to: usize) {
        let (Some(session), Ok(filter)) =
            (&self.doc.session, Filter::compile(&self.ui.filter.applied))
        else {
            return;
        };
        let session = session.clone();
        let job = Job::spawn("Filtering", to - from, self.env.waker(), move |control| {
            session.filter_range(&filter, from..to, control)
        });
        let job = ViewJob::Filter { job, from, to };
        self.jobs.view = Some(Tagged::new(self.doc.id, job));
    }

    /// The session now has `len` packets: show the new ones (filtered when a filter applies).
    pub fn grow_view(&mut self, len: usize) {
        if len <= self.doc.covered || self.jobs.view.is_some() {
            return;
        }
        if self.ui.filter.applied.is_empty() {
            self.doc.view.extend(self.doc.covered..len);
            self.doc.covered = len;
        } else {
            self.spawn_filter(self.doc.covered, len);
        }
    }

    /// Applies a finished filter or sort (of this document; another's is dropped).
    pub fn poll_view_job(&mut self) {
        let Some(tagged) = &self.jobs.view else {
            return;
        };
        let current = tagged.doc == self.doc.id;
        match &tagged.job {
            ViewJob::Filter { job, from, to } => {
                let Some(result) = job.poll() else { return };
                let (from, to) = (*from, *to);
                self.jobs.view = None;
                if current {
                    self.apply_filtered(result, from, to);
                }
            }
            ViewJob::Sort { job } => {
                let Some(result) = job.poll() else { return };
                self.jobs.view = None;
                if !current {
                    return;
                }
                match result {
                    Some(rows) => {
                        self.doc.view = View::List(rows);
                        self.doc.reselect();
                    }
                    None => self.ui.message = Some("Sorting cancelled".into()),
                }
            }
        }
    }

    fn apply_filtered(&mut self, result: Option<Vec<usize>>, from: usize, to: usize) {
        match result {
            Some(hits) if from == 0 => {
                self.doc.view = View::List(hits.iter().map(|&p| p as u32).collect());
                self.doc.covered = to;
                self.doc.reselect();
            }
            Some(hits) => {
                self.doc.view.extend(hits);
                self.doc.covered = to;
            }
            None => self.ui.message = Some("Filtering cancelled".into()),
        }
        self.doc.caches.plot.dirty = true;
        // Packets that arrived meanwhile.
        self.grow_view(self.doc.packets());
    }

    /// Sorts by `column` (ascending, then descending, then capture order) on a worker.
    pub fn sort(&mut self, column: usize) {
        let Some(session) = self.doc.session.clone() else {
            return;
        };
        let ascending = match self.doc.table.sort {
            Some((c, true)) if c == column => false,
            Some((c, false)) if c == column => {
                self.doc.table.sort = None;
                let mut rows = self.doc.view.packets();
                rows.sort_unstable();
                self.doc.view = rebuild(rows, session.len());
                self.doc.reselect();
                return;
            }
            _ => true,
        };
        self.doc.table.sort = Some((column, ascending));
        let rows = self.doc.view.packets();
        let job = Job::spawn("Sorting", rows.len(), self.env.waker(), move |control| {
            super::sorting::sort_rows(&session, rows, column, ascending, control)
        });
        self.jobs.view = Some(Tagged::new(self.doc.id, ViewJob::Sort { job }));
    }

    /// Searches the displayed packets after the selection (wrapping) on a worker.
    pub fn find(&mut self, query: &FindQuery) {
        let text = find_filter_text(query);
        let filter = match Filter::compile(&text) {
            Ok(f) => f,
            Err(e) => {
                self.ui.windows.find_error = Some(e.render(&text));
                return;
            }
        };
        self.ui.windows.find_error = None;
        let Some(session) = self.doc.session.clone() else {
            return;
        };
        let start = self.doc.selected_row().map_or(0, |r| r + 1);
        let rows = self.doc.view.packets();
        let job = Job::spawn("Finding", rows.len(), self.env.waker(), move |control| {
            find_packet(&session, &filter, &rows, start, control)
        });
        self.jobs.find = Some(Tagged::new(self.doc.id, job));
    }

    /// Selects what a finished find found (in this document; another's result is dropped).
    pub fn poll_find(&mut self) {
        let Some((doc, found)) = take_finished(&mut self.jobs.find) else {
            return;
        };
        if doc != self.doc.id {
            return;
        }
        match found {
            Some(packet) if self.doc.select_packet(packet) => {}
            Some(_) | None => self.ui.message = Some("No packet matched".into()),
        }
    }
}

/// The display filter a Find query stands for.
fn find_filter_text(query: &FindQuery) -> String {
    match query.kind {
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

/// The packet of the first row at or after `start` (wrapping) that matches; each chunk of
/// rows is filtered with one batch of reads.
fn find_packet(
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
            .filter_map(|&row| rows.get(row).copied())
            .find(|p| hits.binary_search(p).is_ok())
    })
}
