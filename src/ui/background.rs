//! Every piece of work running off the UI thread, in one place: the feed (loading or
//! capturing), filter and sort, find, save, conversation statistics, the plot recount, a file
//! dialog, the interface watch. The app polls all of them once per frame, whatever windows
//! are open, and [`Background::is_idle`] names every one of them, so none can be forgotten.
//!
//! Each job is tagged with the [`DocumentId`] it was started for; a result for a document
//! that has been replaced is dropped (or, for a save, reported without touching the new one).

use super::document::DocumentId;
use super::interfaces::InterfaceWatch;
use super::jobs::Job;
use super::plot_data::Series;
use super::windows::DialogResult;
use crate::pcapfile::FileError;
use crate::session::Feed;
use crate::stats::conversations::Conversations;
use crate::stats::expert::ExpertTally;
use crate::stats::follow::Followed;
use crossbeam_channel::Receiver;
use std::path::PathBuf;

/// A job and the document it works for.
pub struct Tagged<T> {
    /// The document it was started for.
    pub doc: DocumentId,
    /// The work.
    pub job: T,
}

impl<T> Tagged<T> {
    /// Tags `job` with `doc`.
    pub fn new(doc: DocumentId, job: T) -> Self {
        Tagged { doc, job }
    }
}

/// A filter or sort of the displayed packets.
pub enum ViewJob {
    /// Filtering packets `from..to`.
    Filter {
        /// Matching packets, or `None` when cancelled.
        job: Job<Option<Vec<usize>>>,
        /// First packet the job looked at (0 = a full refilter).
        from: usize,
        /// Packets the job covers up to.
        to: usize,
    },
    /// Sorting the view.
    Sort {
        /// The sorted rows, or `None` when cancelled.
        job: Job<Option<Vec<u32>>>,
    },
}

impl ViewJob {
    /// What it is doing and how far it got, for the status bar.
    pub fn progress(&self) -> (&'static str, f32) {
        match self {
            ViewJob::Filter { job, .. } => (job.label, job.fraction()),
            ViewJob::Sort { job } => (job.label, job.fraction()),
        }
    }
}

/// A save of packets to a file.
pub struct SaveJob {
    /// Packets written, or why not.
    pub job: Job<Result<u64, FileError>>,
    /// Where.
    pub path: PathBuf,
    /// It holds every packet of the capture (so the capture is saved once it is done).
    pub whole: bool,
}

/// Conversation statistics of one session version.
pub struct ConversationsJob {
    /// The tables, or `None` when cancelled.
    pub job: Job<Option<Conversations>>,
    /// The [`super::document::Document::version`] counted.
    pub version: u64,
}

/// Everything running in the background.
#[derive(Default)]
pub struct Background {
    /// Loading a file or capturing live.
    pub feed: Option<Tagged<Feed>>,
    /// Filtering or sorting the view.
    pub view: Option<Tagged<ViewJob>>,
    /// Finding the next matching packet.
    pub find: Option<Tagged<Job<Option<usize>>>>,
    /// Saving or exporting packets.
    pub save: Option<Tagged<SaveJob>>,
    /// Counting conversations and endpoints.
    pub conversations: Option<Tagged<ConversationsJob>>,
    /// Recounting the traffic plot of a big capture.
    pub plot: Option<Tagged<Job<Series>>>,
    /// A system file dialog.
    pub dialog: Option<Tagged<Receiver<DialogResult>>>,
    /// Interfaces and their rates for the welcome screen (while it is shown).
    pub interfaces: Option<InterfaceWatch>,
    /// Sending packets (the Packet Builder's, or a replay).
    pub send: Option<super::sending::SendJob>,
    /// Following a stream for the Follow Stream window.
    pub follow: Option<Tagged<FollowJob>>,
    /// Collecting expert notes for the Expert window and the status bar.
    pub expert: Option<Tagged<ExpertJob>>,
}

/// Following one stream.
pub struct FollowJob {
    /// The conversation, or `None` when there is no such stream.
    pub job: Job<Option<Followed>>,
    /// What it follows.
    pub key: FollowKey,
}

/// What a followed conversation is: protocol, stream and session version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowKey {
    /// TCP, UDP, TLS or HTTP.
    pub kind: crate::stats::follow::Follow,
    /// The stream index.
    pub stream: u32,
    /// The [`super::document::Document::version`] followed.
    pub version: u64,
}

/// Collecting expert notes.
pub struct ExpertJob {
    /// The notes, or `None` when cancelled.
    pub job: Job<Option<ExpertTally>>,
    /// What was counted.
    pub key: ExpertKey,
}

/// What an expert tally covers: a session version, and the filter when only the displayed
/// packets count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertKey {
    /// The [`super::document::Document::version`] counted.
    pub version: u64,
    /// The applied filter, when limited to displayed packets.
    pub filter: Option<String>,
}

impl Background {
    /// True when nothing runs that will change what is shown: every job has finished and the
    /// interface list has arrived (the watch's rate samples go on, but never wake the UI).
    pub fn is_idle(&self) -> bool {
        let Background {
            feed,
            view,
            find,
            save,
            conversations,
            plot,
            dialog,
            interfaces,
            send,
            follow,
            expert,
        } = self;
        feed.is_none()
            && follow.is_none()
            && expert.is_none()
            && view.is_none()
            && find.is_none()
            && save.is_none()
            && conversations.is_none()
            && plot.is_none()
            && dialog.is_none()
            && send.is_none()
            && interfaces.as_ref().is_none_or(InterfaceWatch::listed)
    }

    /// Drops (and so cancels) the jobs whose results only make sense for the document that is
    /// being closed. A save goes on (the user asked for those packets to be written), and so
    /// do a file dialog (an answer about saving the old document is dropped when it comes)
    /// and a send (it has its own copy of the packets).
    pub fn drop_document_jobs(&mut self) {
        let Background {
            feed,
            view,
            find,
            save: _,
            conversations,
            plot,
            dialog: _,
            interfaces: _,
            send: _,
            follow,
            expert,
        } = self;
        *feed = None;
        *follow = None;
        *expert = None;
        *view = None;
        *find = None;
        *conversations = None;
        *plot = None;
    }
}

/// The result of a finished job in `slot`, with the document it was for; `None` while it runs.
pub fn take_finished<T: Send + 'static>(
    slot: &mut Option<Tagged<Job<T>>>,
) -> Option<(DocumentId, T)> {
    let result = slot.as_ref()?.job.poll()?;
    let doc = slot.take()?.doc;
    Some((doc, result))
}

#[cfg(test)]
mod tests {
    use super::{Background, Tagged, take_finished};
    use crate::ui::document::DocumentId;
    use crate::ui::jobs::Job;

    #[test]
    fn a_new_background_is_idle_and_a_job_is_not() {
        let mut b = Background::default();
        assert!(b.is_idle());
        let (release, wait) = crossbeam_channel::bounded::<()>(0);
        let job = Job::spawn("test", 1, || {}, move |_| wait.recv().is_ok().then_some(3));
        let doc = DocumentId::next();
        b.find = Some(Tagged::new(doc, job));
        assert!(!b.is_idle());
        assert!(take_finished(&mut b.find).is_none(), "still running");
        release.send(()).ok();
        let finished = loop {
            if let Some(r) = take_finished(&mut b.find) {
                break r;
            }
            std::thread::yield_now();
        };
        assert_eq!(finished, (doc, Some(3)));
        assert!(b.is_idle());
    }
}
