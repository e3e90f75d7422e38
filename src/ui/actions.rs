//! What a view asks the app to do. Views return these instead of starting work; the app
//! applies them after layout ([`super::WirelensApp::apply`]).

use super::windows::{ExportRequest, FindQuery, PromptAnswer};
use std::path::PathBuf;

/// What a panel asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open a capture file in the background.
    Open(PathBuf),
    /// Open several files merged in time order.
    OpenMany(Vec<PathBuf>),
    /// Show the system's open dialog (falls back to the path field).
    OpenDialog,
    /// Stop loading; keep what is loaded.
    CancelLoad,
    /// Close the capture (asks first when a live capture is unsaved).
    Close,
    /// Quit (asks first when a live capture is unsaved).
    Quit,
    /// Start capturing with the welcome screen's options.
    StartCapture,
    /// Stop the running capture.
    StopCapture,
    /// Stop and start again with the same options.
    RestartCapture,
    /// The unsaved-capture prompt was answered.
    AnswerPrompt(PromptAnswer),
    /// Apply the filter bar's text (empty shows everything).
    ApplyFilter,
    /// Put this text in the filter bar and apply it.
    SetFilter(String),
    /// Put this text in the filter bar without applying it.
    PrepareFilter(String),
    /// Cancel the running filter or sort.
    CancelJob,
    /// Select a row of the packet list.
    SelectRow(usize),
    /// Select a node of the layer tree.
    SelectNode(usize),
    /// Select the deepest node covering a byte of the frame.
    SelectByte(usize),
    /// Sort by a column (again: reverse; a third time: capture order).
    Sort(usize),
    /// Mark or unmark the selected packet.
    ToggleMark,
    /// Unmark every packet.
    UnmarkAll,
    /// Set or clear a time reference on the selected packet.
    ToggleTimeRef,
    /// Select the packet with this number (1-based).
    GoTo(u64),
    /// Search forward from the selection.
    Find(FindQuery),
    /// Copy text to the clipboard.
    Copy(String),
    /// Open the export window for the whole capture (Save, Save As).
    Save,
    /// Open the export window with the displayed packets chosen.
    ExportDialog,
    /// Ask the system dialog where to write this request.
    BrowseSave(ExportRequest),
    /// Write packets to a file.
    Export(ExportRequest),
    /// Stop the running save (nothing is left behind).
    CancelSave,
    /// The colouring rules changed: colour the rows again and remember the rules.
    ColoringChanged,
    /// The plot's controls changed: count the traffic again.
    Replot,
    /// Checksum validation was turned on or off: dissect and filter again.
    ChecksumValidationChanged,
    /// Load the protocol descriptions again, then dissect and filter again.
    ReloadProtocols,
    /// Replace the Decode As entries (`udp.port==4790,vxlan`), remember them, reload.
    SetDecodeAs(Vec<String>),
    /// Open the Packet Builder on a template or a captured packet.
    OpenBuilder(BuilderStart),
    /// Copy a packet's text form (0-based packet).
    CopyAsSpec(usize),
    /// Send the Packet Builder's packet with its send form.
    SendFromBuilder,
    /// Replay the displayed packets with the replay form.
    StartReplay,
    /// Stop the running send.
    StopSend,
    /// Open the imported hex in the Packet Builder.
    ImportToBuilder,
    /// Open the imported hex as a capture.
    ImportAsCapture,
    /// Follow the selected packet's conversation as TCP, UDP, TLS or HTTP.
    Follow(crate::stats::follow::Follow),
    /// Show this stream in Follow Stream.
    FollowStream(crate::stats::follow::Follow, u32),
    /// Save what Follow Stream shows to this file.
    SaveFollowed(std::path::PathBuf),
    /// Open Expert Information.
    OpenExpert,
}

/// What the Packet Builder starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuilderStart {
    /// A template.
    Template(super::builder::Template),
    /// A packet of the open capture (0-based): "Edit and Resend".
    Packet(usize),
}
