//! The application, split by owner: the open capture ([`Document`]), the work running in the
//! background ([`Background`]), the preferences ([`Prefs`], 1:1 with the settings file), what
//! only the screen keeps ([`UiState`]) and what comes from outside ([`Environment`]).
//!
//! The UI thread owns all of it. Once per frame [`WirelensApp::logic`] applies what the
//! workers sent and starts what is due; the views then read the state and return
//! [`Action`]s, applied by [`WirelensApp::apply`] after layout.

use super::actions::Action;
use super::background::Background;
use super::document::Document;
use super::environment::Environment;
use super::prefs::Prefs;
use super::ui_state::UiState;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The whole application.
pub struct WirelensApp {
    /// The open capture and everything known about it.
    pub doc: Document,
    /// Every background job.
    pub jobs: Background,
    /// What is remembered between runs.
    pub prefs: Prefs,
    /// What only the screen keeps.
    pub ui: UiState,
    /// Wake-ups, interfaces, where preferences go.
    pub env: Environment,
    /// The protocol descriptions in use.
    pub protocols: super::protocols::Protocols,
}

impl Default for WirelensApp {
    /// An app for tests and benchmarks: default preferences saved nowhere, no interfaces,
    /// workers do not wake the UI (the caller steps it).
    fn default() -> Self {
        WirelensApp::new(Prefs::default(), Environment::detached())
    }
}

impl WirelensApp {
    /// An app with these preferences in these surroundings.
    pub fn new(prefs: Prefs, env: Environment) -> Self {
        install_validation(&prefs);
        WirelensApp {
            doc: Document::default(),
            jobs: Background::default(),
            prefs,
            ui: UiState::default(),
            env,
            protocols: super::protocols::Protocols::default(),
        }
    }

    /// The program's app: preferences loaded from (and saved to) `file`, libpcap's interfaces.
    pub fn with_prefs_file(file: Option<PathBuf>) -> Self {
        let prefs = file.as_deref().map(Prefs::load).unwrap_or_default();
        WirelensApp::new(prefs, Environment::system(file))
    }

    /// Writes the preferences; a failure only costs what they remember.
    pub fn save_prefs(&self) {
        if let Some(file) = &self.env.prefs_file
            && let Err(e) = self.prefs.save(file)
        {
            eprintln!("wirelens: cannot save settings to {}: {e}", file.display());
        }
    }

    /// True when nothing runs in the background (see [`Background::is_idle`]).
    pub fn is_idle(&self) -> bool {
        self.jobs.is_idle()
    }

    /// True while a live capture runs.
    pub fn capturing(&self) -> bool {
        self.doc.capturing()
    }

    /// Replaces the document with an empty one; jobs that worked for the old one are dropped.
    pub fn reset(&mut self) {
        self.jobs.drop_document_jobs();
        let old = std::mem::take(&mut self.doc);
        // A big index (flow table) takes milliseconds to free: not on the UI thread.
        super::jobs::spawn_named("drop-document", move || drop(old));
    }

