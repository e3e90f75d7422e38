//! Save / Save As / Export Specified Packets: which packets, written atomically on a worker.

use super::app::WirelensApp;
use super::jobs::Job;
use super::windows::{DialogResult, ExportRequest, ExportScope};
use crate::pcapfile::OutputFormat;
use std::path::PathBuf;

impl WirelensApp {
    /// Opens the export window for the whole capture (Save / Save As).
    pub fn save(&mut self) {
        if self.session.is_none() {
            return;
        }
        let request = ExportRequest {
            path: PathBuf::new(),
            scope: ExportScope::All,
            format: OutputFormat::PcapNg,
        };
        self.windows.export = Some((request, String::new()));
    }

    /// Opens the export window with the displayed packets chosen.
    pub fn export_dialog(&mut self) {
        self.save();
        if let Some((r, _)) = &mut self.windows.export {
            r.scope = ExportScope::Displayed;
        }
    }

    /// Asks the system dialog where to save `request` (on a worker).
    pub fn browse_save(&mut self, request: ExportRequest) {
        let (tx, rx) = crossbeam_channel::bounded(1);
        let repaint = self.repainter();
        let name = match request.format {
            OutputFormat::PcapNg => "capture.pcapng",
            _ => "capture.pcap",
        };
        super::jobs::spawn_named("save-dialog", move || {
            let picked = rfd::FileDialog::new()
                .set_title("Save packets")
                .set_file_name(name)
                .save_file();
            let _ = tx.send(DialogResult::Save(picked, request));
            repaint();
        });
        self.dialog = Some(rx);
    }

    /// How many packets a scope selects (cheap: for the export window's labels).
    pub fn count_in(&self, scope: ExportScope) -> usize {
        match scope {
            ExportScope::All => self.session.as_ref().map_or(0, |s| s.len()),
            ExportScope::Displayed => self.view.len(),
            ExportScope::Selected => usize::from(self.selection.is_some()),
            ExportScope::Marked => self.marks.len(),
            ExportScope::Range(..) => self.packets_in(scope).len(),
        }
    }

    /// The packets a scope selects, in capture order.
    pub fn packets_in(&self, scope: ExportScope) -> Vec<usize> {
        let len = self.session.as_ref().map_or(0, |s| s.len());
        let mut packets = match scope {
            ExportScope::All => (0..len).collect(),
            ExportScope::Displayed => self.view.packets(),
            ExportScope::Selected => self.selection.iter().map(|s| s.packet).collect(),
            ExportScope::Marked => self.marks.iter().copied().collect(),
            ExportScope::Range(first, last) => {
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

    /// Writes the packets of `request` on a worker.
    pub fn export(&mut self, request: ExportRequest) {
        let Some(session) = self.session.clone() else {
            return;
        };
        if request.path.as_os_str().is_empty() {
            self.message = Some("Choose a file name first.".into());
            return;
        }
        let packets = self.packets_in(request.scope);
        if packets.is_empty() {
            self.message = Some("No packets to save in that selection.".into());
            return;
        }
        let whole = request.scope == ExportScope::All;
        self.windows.export = None;
        self.pending_save = Some((request.path.clone(), whole));
        self.save_job = Some(Job::spawn(
            "Saving",
            packets.len(),
            self.repainter(),
            move |control| session.export(&packets, &request.path, request.format, control),
        ));
    }

    /// Reports a finished save.
    pub fn poll_save(&mut self) {
        let Some(result) = self.save_job.as_ref().and_then(Job::poll) else {
            return;
        };
        self.save_job = None;
        let (path, whole) = self.pending_save.take().unwrap_or_default();
        match result {
            Ok(n) => {
                self.message = Some(format!("Saved {n} packets to {}", path.display()));
                if whole {
                    self.unsaved = false;
                }
                if let Some(s) = &mut self.settings {
                    s.add_recent(&path);
                    s.save_quietly();
                }
            }
            Err(e) => self.message = Some(format!("Not saved: {e}")),
        }
    }
}
