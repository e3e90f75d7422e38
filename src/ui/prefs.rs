//! Preferences: everything remembered between runs, one field per line kind of the settings
//! file (`$XDG_CONFIG_HOME/wirelens/settings.conf`, plain `key=value`, written atomically):
//! theme, layout, column widths, time format, recent files, filter history, saved filters,
//! colouring rules and the capture options. The app edits these fields directly; saving
//! writes them as they are.

use super::coloring::ColoringRules;
use super::time_format::TimeFormat;
use crate::capture::CaptureOptions;
use std::path::{Path, PathBuf};

/// Most recent files remembered.
const RECENT: usize = 10;
/// Most filter history entries kept.
pub const HISTORY: usize = 30;
/// Column widths of the packet list, points (Info takes the rest of the row).
pub const DEFAULT_WIDTHS: [f32; 7] = [70.0, 110.0, 150.0, 150.0, 80.0, 60.0, 600.0];
/// Height of the details pane, points.
const DEFAULT_DETAILS_HEIGHT: f32 = 300.0;

/// Light, dark, or what the desktop says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// A filter button the user added to the filter bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFilter {
    /// The button's text.
    pub label: String,
    /// The display filter it applies.
    pub filter: String,
}

/// Everything remembered between runs.
#[derive(Debug, Clone)]
pub struct Prefs {
    /// Colour theme.
    pub theme: Theme,
    /// Time column format.
    pub time_format: TimeFormat,
    /// Packet list column widths, points.
    pub column_widths: [f32; 7],
    /// Height of the details pane, points.
    pub details_height: f32,
    /// Plot panel shown.
    pub show_plot: bool,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// Applied filters, newest first.
    pub filter_history: Vec<String>,
    /// Filter buttons.
    pub saved_filters: Vec<SavedFilter>,
    /// Decode As entries, `TABLE==VALUE,PROTOCOL` (as tshark's `-d`).
    pub decode_as: Vec<String>,
    /// Colouring rules, and whether rows are coloured at all.
    pub coloring: ColoringRules,
    /// Capture interface, snaplen, promiscuous mode and buffer (`bpf` is taken from
    /// `capture_filter` when a capture starts).
    pub capture: CaptureOptions,
    /// Capture filter text as typed.
    pub capture_filter: String,
    /// Verify IPv4, TCP and UDP checksums (off by default, as in Wireshark).
    pub validate_checksums: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            theme: Theme::System,
            time_format: TimeFormat::default(),
            column_widths: DEFAULT_WIDTHS,
            details_height: DEFAULT_DETAILS_HEIGHT,
            show_plot: true,
            recent: Vec::new(),
            filter_history: Vec::new(),
            saved_filters: Vec::new(),
            decode_as: Vec::new(),
            coloring: ColoringRules::wireshark_defaults(),
            capture: CaptureOptions::default(),
            capture_filter: String::new(),
            validate_checksums: false,
        }
    }
}

