//! The open capture and everything known about it: the session, the displayed packets, the
//! selection, marks, time references, the packet list's position, caches and the unsaved flag.
//! Opening or closing a capture replaces the whole [`Document`]; nothing about the old one can
//! survive by being forgotten in a reset.

use super::table_state::TableState;
use super::view::View;
use super::windows::ExportScope;
use crate::dissect::Dissection;
use crate::session::Session;
use crate::stats::conversations::Conversations;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Identifies one opened capture. Every background job carries the id of the document it was
/// started for, and its result is dropped when another document has replaced that one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocumentId(u64);

impl DocumentId {
    /// A fresh id, unique in this process.
    pub fn next() -> DocumentId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        DocumentId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// The selected packet, dissected with labels for the tree and the hex view.
pub struct Selection {
    /// 0-based packet index.
    pub packet: usize,
    /// Its row in the displayed list, as last known (checked before use: finding a packet
    /// in a sorted 10M-row list is a scan).
    pub row: usize,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its dissection.
    pub dissection: Dissection,
    /// Selected tree node.
    pub node: Option<usize>,
}

/// What the background feed of this document is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeedState {
    /// Nothing running.
    #[default]
    Idle,
    /// Indexing a file.
    Loading {
        /// Bytes read.
        done: u64,
        /// File size.
        total: u64,
    },
    /// Capturing live.
    Capturing {
        /// Packets libpcap saw.
        received: u64,
        /// Dropped by the kernel.
        dropped: u64,
        /// Dropped because we fell behind.
        dropped_by_app: u64,
    },
}

/// libpcap's last counters of a capture, kept after it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaptureCounts {
    /// Packets the kernel saw.
    pub received: u64,
    /// Dropped by the kernel or by us.
    pub dropped: u64,
}

/// Statistics text and tree for one session version and applied filter.
pub struct StatsCache {
    /// [`Document::version`] they describe.
    pub version: u64,
    /// Applied filter.
    pub filter: String,
    /// Capture File Properties text.
    pub properties: String,
    /// Protocol hierarchy of the displayed packets.
    pub hierarchy: crate::stats::HierarchyNode,
}

/// The traffic plot's counts for this document.
#[derive(Debug)]
pub struct PlotCounts {
    /// Counted traffic.
    pub series: super::plot_data::Series,
    /// Recount from scratch on the next frame (new session, new filter, new settings).
    pub dirty: bool,
}

impl Default for PlotCounts {
    fn default() -> Self {
        PlotCounts {
            series: super::plot_data::Series::new(1_000_000_000),
            dirty: true,
        }
    }
}

/// Results derived from the session, each remembering which version it describes.
#[derive(Default)]
pub struct Caches {
    /// Conversation statistics and the [`Document::version`] they describe.
    pub conversations: Option<(u64, Arc<Conversations>)>,
    /// Capture File Properties and Protocol Hierarchy.
    pub stats: Option<StatsCache>,
    /// Statistics tables' rows, built and sorted, by table id.
    pub tables: std::collections::HashMap<String, super::conversations_window::TableCache>,
    /// The traffic plot's counts.
    pub plot: PlotCounts,
    /// The followed conversation shown in Follow Stream, and what it is.
    pub followed: Option<(
        super::background::FollowKey,
        Option<Arc<crate::stats::follow::Followed>>,
    )>,
    /// Expert notes and what they cover.
    pub expert: Option<(
        super::background::ExpertKey,
        Arc<crate::stats::expert::ExpertTally>,
    )>,
}

