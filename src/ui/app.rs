//! The application state and the frame loop: the UI thread owns the session.

use crate::dissect::{self, Dissection};
use crate::filter::{Filter, FilterError};
use crate::session::Session;
use std::path::PathBuf;

/// What a panel asks the app to do (applied after layout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Open a capture file.
    Open(PathBuf),
    /// Apply the filter text (empty shows everything).
    ApplyFilter,
    /// Select a row of the packet list (index into the displayed packets).
    SelectRow(usize),
    /// Select a node of the layer tree.
    SelectNode(usize),
    /// Select the deepest node covering a byte of the frame.
    SelectByte(usize),
}

/// The selected packet, dissected with labels for the tree and the hex view.
pub struct Selection {
    /// Row in the displayed list.
    pub row: usize,
    /// 0-based packet index.
    pub packet: usize,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its dissection.
    pub dissection: Dissection,
    /// Selected tree node.
    pub node: Option<usize>,
}

/// The whole application.
#[derive(Default)]
pub struct WirelensApp {
    /// The open capture.
    pub session: Option<Session>,
    /// Displayed packets (0-based indices), after the display filter.
    pub view: Vec<usize>,
    /// Display filter text as typed.
    pub filter_text: String,
    /// The applied filter's text.
    pub applied_filter: String,
    /// Why the filter text does not compile, if it does not.
    pub filter_error: Option<FilterError>,
    /// Selected packet.
    pub selection: Option<Selection>,
    /// Path typed on the welcome screen.
    pub path_text: String,
    /// Last error to show in the status bar.
    pub message: Option<String>,
}

impl WirelensApp {
    /// Applies an action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Open(path) => self.open(path),
            Action::ApplyFilter => self.apply_filter(),
            Action::SelectRow(row) => self.select_row(row),
            Action::SelectNode(node) => {
                if let Some(s) = &mut self.selection {
                    s.node = Some(node);
                }
            }
            Action::SelectByte(byte) => {
                if let Some(s) = &mut self.selection {
                    s.node = deepest_node_at(&s.dissection, byte);
                }
            }
        }
    }

    fn open(&mut self, path: PathBuf) {
        match Session::open(&path) {
            Ok(s) => {
                self.view = (0..s.len()).collect();
                self.message = s
                    .stop
                    .as_ref()
                    .map(|stop| format!("Loaded {} packets; {stop}", s.len()));
                self.session = Some(s);
                self.selection = None;
                self.applied_filter.clear();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Re-checks the filter text (called as the user types).
    pub fn check_filter(&mut self) {
        let text = self.filter_text.trim();
        self.filter_error = if text.is_empty() {
            None
        } else {
            Filter::compile(text).err()
        };
    }

    fn apply_filter(&mut self) {
        self.check_filter();
        let Some(s) = &self.session else { return };
        let text = self.filter_text.trim().to_string();
        if text.is_empty() {
            self.view = (0..s.len()).collect();
        } else {
            match Filter::compile(&text) {
                Ok(f) => self.view = s.filter(&f),
                Err(_) => return,
            }
        }
        self.applied_filter = text;
        self.selection = None;
    }

    fn select_row(&mut self, row: usize) {
        let (Some(s), Some(&packet)) = (&self.session, self.view.get(row)) else {
            return;
        };
        let (Ok(bytes), Some(info)) = (s.bytes(packet), s.frame_info(packet)) else {
            return;
        };
        let dissection = dissect::dissect(&info, &bytes, &s.context(packet), true);
        self.selection = Some(Selection {
            row,
            packet,
            bytes,
            dissection,
            node: None,
        });
    }
}

/// The deepest node (frame bytes only) whose range covers `byte`.
fn deepest_node_at(d: &Dissection, byte: usize) -> Option<usize> {
    d.tree
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.source == 0 && !n.hidden && n.range.contains(&byte))
        .max_by_key(|(i, n)| (n.depth, std::cmp::Reverse(n.range.len()), *i))
        .map(|(i, _)| i)
}

impl eframe::App for WirelensApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let mut actions = Vec::new();
        egui::Panel::top("filter_bar").show(ui, |ui| {
            actions.extend(super::filter_bar::filter_bar_ui(ui, self))
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| super::status_bar::status_bar_ui(ui, self));
        if self.session.is_none() {
            egui::CentralPanel::default().show(ui, |ui| {
                actions.extend(super::welcome::welcome_ui(ui, self))
            });
        } else {
            egui::Panel::bottom("details")
                .resizable(true)
                .min_size(200.0)
                .default_size(320.0)
                .show(ui, |ui| {
                    ui.columns(2, |cols| {
                        if let [left, right] = cols {
                            actions.extend(super::detail_tree::detail_tree_ui(left, self));
                            actions.extend(super::hex_view::hex_view_ui(right, self));
                        }
                    });
                });
            egui::CentralPanel::default().show(ui, |ui| {
                actions.extend(super::packet_table::packet_table_ui(ui, self))
            });
        }
        for a in actions {
            self.apply(a);
        }
    }
}
