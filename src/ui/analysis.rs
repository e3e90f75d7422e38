//! Follow Stream and Expert Information for their windows, computed by app logic on workers
//! (never by a view): one followed conversation per window state and session version, one
//! expert tally per session version (and filter, when limited to the displayed packets).

use super::app::WirelensApp;
use super::background::{ExpertJob, ExpertKey, FollowJob, FollowKey, Tagged};
use super::jobs::Job;
use super::windows::{ExpertView, FollowView};
use crate::dissect::context::TransportKind;
use crate::stats::expert;
use crate::stats::follow::{self, Follow};
use std::sync::Arc;

impl WirelensApp {
    /// Starts the follow and expert work the open windows (and the status bar) need.
    pub fn update_analysis(&mut self) {
        self.follow_if_needed();
        self.count_expert_if_needed();
    }

    /// Polls both jobs; results for another document or version are dropped.
    pub fn poll_analysis(&mut self) {
        if let Some(result) = self.jobs.follow.as_ref().and_then(|t| t.job.job.poll())
            && let Some(Tagged { doc, job }) = self.jobs.follow.take()
            && doc == self.doc.id
        {
            self.doc.caches.followed = Some((job.key, result.map(Arc::new)));
        }
        if let Some(result) = self.jobs.expert.as_ref().and_then(|t| t.job.job.poll())
            && let Some(Tagged { doc, job }) = self.jobs.expert.take()
            && doc == self.doc.id
            && let Some(tally) = result
        {
            self.doc.caches.expert = Some((job.key, Arc::new(tally)));
        }
    }

    /// Opens Follow Stream on the selected packet's conversation, followed as `kind`.
    pub fn follow_selected(&mut self, kind: Follow) {
        let stream = self.selected_stream(kind.transport());
        if let Some(stream) = stream {
            self.open_follow(kind, stream);
        }
    }

    /// The `tcp.stream` / `udp.stream` of the selected packet.
    pub fn selected_stream(&self, kind: TransportKind) -> Option<u32> {
        let s = self.doc.session.as_ref()?;
        let packet = self.doc.selection.as_ref()?.packet;
        let flow = s.flows.get(s.record(packet)?.flow)?;
        (flow.kind == kind).then_some(flow.stream)
    }

    /// Opens (or moves) Follow Stream to stream `stream`, followed as `kind`.
    pub fn open_follow(&mut self, kind: Follow, stream: u32) {
        let keep = self.ui.windows.follow.take();
        self.ui.windows.follow = Some(FollowView {
            kind,
            stream,
            side: keep.as_ref().map(|v| v.side).unwrap_or_default(),
            format: keep.as_ref().map(|v| v.format).unwrap_or_default(),
            find: keep.map(|v| v.find).unwrap_or_default(),
            save_path: None,
        });
    }

    /// Writes what Follow Stream shows to `path` (all of it, in the shown format).
    pub fn save_followed(&mut self, path: &std::path::Path) {
        let (Some(view), Some((key, Some(f)))) =
            (&self.ui.windows.follow, self.doc.caches.followed.as_ref())
        else {
            return;
        };
        if key.kind != view.kind || key.stream != view.stream {
            return;
        }
        let bytes = super::follow_window::saved_bytes(f, view);
        self.ui.message = Some(match write_file(path, &bytes) {
            Ok(()) => format!("Saved {} bytes to {}", bytes.len(), path.display()),
            Err(e) => format!("Could not save {}: {e}", path.display()),
        });
    }

    /// Opens Expert Information.
    pub fn open_expert(&mut self) {
        if self.ui.windows.expert.is_none() {
            self.ui.windows.expert = Some(ExpertView::default());
        }
    }

    fn follow_if_needed(&mut self) {
        let Some(view) = &self.ui.windows.follow else {
            return;
        };
        let key = FollowKey {
            kind: view.kind,
            stream: view.stream,
            version: self.doc.version,
        };
        let cached = self
            .doc
            .caches
            .followed
            .as_ref()
            .is_some_and(|(k, _)| *k == key);
        let running = self
            .jobs
            .follow
            .as_ref()
            .is_some_and(|t| t.doc == self.doc.id && t.job.key == key);
        let Some(s) = self.doc.session.clone() else {
            return;
        };
        if cached || running {
            return;
        }
        let job = Job::spawn("Following stream", s.len(), self.env.waker(), move |_| {
            follow::follow_as(&s, key.kind, key.stream)
        });
        self.jobs.follow = Some(Tagged::new(self.doc.id, FollowJob { job, key }));
    }

    /// The status bar's indicator needs the tally of a loaded capture; the window may limit
    /// it to the displayed packets.
    fn count_expert_if_needed(&mut self) {
        if self.jobs.feed.is_some() {
            return;
        }
        let Some(s) = self.doc.session.clone() else {
            return;
        };
        let displayed_only = self
            .ui
            .windows
            .expert
            .as_ref()
            .is_some_and(|v| v.displayed_only)
            && !self.ui.filter.applied.is_empty();
        let key = ExpertKey {
            version: self.doc.version,
            filter: displayed_only.then(|| self.ui.filter.applied.clone()),
        };
        let cached = self
            .doc
            .caches
            .expert
            .as_ref()
            .is_some_and(|(k, _)| *k == key);
        let running = self
            .jobs
            .expert
            .as_ref()
            .is_some_and(|t| t.doc == self.doc.id && t.job.key == key);
        if cached || running || (displayed_only && self.jobs.view.is_some()) {
            return;
        }
        let packets: Vec<usize> = if displayed_only {
            self.doc.view.packets()
        } else {
            (0..s.len()).collect()
        };
        let job = Job::spawn(
            "Collecting expert information",
            packets.len(),
            self.env.waker(),
            move |control| expert::collect(&s, &packets, control),
        );
        self.jobs.expert = Some(Tagged::new(self.doc.id, ExpertJob { job, key }));
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, so a failed write leaves any
/// old file whole.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
