//! State that only the screen has: the filter bar as typed, open windows and their forms, the
//! welcome screen's checks, the plot's controls, the last message. Views may change it
//! directly; it is not persisted and does not belong to a capture.

use super::windows::Windows;
use crate::capture::{Permission, capture_permission};
use crate::filter::{Filter, FilterError};
use std::path::PathBuf;

/// The display filter bar.
#[derive(Debug, Default)]
pub struct FilterBar {
    /// Text as typed.
    pub text: String,
    /// The applied filter's text (kept when another capture is opened, as in Wireshark).
    pub applied: String,
    /// Why the text does not compile.
    pub error: Option<FilterError>,
}

impl FilterBar {
    /// Re-checks the text (called as the user types).
    pub fn check(&mut self) {
        let text = self.text.trim();
        self.error = if text.is_empty() {
            None
        } else {
            Filter::compile(text).err()
        };
    }
}

/// libpcap's verdict on a capture filter text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BpfVerdict {
    /// The text checked (trimmed).
    pub text: String,
    /// `Err` holds libpcap's message.
    pub result: Result<(), String>,
}

/// What the welcome screen shows besides the interfaces (which are a background job).
pub struct WelcomeState {
    /// Capture permission, checked once.
    pub permission: Permission,
    /// The capture filter text last checked, and libpcap's verdict.
    pub bpf: Option<BpfVerdict>,
    /// The bundled samples, looked up once.
    pub samples: Vec<PathBuf>,
}

impl Default for WelcomeState {
    fn default() -> Self {
        WelcomeState {
            permission: capture_permission(),
            bpf: None,
            samples: super::welcome::samples(),
        }
    }
}

/// Rolling window choices during a capture, seconds.
pub const PLOT_WINDOWS: [f64; 4] = [10.0, 30.0, 60.0, 300.0];

/// The traffic plot's controls.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotControls {
    /// Bytes/s instead of packets/s.
    pub show_bytes: bool,
    /// Count only the displayed packets.
    pub displayed_only: bool,
    /// Rolling window during a capture, seconds.
    pub window_s: f64,
    /// Where a drag started (seconds on the x axis).
    pub drag_from: Option<f64>,
}

impl Default for PlotControls {
    fn default() -> Self {
        PlotControls {
            show_bytes: false,
            displayed_only: false,
            window_s: 30.0,
            drag_from: None,
        }
    }
}

/// Everything the screen keeps that is neither the document nor a preference.
#[derive(Default)]
pub struct UiState {
    /// Display filter bar.
    pub filter: FilterBar,
    /// Open windows and their inputs.
    pub windows: Windows,
    /// Welcome screen checks.
    pub welcome: WelcomeState,
    /// Plot controls.
    pub plot: PlotControls,
    /// Last message for the status bar.
    pub message: Option<String>,
    /// Path typed on the welcome screen (also the fallback when no file dialog exists).
    pub path_text: String,
    /// The window title last set.
    pub title: String,
    /// The unsaved-capture prompt was answered "continue": the next close, open or capture
    /// goes ahead.
    pub quit_confirmed: bool,
    /// The Packet Builder, when open.
    pub builder: Option<super::builder::Builder>,
    /// File ▸ Import from Hex Dump, when open.
    pub import: Option<super::import_window::ImportForm>,
    /// Capture ▸ Replay, when open.
    pub replay: Option<super::replay_window::ReplayForm>,
    /// What the last send did.
    pub last_send: Option<super::sending::SendOutcome>,
}
