//! The application state. The UI thread owns it; background threads (loading, capture, jobs)
//! send owned results that the frame loop applies. Panels return [`Action`]s, applied after
//! layout by [`WirelensApp::apply`].

use super::coloring::ColoringRules;
use super::jobs::Job;
use super::settings::Settings;
use super::table_state::TableState;
use super::view::View;
use super::windows::Windows;
use crate::capture::CaptureOptions;
use crate::dissect::Dissection;
use crate::filter::FilterError;
use crate::pcapfile::FileError;
use crate::session::{Feed, Session};
use crate::stats::conversations::Conversations;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

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
    /// Set or clear a time reference on the selected packet.
    ToggleTimeRef,
    /// Select the packet with this number (1-based).
    GoTo(u64),
    /// Search forward from the selection.
    Find(super::windows::FindQuery),
    /// Copy text to the clipboard.
    Copy(String),
    /// Save the capture (a live capture or a merge: asks where).
    Save,
    /// Write packets to a file.
    Export(super::windows::ExportRequest),
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

/// What the background feed is doing.
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

/// The display filter bar's state.
#[derive(Debug, Default)]
pub struct FilterBar {
    /// Text as typed.
    pub text: String,
    /// The applied filter's text.
    pub applied: String,
    /// Why the text does not compile.
    pub error: Option<FilterError>,
    /// Applied filters, newest first.
    pub history: Vec<String>,
    /// Buttons the user added: (label, filter).
    pub saved: Vec<(String, String)>,
}

/// A filter or sort running on a worker.
pub enum ViewJob {
    /// Filtering packets `from..` of session `generation`.
    Filter {
        /// Matching packets, or `None` when cancelled.
        job: Job<Option<Vec<usize>>>,
        /// First packet the job looked at (0 = a full refilter).
        from: usize,
        /// Packets the job covers up to.
        to: usize,
        /// The session it ran on.
        generation: u64,
    },
    /// Sorting the view.
    Sort {
        /// The sorted rows, or `None` when cancelled.
        job: Job<Option<Vec<u32>>>,
        /// The session it ran on.
        generation: u64,
    },
}

/// The whole application.
pub struct WirelensApp {
    /// The open capture (shared read-only with workers).
    pub session: Option<Arc<Session>>,
    /// Bumped whenever `session` is replaced (caches compare it).
    pub generation: u64,
    /// Bumped when another capture replaces this one (partial sessions keep it).
    pub capture_id: u64,
    /// Loading or capturing in the background.
    pub feed: Option<Feed>,
    /// Progress of `feed`.
    pub feed_state: FeedState,
    /// Packets of the session the view covers (the rest is still to be filtered).
    pub covered: usize,
    /// Displayed packets.
    pub view: View,
    /// Filter bar.
    pub filter: FilterBar,
    /// Running filter or sort.
    pub view_job: Option<ViewJob>,
    /// Running save.
    pub save_job: Option<Job<Result<u64, FileError>>>,
    /// Running conversation statistics.
    pub conversations_job: Option<Job<Option<Conversations>>>,
    /// Last conversation statistics and the session generation they describe.
    pub conversations: Option<(u64, Arc<Conversations>)>,
    /// Selected packet.
    pub selection: Option<Selection>,
    /// Marked packets (0-based).
    pub marks: BTreeSet<usize>,
    /// Time references (0-based).
    pub time_refs: BTreeSet<usize>,
    /// Packet list layout and scrolling.
    pub table: TableState,
    /// Colouring rules.
    pub coloring: ColoringRules,
    /// Open windows and dialogs.
    pub windows: Windows,
    /// Capture options from the welcome screen.
    pub capture_options: CaptureOptions,
    /// Capture filter text as typed on the welcome screen.
    pub capture_filter: String,
    /// Welcome screen state (interfaces, permission).
    pub welcome: super::welcome::WelcomeState,
    /// Traffic plot.
    pub plot: super::plot_panel::PlotState,
    /// Colour theme.
    pub theme: super::settings::Theme,
    /// The save running: its path, and whether it holds every packet.
    pub pending_save: Option<(PathBuf, bool)>,
    /// The window title last set.
    pub title: String,
    /// The last capture holds packets not saved to a file.
    pub unsaved: bool,
    /// libpcap's last counters of the capture shown: (received, dropped incl. by us).
    pub capture_counts: Option<(u64, u64)>,
    /// Height of the details pane (persisted).
    pub details_height: f32,
    /// Persisted settings (recent files, theme, …); `None` in tests: nothing is written.
    pub settings: Option<Settings>,
    /// Path typed on the welcome screen (also the fallback when no file dialog exists).
    pub path_text: String,
    /// Last message for the status bar.
    pub message: Option<String>,
    /// Show the plot panel.
    pub show_plot: bool,
    /// The egui context, for background threads to request repaints.
    pub repaint: Arc<OnceLock<egui::Context>>,
    /// A file dialog running on a worker.
    pub dialog: Option<crossbeam_channel::Receiver<super::windows::DialogResult>>,
    /// Closing was confirmed (the unsaved prompt answered).
    pub quit_confirmed: bool,
}