/// One open capture (or none: the welcome screen).
pub struct Document {
    /// Which capture this is.
    pub id: DocumentId,
    /// The indexed packets (shared read-only with workers); `None` until the first arrive.
    pub session: Option<Arc<Session>>,
    /// Bumped whenever `session` is replaced by a newer snapshot (caches compare it).
    pub version: u64,
    /// Loading or capturing in the background.
    pub feed_state: FeedState,
    /// The files this capture is read from (none for a live capture).
    pub files: Vec<std::path::PathBuf>,
    /// Packets of the session the view covers (the rest is still to be filtered).
    pub covered: usize,
    /// Displayed packets.
    pub view: View,
    /// Selected packet.
    pub selection: Option<Selection>,
    /// Marked packets (0-based).
    pub marks: BTreeSet<usize>,
    /// Time references (0-based).
    pub time_refs: BTreeSet<usize>,
    /// The capture holds packets not saved to a file.
    pub unsaved: bool,
    /// libpcap's last counters of the capture shown.
    pub capture_counts: Option<CaptureCounts>,
    /// The packet list's position, sort and row cache.
    pub table: TableState,
    /// Statistics and plot counts derived from the session.
    pub caches: Caches,
}

impl Default for Document {
    fn default() -> Self {
        Document {
            id: DocumentId::next(),
            session: None,
            version: 0,
            feed_state: FeedState::Idle,
            files: Vec::new(),
            covered: 0,
            view: View::default(),
            selection: None,
            marks: BTreeSet::new(),
            time_refs: BTreeSet::new(),
            unsaved: false,
            capture_counts: None,
            table: TableState::default(),
            caches: Caches::default(),
        }
    }
}

impl Document {
    /// True while a live capture runs.
    pub fn capturing(&self) -> bool {
        matches!(self.feed_state, FeedState::Capturing { .. })
    }

    /// Number of packets (0 before any arrived).
    pub fn packets(&self) -> usize {
        self.session.as_ref().map_or(0, |s| s.len())
    }

    /// The row of the selected packet in the displayed list.
    pub fn selected_row(&self) -> Option<usize> {
        let s = self.selection.as_ref()?;
        if self.view.get(s.row) == Some(s.packet) {
            return Some(s.row);
        }
        self.view.row_of(s.packet)
    }

    /// Keeps the selected packet selected if it is still displayed (after a filter or sort).
    pub fn reselect(&mut self) {
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

    /// Selects the packet in `row` and dissects it with labels.
    pub fn select_row(&mut self, row: usize) {
        let (Some(s), Some(packet)) = (&self.session, self.view.get(row)) else {
            return;
        };
        let (Ok(bytes), Some(info)) = (s.bytes(packet), s.frame_info(packet)) else {
            return;
        };
        let dissection = crate::dissect::dissect(&info, &bytes, &s.context(packet), true);
        self.selection = Some(Selection {
            packet,
            row,
            bytes,
            dissection,
            node: None,
        });
        self.table.scroll_to(row);
        self.table.follow = false;
    }

    /// Selects `packet` if it is displayed; false when it is not.
    pub fn select_packet(&mut self, packet: usize) -> bool {
        match self.view.row_of(packet) {
            Some(row) => {
                self.select_row(row);
                true
            }
            None => false,
        }
    }

    /// How many packets a scope selects (cheap: for the export window's labels).
    pub fn count_in(&self, scope: ExportScope) -> usize {
        match scope {
            ExportScope::All => self.packets(),
            ExportScope::Displayed => self.view.len(),
            ExportScope::Selected => usize::from(self.selection.is_some()),
            ExportScope::Marked => self.marks.len(),
            ExportScope::Range { .. } => self.packets_in(scope).len(),
        }
    }

    /// The packets a scope selects, in capture order.
    pub fn packets_in(&self, scope: ExportScope) -> Vec<usize> {
        let mut packets = match scope {
            ExportScope::All => (0..self.packets()).collect(),
            ExportScope::Displayed => self.view.packets(),
            ExportScope::Selected => self.selection.iter().map(|s| s.packet).collect(),
            ExportScope::Marked => self.marks.iter().copied().collect(),
            ExportScope::Range { first, last } => {
                let (first, last) = (first.max(1) as usize - 1, last.max(1) as usize - 1);
                self.view
                    .packets()
                    .into_iter()
                    .filter(|p| (first..=last).contains(p))
                    .collect()
            }
        };
        packets.sort_unstable();
        packets
    }
}