    /// Applies an action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Open(path) => self.open(vec![path]),
            Action::Follow(kind) => self.follow_selected(kind),
            Action::FollowStream(kind, stream) => self.open_follow(kind, stream),
            Action::SaveFollowed(path) => self.save_followed(&path),
            Action::OpenExpert => self.open_expert(),
            Action::OpenMany(paths) => self.open(paths),
            Action::OpenDialog => self.open_dialog(),
            Action::CancelLoad => self.cancel_load(),
            Action::Close => self.request_close(false),
            Action::Quit => self.request_close(true),
            Action::StartCapture => self.start_capture(),
            Action::StopCapture => self.stop_capture(),
            Action::RestartCapture => self.restart_capture(),
            Action::AnswerPrompt(answer) => self.answer_prompt(answer),
            Action::ApplyFilter => self.apply_filter(),
            Action::SetFilter(text) => {
                self.ui.filter.text = text;
                self.apply_filter();
            }
            Action::PrepareFilter(text) => {
                self.ui.filter.text = text;
                self.ui.filter.check();
            }
            Action::CancelJob => self.jobs.view = None,
            Action::SelectRow(row) => self.doc.select_row(row),
            Action::SelectNode(node) => {
                if let Some(s) = &mut self.doc.selection {
                    s.node = Some(node);
                }
            }
            Action::SelectByte(byte) => {
                if let Some(s) = &mut self.doc.selection {
                    s.node = super::detail_tree::deepest_node_at(&s.dissection, byte);
                }
            }
            Action::Sort(column) => self.sort(column),
            Action::ToggleMark => self.toggle(|d| &mut d.marks),
            Action::UnmarkAll => self.doc.marks.clear(),
            Action::ToggleTimeRef => self.toggle(|d| &mut d.time_refs),
            Action::GoTo(number) => self.go_to(number),
            Action::Find(query) => self.find(&query),
            Action::Copy(text) => self.env.copy(text),
            Action::Save => self.save(),
            Action::ExportDialog => self.export_dialog(),
            Action::BrowseSave(request) => self.browse_save(request),
            Action::Export(request) => self.export(request),
            Action::CancelSave => {
                if let Some(s) = &self.jobs.save {
                    s.job.job.cancel();
                }
            }
            Action::ColoringChanged => {
                self.doc.table.invalidate_rows();
                self.save_prefs();
            }
            Action::Replot => self.doc.caches.plot.dirty = true,
            Action::OpenBuilder(start) => self.open_builder(start),
            Action::CopyAsSpec(packet) => self.copy_as_spec(packet),
            Action::SendFromBuilder => self.send_from_builder(),
            Action::StartReplay => self.start_replay(),
            Action::StopSend => self.stop_send(),
            Action::ImportToBuilder => self.import_to_builder(),
            Action::ImportAsCapture => self.import_as_capture(),
            Action::ReloadProtocols => self.reload_protocols(),
            Action::SetDecodeAs(entries) => {
                self.prefs.decode_as = entries;
                self.save_prefs();
                self.reload_protocols();
            }
            Action::ChecksumValidationChanged => {
                install_validation(&self.prefs);
                self.doc.table.invalidate_rows();
                if let Some(packet) = self.doc.selection.as_ref().map(|s| s.packet) {
                    self.doc.select_packet(packet);
                }
                if !self.ui.filter.applied.is_empty() {
                    self.refilter();
                }
                self.save_prefs();
            }
        }
    }

    /// Loads the protocol descriptions again (and the Decode As entries), then dissects and
    /// filters again: a field that is gone turns the filter bar red.
    pub fn reload_protocols(&mut self) {
        self.protocols.reload(&self.prefs.decode_as);
        self.ui.filter.check();
        self.doc.table.invalidate_rows();
        if let Some(packet) = self.doc.selection.as_ref().map(|s| s.packet) {
            self.doc.select_packet(packet);
        }
        let applied = &self.ui.filter.applied;
        if !applied.is_empty() && crate::filter::Filter::compile(applied).is_ok() {
            self.refilter();
        }
        self.ui.message = Some(match self.protocols.errors.len() {
            0 => "Protocol descriptions loaded".to_string(),
            n => format!(
                "Protocol descriptions: {n} error{}",
                if n == 1 { "" } else { "s" }
            ),
        });
    }

    /// Reloads the descriptions when one of their files changed on disk.
    pub fn check_protocol_files(&mut self) {
        if self.protocols.changed_on_disk() {
            self.reload_protocols();
        }
    }

    fn toggle(&mut self, set: impl FnOnce(&mut Document) -> &mut BTreeSet<usize>) {
        let Some(packet) = self.doc.selection.as_ref().map(|s| s.packet) else {
            return;
        };
        let set = set(&mut self.doc);
        if !set.remove(&packet) {
            set.insert(packet);
        }
    }

    fn go_to(&mut self, number: u64) {
        let packet = number.saturating_sub(1) as usize;
        if !self.doc.select_packet(packet) {
            self.ui.message = Some(format!("Packet {number} is not displayed"));
        }
    }
}

/// Makes the preference the dissectors' (a process-wide setting, as in Wireshark).
fn install_validation(prefs: &Prefs) {
    let on = prefs.validate_checksums;
    crate::dissect::checksum::Validation {
        ip: on,
        udp: on,
        tcp: on,
    }
    .install();
}
