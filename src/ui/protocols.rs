//! The protocol descriptions the GUI runs with: which files, what loaded, what failed, and
//! whether a file changed on disk since. The app owns one; reloading goes through
//! [`super::actions::Action::ReloadProtocols`], and the views only read it.

use crate::describe::DescError;
use crate::describe::load::{self, Loaded, Options, Origin};
use std::path::PathBuf;
use std::time::SystemTime;

/// The descriptions of this run.
#[derive(Debug, Default)]
pub struct Protocols {
    /// `--protocols` paths.
    pub paths: Vec<PathBuf>,
    /// Read the user's protocol directory (off for tests).
    pub user_dir: bool,
    /// Decode As entries given on the command line (`-d`), before the saved ones.
    pub command_line_decode_as: Vec<String>,
    /// What loaded last time (none before the first load).
    pub loaded: Option<Loaded>,
    /// Why the last load failed, or what it left out; Decode As entries that do not apply.
    pub errors: Vec<DescError>,
    /// Each loaded file on disk and its modification time, to notice edits.
    stamps: Vec<(PathBuf, Option<(SystemTime, u64)>)>,
    /// When the files are looked at next.
    next_poll: Option<std::time::Instant>,
}

/// How often the GUI looks for edited description files.
pub const POLL_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

impl Protocols {
    /// Loads and installs the descriptions with these Decode As entries (the command line's
    /// first). A set that fails keeps the previous one installed and lists the errors.
    pub fn reload(&mut self, decode_as: &[String]) {
        let options = Options {
            paths: self.paths.clone(),
            user_dir: self.user_dir,
            no_bundled: false,
        };
        self.errors.clear();
        let loaded = match load::load(&options) {
            Ok(l) => l,
            Err(errors) => {
                self.errors = errors;
                self.stamps = self.watch_list(None);
                return;
            }
        };
        self.errors.extend(loaded.skipped.iter().cloned());
        let mut entries = Vec::new();
        for d in self.command_line_decode_as.iter().chain(decode_as) {
            match load::decode_as(d, &loaded.plan) {
                Ok(e) => entries.push(e),
                Err(why) => self.errors.push(DescError::whole_file("Decode As", why)),
            }
        }
        if let Err(why) = load::install(loaded.plan.clone(), &entries) {
            self.errors.push(DescError::whole_file("wirelens", why));
        }
        self.stamps = self.watch_list(Some(&loaded));
        self.loaded = Some(loaded);
    }

    /// The files that can change on disk: every `--protocols` path's files and the user's.
    fn watch_list(&self, loaded: Option<&Loaded>) -> Vec<(PathBuf, Option<(SystemTime, u64)>)> {
        let mut files: Vec<PathBuf> = loaded
            .map(|l| {
                l.files
                    .iter()
                    .filter(|(_, o)| *o != Origin::Bundled)
                    .map(|(s, _)| PathBuf::from(&s.file))
                    .collect()
            })
            .unwrap_or_default();
        files.extend(
            self.errors
                .iter()
                .map(|e| PathBuf::from(&e.file))
                .filter(|p| p.is_file()),
        );
        files.sort();
        files.dedup();
        files
            .into_iter()
            .map(|f| {
                let t = modified(&f);
                (f, t)
            })
            .collect()
    }

    /// True when files on disk (not only bundled ones) are in use.
    pub fn watches_files(&self) -> bool {
        !self.stamps.is_empty() || !self.paths.is_empty()
    }

    /// True once per [`POLL_EVERY`] (the caller then calls [`Protocols::changed_on_disk`]).
    pub fn poll_due(&mut self, now: std::time::Instant) -> bool {
        let due = self.next_poll.is_none_or(|t| now >= t);
        if due {
            self.next_poll = Some(now + POLL_EVERY);
        }
        due
    }

    /// True when a watched file changed (or vanished) since the last load, or a directory
    /// given with `--protocols` gained a file.
    pub fn changed_on_disk(&self) -> bool {
        let edited = self.stamps.iter().any(|(f, t)| modified(f) != *t);
        let known = |p: &PathBuf| self.stamps.iter().any(|(f, _)| f == p);
        let added = self.paths.iter().filter(|p| p.is_dir()).any(|dir| {
            load::read_path(dir)
                .is_ok_and(|files| files.iter().any(|s| !known(&PathBuf::from(&s.file))))
        });
        edited || added
    }
}

/// A file's modification time and length (either changing counts as an edit).
fn modified(path: &std::path::Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}