impl Default for WirelensApp {
    fn default() -> Self {
        WirelensApp {
            session: None,
            generation: 0,
            capture_id: 0,
            feed: None,
            feed_state: FeedState::Idle,
            covered: 0,
            view: View::default(),
            filter: FilterBar::default(),
            view_job: None,
            save_job: None,
            conversations_job: None,
            conversations: None,
            selection: None,
            marks: BTreeSet::new(),
            time_refs: BTreeSet::new(),
            table: TableState::default(),
            coloring: ColoringRules::wireshark_defaults(),
            windows: Windows::default(),
            capture_options: CaptureOptions {
                interface: String::new(),
                ..CaptureOptions::default()
            },
            capture_filter: String::new(),
            welcome: super::welcome::WelcomeState::default(),
            plot: super::plot_panel::PlotState::default(),
            theme: super::settings::Theme::System,
            pending_save: None,
            title: String::new(),
            unsaved: false,
            capture_counts: None,
            details_height: 300.0,
            settings: None,
            path_text: String::new(),
            message: None,
            show_plot: true,
            repaint: Arc::new(OnceLock::new()),
            dialog: None,
            quit_confirmed: false,
        }
    }
}

impl WirelensApp {
    /// An app with persisted settings loaded (the real program; tests use `default()`).
    pub fn with_settings(settings: Settings) -> Self {
        let mut app = WirelensApp::default();
        settings.apply_to(&mut app);
        app.theme = settings.theme;
        app.settings = Some(settings);
        app
    }

    /// A closure background threads call to wake the UI.
    pub fn repainter(&self) -> impl Fn() + Send + Sync + 'static {
        let slot = self.repaint.clone();
        move || {
            if let Some(ctx) = slot.get() {
                ctx.request_repaint();
            }
        }
    }

    /// True when nothing runs in the background (loaded, filtered, nothing being saved).
    pub fn is_idle(&self) -> bool {
        self.feed.is_none()
            && self.view_job.is_none()
            && self.save_job.is_none()
            && self.dialog.is_none()
    }

    /// The row of the selected packet in the displayed list.
    pub fn selected_row(&self) -> Option<usize> {
        let s = self.selection.as_ref()?;
        if self.view.get(s.row) == Some(s.packet) {
            return Some(s.row);
        }
        self.view.row_of(s.packet)
    }

    /// True while a live capture runs.
    pub fn capturing(&self) -> bool {
        matches!(self.feed_state, FeedState::Capturing { .. })
    }

    /// Applies an action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Open(path) => self.open(vec![path]),
            Action::OpenMany(paths) => self.open(paths),
            Action::OpenDialog => self.open_dialog(),
            Action::CancelLoad => self.cancel_load(),
            Action::Close => self.request_close(false),
            Action::Quit => self.request_close(true),
            Action::StartCapture => self.start_capture(),
            Action::StopCapture => self.stop_capture(),
            Action::RestartCapture => self.restart_capture(),
            Action::ApplyFilter => self.apply_filter(),
            Action::SetFilter(text) => {
                self.filter.text = text;
                self.apply_filter();
            }
            Action::PrepareFilter(text) => {
                self.filter.text = text;
                self.check_filter();
            }
            Action::CancelJob => self.view_job = None,
            Action::SelectRow(row) => self.select_row(row),
            Action::SelectNode(node) => {
                if let Some(s) = &mut self.selection {
                    s.node = Some(node);
                }
            }
            Action::SelectByte(byte) => {
                if let Some(s) = &mut self.selection {
                    s.node = super::detail_tree::deepest_node_at(&s.dissection, byte);
                }
            }
            Action::Sort(column) => self.sort(column),
            Action::ToggleMark => self.toggle(|a| &mut a.marks),
            Action::ToggleTimeRef => self.toggle(|a| &mut a.time_refs),
            Action::GoTo(number) => self.go_to(number),
            Action::Find(query) => self.find(&query),
            Action::Copy(text) => {
                if let Some(ctx) = self.repaint.get() {
                    ctx.copy_text(text);
                }
            }
            Action::Save => self.save(),
            Action::Export(request) => self.export(request),
        }
    }

    fn toggle(&mut self, set: impl FnOnce(&mut Self) -> &mut BTreeSet<usize>) {
        let Some(packet) = self.selection.as_ref().map(|s| s.packet) else {
            return;
        };
        let set = set(self);
        if !set.remove(&packet) {
            set.insert(packet);
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

    fn go_to(&mut self, number: u64) {
        let packet = number.saturating_sub(1) as usize;
        match self.view.row_of(packet) {
            Some(row) => self.select_row(row),
            None => self.message = Some(format!("Packet {number} is not displayed")),
        }
    }
}
