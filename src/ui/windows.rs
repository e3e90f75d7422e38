//! Which windows and dialogs are open, and what they hold: Go to packet, Find, Export
//! Specified Packets, the unsaved-capture prompt, statistics, colouring rules, About.

use super::jobs::Job;
use crate::pcapfile::OutputFormat;
use std::path::PathBuf;

/// What Find looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FindKind {
    /// A display filter.
    #[default]
    DisplayFilter,
    /// Bytes written in hex (`de ad be ef`).
    Hex,
    /// A string in the frame bytes.
    String,
}

/// A Find request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FindQuery {
    /// How `text` is read.
    pub kind: FindKind,
    /// What to look for.
    pub text: String,
}

/// Which packets to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportScope {
    /// Every captured packet.
    #[default]
    All,
    /// The displayed packets.
    Displayed,
    /// The selected packet.
    Selected,
    /// Marked packets.
    Marked,
    /// Packet numbers `first..=last` (1-based) among the displayed ones.
    Range(u64, u64),
}

/// An export request.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// Where to write.
    pub path: PathBuf,
    /// Which packets.
    pub scope: ExportScope,
    /// pcap or pcapng.
    pub format: OutputFormat,
}

/// A file dialog's answer (from its worker).
#[derive(Debug)]
pub enum DialogResult {
    /// Files to open (`None`: cancelled or no dialog available).
    Open(Option<Vec<PathBuf>>),
    /// Where to save, and what.
    Save(Option<PathBuf>, ExportRequest),
}

/// What to do once the unsaved-capture prompt is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterPrompt {
    /// Close the capture.
    Close,
    /// Quit the program.
    Quit,
    /// Open these files.
    Open(Vec<PathBuf>),
    /// Start a new capture.
    Capture,
}

/// A modal question.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    /// "Save the captured packets before …?"
    Unsaved(AfterPrompt),
}

/// Open windows and their inputs.
#[derive(Default)]
pub struct Windows {
    /// Go to packet: shown, and the number typed.
    pub go_to: Option<String>,
    /// Find: shown, and the query being edited.
    pub find: Option<FindQuery>,
    /// Why the find text does not compile.
    pub find_error: Option<String>,
    /// A find running on a worker.
    pub find_job: Option<Job<Option<usize>>>,
    /// Export: shown, and the request being edited (path as typed).
    pub export: Option<(ExportRequest, String)>,
    /// The unsaved-capture question.
    pub prompt: Option<Prompt>,
    /// Close the window now (the prompt was answered).
    pub quit_now: bool,
    /// Capture File Properties.
    pub properties: bool,
    /// Protocol Hierarchy.
    pub hierarchy: bool,
    /// Conversations (tab).
    pub conversations: Option<usize>,
    /// Endpoints (tab).
    pub endpoints: Option<usize>,
    /// Colouring rules editor.
    pub coloring: bool,
    /// About.
    pub about: bool,
    /// Why the last capture did not start (shown until dismissed).
    pub capture_error: Option<String>,
    /// No dialog backend: show the path field.
    pub path_fallback: bool,
    /// Statistics computed for a session generation and filter, kept while their window is
    /// open (a 10M-packet capture takes tens of milliseconds to summarise).
    pub stats_cache: Option<StatsCache>,
    /// Statistics tables' rows, built and sorted, by table id.
    pub tables: std::collections::HashMap<String, super::conversations_window::TableCache>,
}

/// Statistics text and tree for one session generation and applied filter.
pub struct StatsCache {
    /// Session generation.
    pub generation: u64,
    /// Applied filter.
    pub filter: String,
    /// Capture File Properties text.
    pub properties: String,
    /// Protocol hierarchy of the displayed packets.
    pub hierarchy: crate::stats::HierarchyNode,
}
