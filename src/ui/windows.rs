//! Which windows and dialogs are open, and what they hold: Go to packet, Find, Export
//! Specified Packets, the unsaved-capture prompt, statistics, colouring rules, About.

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
    Range {
        /// First packet number.
        first: u64,
        /// Last packet number.
        last: u64,
    },
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
    Save {
        /// The file chosen (`None`: cancelled or no dialog available).
        path: Option<PathBuf>,
        /// What to write there.
        request: ExportRequest,
    },
}

/// The Export Specified Packets window's form.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportForm {
    /// What to write.
    pub request: ExportRequest,
    /// The file name as typed.
    pub path_text: String,
}

/// How the unsaved-capture prompt was answered.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptAnswer {
    /// Stop the capture and open the export window.
    Save,
    /// Throw the packets away and go on with what was asked.
    Discard(AfterPrompt),
    /// Do nothing.
    Cancel,
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
    /// Export: shown, and the request being edited.
    pub export: Option<ExportForm>,
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
    /// Follow Stream: which stream and how it is shown.
    pub follow: Option<FollowView>,
    /// Expert Information.
    pub expert: Option<ExpertView>,
    /// Protocol descriptions.
    pub protocols: bool,
    /// Decode As: the entry being added.
    pub decode_as: Option<super::decode_as_window::DecodeAsForm>,
}

/// Which part of a followed conversation is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FollowSide {
    /// Both directions.
    #[default]
    Both,
    /// Node 0 → node 1 only.
    Client,
    /// Node 1 → node 0 only.
    Server,
}

/// How the data of a followed conversation is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FollowFormat {
    /// Printable characters.
    #[default]
    Ascii,
    /// Hex dump.
    Hex,
    /// A C array per chunk.
    CArrays,
    /// Hex digits.
    Raw,
    /// tshark's YAML.
    Yaml,
}

/// The Follow Stream window's choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowView {
    /// TCP, UDP, TLS or HTTP.
    pub kind: crate::stats::follow::Follow,
    /// The stream index.
    pub stream: u32,
    /// Which directions.
    pub side: FollowSide,
    /// How the bytes are shown.
    pub format: FollowFormat,
    /// Text to find.
    pub find: String,
    /// Where "Save As" writes (shown once asked for).
    pub save_path: Option<String>,
}

/// The Expert Information window's choices.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExpertView {
    /// Count only the displayed packets.
    pub displayed_only: bool,
}

impl Windows {
    /// True when a window that shows statistics of the capture is open.
    pub fn shows_statistics(&self) -> bool {
        self.properties || self.hierarchy
    }

    /// True when Expert Information is open.
    pub fn shows_expert(&self) -> bool {
        self.expert.is_some()
    }

    /// True when Conversations or Endpoints is open.
    pub fn shows_conversations(&self) -> bool {
        self.conversations.is_some() || self.endpoints.is_some()
    }
}
