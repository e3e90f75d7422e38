//! The app's side of the Packet Builder, the hex import and the replay window: opening them,
//! turning their forms into sends, and the imported packets into a builder or a capture.

use super::actions::BuilderStart;
use super::app::WirelensApp;
use super::builder::{Builder, SendPace};
use super::import_window::ImportForm;
use super::replay_window::{ReplayForm, ReplayTiming};
use super::sending::{SendOrigin, SendRequest, SendSource};
use crate::capture::Pace;
use crate::pcapfile::{Interface, OutputFormat, PacketToWrite, write_atomically};
use std::time::Duration;

impl WirelensApp {
    /// Opens the builder on a template or a captured packet ("Edit and Resend").
    pub fn open_builder(&mut self, start: BuilderStart) {
        let builder = match start {
            BuilderStart::Template(t) => Builder::from_template(t),
            BuilderStart::Packet(p) => {
                let Some(s) = &self.doc.session else { return };
                let (Ok(bytes), Some(info)) = (s.bytes(p), s.frame_info(p)) else {
                    return;
                };
                Builder::new(info.link, bytes)
            }
        };
        self.show_builder(builder);
    }

    fn show_builder(&mut self, mut builder: Builder) {
        builder.send.interface = self
            .ui
            .builder
            .as_ref()
            .map(|b| b.send.interface.clone())
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| self.prefs.capture.interface.clone());
        self.ui.builder = Some(builder);
    }

    /// Copies packet `p`'s text form to the clipboard.
    pub fn copy_as_spec(&mut self, p: usize) {
        let Some(s) = &self.doc.session else { return };
        if let (Ok(bytes), Some(info)) = (s.bytes(p), s.frame_info(p)) {
            let spec = crate::craft::from_packet::spec_of(info.link, &bytes).to_string();
            self.env.copy(spec);
            self.ui.message = Some(format!("Copied packet {} as a packet spec", p + 1));
        }
    }

    /// Sends the builder's packet as its send form says.
    pub fn send_from_builder(&mut self) {
        let Some(b) = &self.ui.builder else { return };
        let frames = vec![b.draft.bytes.clone(); usize::try_from(b.send.count).unwrap_or(1)];
        let pace = match b.send.pace {
            SendPace::TopSpeed => Pace::TopSpeed,
            SendPace::Rate(pps) => Pace::Rate { pps },
            SendPace::Interval(s) => Pace::Rate {
                pps: 1.0 / s.max(1e-6),
            },
        };
        let request = SendRequest {
            interface: b.send.interface.trim().to_string(),
            source: SendSource::Frames(frames),
            pace,
            replies: b.send.replies_s.map(Duration::from_secs_f64),
        };
        self.start_send(SendOrigin::Builder, request);
    }

    /// Opens the replay window.
    pub fn open_replay(&mut self) {
        let form = self.ui.replay.take().unwrap_or_else(|| ReplayForm {
            interface: self.prefs.capture.interface.clone(),
            ..ReplayForm::default()
        });
        self.ui.replay = Some(form);
    }

    /// Replays the displayed packets as the replay form says.
    pub fn start_replay(&mut self) {
        let (Some(form), Some(session)) = (&self.ui.replay, self.doc.session.clone()) else {
            return;
        };
        let mut packets = self.doc.view.packets();
        packets.sort_unstable();
        let pace = match form.timing {
            ReplayTiming::Original { speed } => Pace::Original { speed },
            ReplayTiming::Rate(pps) => Pace::Rate { pps },
            ReplayTiming::TopSpeed => Pace::TopSpeed,
        };
        let request = SendRequest {
            interface: form.interface.trim().to_string(),
            source: SendSource::Replay {
                session,
                packets,
                loops: form.loops.max(1),
            },
            pace,
            replies: None,
        };
        self.start_send(SendOrigin::Replay, request);
    }

    /// Opens the hex import window.
    pub fn open_import(&mut self) {
        self.ui.import.get_or_insert_with(ImportForm::default);
    }

    /// Opens the first imported packet in the builder.
    pub fn import_to_builder(&mut self) {
        let Some(form) = &self.ui.import else { return };
        let Some(first) = form.parsed.as_ref().ok().and_then(|p| p.first()).cloned() else {
            return;
        };
        let builder = Builder::new(form.first.link(), first);
        self.show_builder(builder);
    }

    /// Writes the imported packets to a capture file and opens it (unsaved).
    pub fn import_as_capture(&mut self) {
        let Some(form) = &self.ui.import else { return };
        let Ok(packets) = &form.parsed else { return };
        let path = std::env::temp_dir().join(format!(
            "wirelens-import-{}-{}.pcapng",
            std::process::id(),
            chrono::Utc::now().timestamp_millis()
        ));
        let iface = Interface {
            link: form.first.link(),
            snaplen: 262_144,
            ts_units_per_sec: 1_000_000_000,
            ts_offset_s: 0,
            name: Some("import".into()),
        };
        let start = chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0);
        let writes = packets.iter().enumerate().map(|(k, p)| {
            Ok(PacketToWrite {
                ts_ns: start + i64::try_from(k).unwrap_or(0) * 1_000,
                data: p.as_slice().into(),
                orig_len: u32::try_from(p.len()).unwrap_or(u32::MAX),
                interface: 0,
            })
        });
        match write_atomically(&path, OutputFormat::PcapNg, &[iface], writes) {
            Ok(_) => {
                self.ui.import = None;
                self.open(vec![path]);
                self.doc.unsaved = true;
            }
            Err(e) => self.ui.message = Some(format!("Cannot import: {e}")),
        }
    }
}
