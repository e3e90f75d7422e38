//! Expert information: every expert note of a set of packets, grouped by severity, group,
//! protocol and summary with counts and the frames they come from (tshark's `-z expert` and
//! the GUI's Expert Information window).

use crate::dissect::tree::{ExpertNote, Group, Severity};
use crate::session::{JobControl, Session};
use rustc_hash::FxHashMap as HashMap;

/// One kind of note and where it occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertEntry {
    /// How serious.
    pub severity: Severity,
    /// What about.
    pub group: Group,
    /// Protocol column name (`TCP`, `HTTP`).
    pub protocol: &'static str,
    /// The note's text.
    pub summary: String,
    /// Frame numbers (1-based), in order; a frame may repeat.
    pub frames: Vec<u64>,
}

/// All notes of a set of packets, in the order each kind first appeared.
#[derive(Debug, Default, Clone)]
pub struct ExpertTally {
    /// The kinds of notes.
    pub entries: Vec<ExpertEntry>,
    index: HashMap<(Severity, Group, &'static str, String), usize>,
}

impl ExpertTally {
    /// Adds the notes of frame `frame`.
    pub fn add(&mut self, frame: u64, notes: &[ExpertNote]) {
        for n in notes {
            let protocol = crate::dissect::names::protocol_short_name(n.layer);
            let key = (n.severity, n.group, protocol, n.message.clone());
            let at = *self.index.entry(key).or_insert_with(|| {
                self.entries.push(ExpertEntry {
                    severity: n.severity,
                    group: n.group,
                    protocol,
                    summary: n.message.clone(),
                    frames: Vec::new(),
                });
                self.entries.len() - 1
            });
            if let Some(e) = self.entries.get_mut(at) {
                e.frames.push(frame);
            }
        }
    }

    /// Number of notes of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.of(severity).map(|e| e.frames.len()).sum()
    }

    /// The entries of one severity, in first-seen order.
    pub fn of(&self, severity: Severity) -> impl Iterator<Item = &ExpertEntry> {
        self.entries.iter().filter(move |e| e.severity == severity)
    }

    /// The highest severity present.
    pub fn highest(&self) -> Option<Severity> {
        self.entries.iter().map(|e| e.severity).max()
    }
}

/// One frame's number and notes.
type FrameNotes = (u64, Vec<ExpertNote>);

/// The notes of `packets` (0-based, ascending), dissected on all cores; `None` if cancelled.
pub fn collect(session: &Session, packets: &[usize], control: &JobControl) -> Option<ExpertTally> {
    let parts: Vec<FrameNotes> = super::per_packet(packets, control, |i| {
        let d = session.dissect(i, false).ok()?;
        (!d.tree.notes.is_empty()).then(|| (i as u64 + 1, d.tree.notes))
    })?;
    let mut tally = ExpertTally::default();
    for (frame, notes) in parts {
        tally.add(frame, &notes);
    }
    Some(tally)
}

/// The report tshark's `-q -z expert` prints.
pub fn report(tally: &ExpertTally) -> String {
    let mut out = String::new();
    for (severity, title) in [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warns"),
        (Severity::Note, "Notes"),
        (Severity::Chat, "Chats"),
    ] {
        let total = tally.count(severity);
        if total == 0 {
            continue;
        }
        out.push_str(&format!("\n{title} ({total})\n=============\n"));
        out.push_str("   Frequency      Group           Protocol  Summary\n");
        for e in tally.of(severity) {
            out.push_str(&format!(
                "{:>12} {:>10} {:>18}  {}\n",
                e.frames.len(),
                e.group.name(),
                e.protocol,
                e.summary
            ));
        }
    }
    out
}
