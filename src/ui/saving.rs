//! Save / Save As / Export Specified Packets: which packets, written atomically on a worker.

use super::app::WirelensApp;
use super::background::{SaveJob, Tagged};
use super::jobs::Job;
use super::windows::{DialogResult, ExportForm, ExportRequest, ExportScope};
use crate::pcapfile::OutputFormat;
use std::path::PathBuf;

impl WirelensApp {
    /// Opens the export window for the whole capture (Save / Save As).
    pub fn save(&mut self) {
        if self.doc.session.is_none() {
            return;
        }
        let request = ExportRequest {
            path: PathBuf::new(),
            scope: ExportScope::All,
            format: OutputFormat::PcapNg,
        };
        self.ui.windows.export = Some(ExportForm {
            request,
            path_text: String::new(),
        });
    }

    /// Opens the export window with the displayed packets chosen.
    pub fn export_dialog(&mut self) {
        self.save();
        if let Some(form) = &mut self.ui.windows.export {
            form.request.scope = ExportScope::Displayed;
        }
    }

    /// Asks the system dialog where to save `request` (on a worker).
    pub fn browse_save(&mut self, request: ExportRequest) {
        let (tx, rx) = crossbeam_channel::bounded(1);
        let wake = self.env.waker();
        let name = match request.format {
            OutputFormat::PcapNg => "capture.pcapng",
            _ => "capture.pcap",
        };
        super::jobs::spawn_named("save-dialog", move || {
            let path = rfd::FileDialog::new()
                .set_title("Save packets")
                .set_file_name(name)
                .save_file();
            tx.send(DialogResult::Save { path, request }).ok();
            wake();
        });
        self.jobs.dialog = Some(Tagged::new(self.doc.id, rx));
    }

    /// Writes the packets of `request` on a worker.
    pub fn export(&mut self, request: ExportRequest) {
        let Some(session) = self.doc.session.clone() else {
            return;
        };
        if request.path.as_os_str().is_empty() {
            self.ui.message = Some("Choose a file name first.".into());
            return;
        }
        let packets = self.doc.packets_in(request.scope);
        if packets.is_empty() {
            self.ui.message = Some("No packets to save in that selection.".into());
            return;
        }
        self.ui.windows.export = None;
        let path = request.path.clone();
        let whole = request.scope == ExportScope::All;
        let job = Job::spawn("Saving", packets.len(), self.env.waker(), move |control| {
            session.export(&packets, &request.path, request.format, control)
        });
        let save = SaveJob { job, path, whole };
        self.jobs.save = Some(Tagged::new(self.doc.id, save));
    }

    /// Reports a finished save. A save of a capture that has since been replaced is still
    /// reported, but does not mark the new one as saved.
    pub fn poll_save(&mut self) {
        let Some(result) = self.jobs.save.as_ref().and_then(|s| s.job.job.poll()) else {
            return;
        };
        let Some(Tagged { doc, job: save }) = self.jobs.save.take() else {
            return;
        };
        match result {
            Ok(n) => {
                self.ui.message = Some(format!("Saved {n} packets to {}", save.path.display()));
                if save.whole && doc == self.doc.id {
                    self.doc.unsaved = false;
                }
                self.prefs.add_recent(&save.path);
                self.save_prefs();
            }
            Err(e) => self.ui.message = Some(format!("Not saved: {e}")),
        }
    }
}