impl Prefs {
    /// The settings file: `$WIRELENS_CONFIG_DIR`, else `$XDG_CONFIG_HOME/wirelens`, else
    /// `~/.config/wirelens`, then `settings.conf`.
    pub fn default_file() -> Option<PathBuf> {
        let dir = std::env::var_os("WIRELENS_CONFIG_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("XDG_CONFIG_HOME").map(|d| PathBuf::from(d).join("wirelens"))
            })
            .or_else(|| {
                std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config/wirelens"))
            })?;
        Some(dir.join("settings.conf"))
    }

    /// Reads `file`; a missing or unreadable file gives the defaults.
    pub fn load(file: &Path) -> Prefs {
        Prefs::parse(&std::fs::read_to_string(file).unwrap_or_default())
    }

    /// Parses the settings text (unknown keys and bad values are ignored).
    pub fn parse(text: &str) -> Prefs {
        let mut p = Prefs::default();
        let mut coloring = Vec::new();
        for line in text.lines() {
            if let Some((key, value)) = line.split_once('=') {
                if key == "coloring_rule" {
                    coloring.push(value);
                } else {
                    p.set(key, value);
                }
            }
        }
        if !coloring.is_empty() {
            let enabled = p.coloring.enabled;
            p.coloring = ColoringRules::from_lines(coloring);
            p.coloring.enabled = enabled;
        }
        p
    }

    /// Applies one `key=value` line.
    fn set(&mut self, key: &str, value: &str) {
        let flag = value == "true";
        match key {
            "theme" => {
                self.theme = match value {
                    "light" => Theme::Light,
                    "dark" => Theme::Dark,
                    _ => Theme::System,
                }
            }
            "time_format" => self.time_format = TimeFormat::from_key(value).unwrap_or_default(),
            "column_widths" => {
                let w: Vec<f32> = value.split(',').filter_map(|v| v.parse().ok()).collect();
                if let Ok(w) = w.try_into() {
                    self.column_widths = w;
                }
            }
            "details_height" => {
                if let Ok(h) = value.parse::<f32>() {
                    self.details_height = h.clamp(160.0, 2000.0);
                }
            }
            "show_plot" => self.show_plot = flag,
            "recent" => self.recent.push(PathBuf::from(value)),
            "filter_history" => self.filter_history.push(value.into()),
            "saved_filter" => {
                if let Some((label, filter)) = value.split_once('\t') {
                    self.saved_filters.push(SavedFilter {
                        label: label.into(),
                        filter: filter.into(),
                    });
                }
            }
            "decode_as" => self.decode_as.push(value.into()),
            "coloring_enabled" => self.coloring.enabled = flag,
            "validate_checksums" => self.validate_checksums = flag,
            "capture_interface" => self.capture.interface = value.into(),
            "capture_filter" => self.capture_filter = value.into(),
            "capture_snaplen" => {
                self.capture.snaplen = value.parse().unwrap_or(self.capture.snaplen)
            }
            "capture_promiscuous" => self.capture.promiscuous = flag,
            "capture_buffer" => {
                self.capture.buffer_bytes = value.parse().unwrap_or(self.capture.buffer_bytes)
            }
            _ => {}
        }
    }

    /// The settings text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut put = |k: &str, v: &str| {
            out.push_str(k);
            out.push('=');
            out.push_str(&v.replace('\n', " "));
            out.push('\n');
        };
        let flag = |b: bool| if b { "true" } else { "false" };
        let theme = match self.theme {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        };
        put("theme", theme);
        put("time_format", self.time_format.key());
        let w: Vec<String> = self
            .column_widths
            .iter()
            .map(|v| format!("{v:.0}"))
            .collect();
        put("column_widths", &w.join(","));
        put("details_height", &format!("{:.0}", self.details_height));
        put("show_plot", flag(self.show_plot));
        for r in &self.recent {
            put("recent", &r.display().to_string());
        }
        for f in &self.filter_history {
            put("filter_history", f);
        }
        for s in &self.saved_filters {
            put("saved_filter", &format!("{}\t{}", s.label, s.filter));
        }
        for d in &self.decode_as {
            put("decode_as", d);
        }
        put("coloring_enabled", flag(self.coloring.enabled));
        put("validate_checksums", flag(self.validate_checksums));
        for line in self.coloring.to_lines() {
            put("coloring_rule", &line);
        }
        put("capture_interface", &self.capture.interface);
        put("capture_filter", &self.capture_filter);
        put("capture_snaplen", &self.capture.snaplen.to_string());
        put("capture_promiscuous", flag(self.capture.promiscuous));
        put("capture_buffer", &self.capture.buffer_bytes.to_string());
        out
    }

    /// Writes `file` (temp + rename); errors are returned.
    pub fn save(&self, file: &Path) -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temp = file.with_extension("conf.tmp");
        std::fs::write(&temp, self.render())?;
        std::fs::rename(&temp, file)
    }

    /// Puts `path` first in the recent files.
    pub fn add_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.into());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT);
    }

    /// Puts an applied filter first in the history.
    pub fn add_history(&mut self, filter: &str) {
        self.filter_history.retain(|h| h != filter);
        self.filter_history.insert(0, filter.into());
        self.filter_history.truncate(HISTORY);
    }
}

#[cfg(test)]
mod tests {
    use super::{Prefs, SavedFilter, Theme};
    use std::path::PathBuf;

    #[test]
    fn prefs_survive_a_round_trip() {
        let mut p = Prefs {
            theme: Theme::Dark,
            column_widths: [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
            show_plot: false,
            filter_history: vec!["dns".into(), "tcp.port == 443".into()],
            saved_filters: vec![SavedFilter {
                label: "Web".into(),
                filter: "http || tls".into(),
            }],
            capture_filter: "udp port 53".into(),
            ..Prefs::default()
        };
        p.coloring.enabled = false;
        p.coloring.rules.truncate(2);
        p.capture.interface = "eth0".into();
        p.add_recent(&PathBuf::from("/nonexistent/a.pcap"));
        p.add_recent(&PathBuf::from("/nonexistent/b.pcap"));
        p.add_recent(&PathBuf::from("/nonexistent/a.pcap"));
        let back = Prefs::parse(&p.render());
        assert_eq!(back.render(), p.render());
        assert_eq!(back.recent[0], PathBuf::from("/nonexistent/a.pcap"));
        assert_eq!(back.recent.len(), 2);
        assert_eq!(back.theme, Theme::Dark);
        assert!(!back.coloring.enabled);
        assert_eq!(back.coloring.rules.len(), 2);
        assert_eq!(back.capture.interface, "eth0");
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let p = Prefs::parse("");
        assert_eq!(p.render(), Prefs::default().render());
        assert!(p.coloring.enabled);
        assert!(!p.coloring.rules.is_empty());
    }

    #[test]
    fn history_keeps_one_copy_newest_first() {
        let mut p = Prefs::default();
        for f in ["dns", "tcp", "dns"] {
            p.add_history(f);
        }
        assert_eq!(p.filter_history, vec!["dns".to_string(), "tcp".to_string()]);
    }
}
