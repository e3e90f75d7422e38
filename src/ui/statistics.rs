//! Statistics for the windows that show them, computed by app logic (never by a view):
//! Capture File Properties and Protocol Hierarchy once per session version and filter,
//! Conversations and Endpoints on a worker once loading or capturing has ended.

use super::app::WirelensApp;
use super::background::{ConversationsJob, Tagged};
use super::document::StatsCache;
use super::jobs::Job;
use super::status_bar::human_bytes;
use crate::stats::{conversations, protocol_hierarchy, summarize, summary};
use std::sync::Arc;

impl WirelensApp {
    /// Brings the statistics of open windows up to date.
    pub fn update_statistics(&mut self) {
        if self.ui.windows.shows_statistics() {
            self.refresh_summary();
        }
        if self.ui.windows.shows_conversations() {
            self.count_conversations();
        }
    }

    /// Properties text and protocol hierarchy of the displayed packets, unless current.
    fn refresh_summary(&mut self) {
        let Some(s) = self.doc.session.clone() else {
            return;
        };
        let applied = &self.ui.filter.applied;
        let fresh = self
            .doc
            .caches
            .stats
            .as_ref()
            .is_some_and(|c| c.version == self.doc.version && c.filter == *applied);
        if fresh {
            return;
        }
        let displayed = (!applied.is_empty()).then(|| self.doc.view.packets());
        let properties = format!(
            "{}Displayed packets:   {}\nIndex memory:        {}\n",
            summary::render(&s, &summarize(&s)),
            self.doc.view.len(),
            human_bytes(s.store.index_bytes())
        );
        self.doc.caches.stats = Some(StatsCache {
            version: self.doc.version,
            filter: applied.clone(),
            properties,
            hierarchy: protocol_hierarchy(&s, displayed.as_deref()),
        });
    }

    /// Starts counting conversations of the finished session if not done yet.
    fn count_conversations(&mut self) {
        let version = self.doc.version;
        let fresh = self
            .doc
            .caches
            .conversations
            .as_ref()
            .is_some_and(|(v, _)| *v == version);
        let running = self
            .jobs
            .conversations
            .as_ref()
            .is_some_and(|t| t.doc == self.doc.id && t.job.version == version);
        if fresh || running || self.jobs.feed.is_some() {
            return;
        }
        let Some(s) = self.doc.session.clone() else {
            return;
        };
        let job = Job::spawn(
            "Counting conversations",
            s.len(),
            self.env.waker(),
            move |control| conversations::conversations(&s, control),
        );
        let job = ConversationsJob { job, version };
        self.jobs.conversations = Some(Tagged::new(self.doc.id, job));
    }

    /// Keeps finished conversation statistics of this document's current version.
    pub fn poll_conversations(&mut self) {
        let Some(result) = self
            .jobs
            .conversations
            .as_ref()
            .and_then(|t| t.job.job.poll())
        else {
            return;
        };
        let Some(Tagged { doc, job }) = self.jobs.conversations.take() else {
            return;
        };
        if let Some(c) = result
            && doc == self.doc.id
            && job.version == self.doc.version
        {
            self.doc.caches.conversations = Some((job.version, Arc::new(c)));
        }
    }
}
