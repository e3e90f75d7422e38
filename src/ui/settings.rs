//! Persisted settings: theme, layout, column widths, time format, recent files, filter history,
//! saved filters, colouring rules and the last capture options, in a plain `key=value` file
//! under `$XDG_CONFIG_HOME/wirelens/` (written atomically).

use super::app::WirelensApp;
use super::coloring::ColoringRules;
use super::time_format::TimeFormat;
use crate::capture::CaptureOptions;
use std::path::{Path, PathBuf};

/// Most recent files remembered.
const RECENT: usize = 10;

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

/// Everything remembered between runs.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Where they are saved (`None`: not saved).
    pub file: Option<PathBuf>,
    /// Colour theme.
    pub theme: Theme,
    /// Time column format.
    pub time_format: TimeFormat,
    /// Packet list column widths.
    pub widths: Option<[f32; 7]>,
    /// Height of the details pane.
    pub details_height: Option<f32>,
    /// Plot panel shown.
    pub show_plot: Option<bool>,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// Applied filters, newest first.
    pub filter_history: Vec<String>,
    /// Filter buttons: (label, filter).
    pub saved_filters: Vec<(String, String)>,
    /// Colouring rules as lines (empty: the defaults).
    pub coloring: Vec<String>,
    /// Last capture interface, filter, snaplen, promiscuous, buffer.
    pub capture: Option<(CaptureOptions, String)>,
}

impl Settings {
    /// The settings directory: `$WIRELENS_CONFIG_DIR`, else `$XDG_CONFIG_HOME/wirelens`, else
    /// `~/.config/wirelens`.
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
    pub fn load(file: &Path) -> Settings {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let mut s = Settings::parse(&text);
        s.file = Some(file.into());
        s
    }

    /// Parses the settings text (unknown keys and bad values are ignored).
    pub fn parse(text: &str) -> Settings {
        let mut s = Settings::default();
        let mut capture = CaptureOptions::default();
        let mut capture_filter = String::new();
        let mut has_capture = false;
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            match key {
                "theme" => {
                    s.theme = match value {
                        "light" => Theme::Light,
                        "dark" => Theme::Dark,
                        _ => Theme::System,
                    }
                }
                "time_format" => s.time_format = TimeFormat::from_key(value).unwrap_or_default(),
                "column_widths" => {
                    let w: Vec<f32> = value.split(',').filter_map(|v| v.parse().ok()).collect();
                    s.widths = w.try_into().ok();
                }
                "details_height" => s.details_height = value.parse().ok(),
                "show_plot" => s.show_plot = Some(value == "true"),
                "recent" => s.recent.push(PathBuf::from(value)),
                "filter_history" => s.filter_history.push(value.into()),
                "saved_filter" => {
                    if let Some((label, filter)) = value.split_once('\t') {
                        s.saved_filters.push((label.into(), filter.into()));
                    }
                }
                "coloring_rule" => s.coloring.push(value.into()),
                "capture_interface" => {
                    capture.interface = value.into();
                    has_capture = true;
                }
                "capture_filter" => capture_filter = value.into(),
                "capture_snaplen" => capture.snaplen = value.parse().unwrap_or(capture.snaplen),
                "capture_promiscuous" => capture.promiscuous = value == "true",
                "capture_buffer" => {
                    capture.buffer_bytes = value.parse().unwrap_or(capture.buffer_bytes)
                }
                _ => {}
            }
        }
        if has_capture {
            s.capture = Some((capture, capture_filter));
        }
        s
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
        let theme = match self.theme {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        };
        put("theme", theme);
        put("time_format", self.time_format.key());
        if let Some(w) = self.widths {
            let w: Vec<String> = w.iter().map(|v| format!("{v:.0}")).collect();
            put("column_widths", &w.join(","));
        }
        if let Some(h) = self.details_height {
            put("details_height", &format!("{h:.0}"));
        }
        if let Some(p) = self.show_plot {
            put("show_plot", if p { "true" } else { "false" });
        }
        for r in &self.recent {
            put("recent", &r.display().to_string());
        }
        for f in &self.filter_history {
            put("filter_history", f);
        }
        for (label, filter) in &self.saved_filters {
            put("saved_filter", &format!("{label}\t{filter}"));
        }
        for line in &self.coloring {
            put("coloring_rule", line);
        }
        if let Some((c, filter)) = &self.capture {
            put("capture_interface", &c.interface);
            put("capture_filter", filter);
            put("capture_snaplen", &c.snaplen.to_string());
            put(
                "capture_promiscuous",
                if c.promiscuous { "true" } else { "false" },
            );
            put("capture_buffer", &c.buffer_bytes.to_string());
        }
        out
    }

    /// Writes the file (temp + rename); errors are returned.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temp = file.with_extension("conf.tmp");
        std::fs::write(&temp, self.render())?;
        std::fs::rename(&temp, file)
    }

    /// Writes the file; a failure only costs the remembered settings.
    pub fn save_quietly(&self) {
        if let Err(e) = self.save() {
            eprintln!("wirelens: cannot save settings: {e}");
        }
    }

    /// Puts `path` first in the recent files.
    pub fn add_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.into());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT);
    }

    /// Remembers the options of a capture that started.
    pub fn remember_capture(&mut self, opts: &CaptureOptions) {
        let filter = opts.bpf.clone().unwrap_or_default();
        self.capture = Some((opts.clone(), filter));
    }

    /// Copies the settings into a new app.
    pub fn apply_to(&self, app: &mut WirelensApp) {
        app.table.time_format = self.time_format;
        if let Some(w) = self.widths {
            app.table.widths = w;
        }
        if let Some(p) = self.show_plot {
            app.show_plot = p;
        }
        if let Some(h) = self.details_height {
            app.details_height = h.clamp(160.0, 2000.0);
        }
        app.filter.history = self.filter_history.clone();
        app.filter.saved = self.saved_filters.clone();
        if !self.coloring.is_empty() {
            app.coloring = ColoringRules::from_lines(self.coloring.iter().map(String::as_str));
        }
        if let Some((c, filter)) = &self.capture {
            app.capture_options = c.clone();
            app.capture_filter = filter.clone();
        }
    }

    /// Copies what the user changed in the app back (before saving at exit).
    pub fn update_from(&mut self, app: &WirelensApp) {
        self.time_format = app.table.time_format;
        self.widths = Some(app.table.widths);
        self.show_plot = Some(app.show_plot);
        self.details_height = Some(app.details_height);
        self.filter_history = app.filter.history.clone();
        self.saved_filters = app.filter.saved.clone();
        self.coloring = app.coloring.to_lines();
    }
}

#[cfg(test)]
mod tests {
    use super::{Settings, Theme};
    use std::path::PathBuf;

    #[test]
    fn settings_survive_a_round_trip() {
        let mut s = Settings {
            theme: Theme::Dark,
            widths: Some([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]),
            show_plot: Some(false),
            filter_history: vec!["dns".into(), "tcp.port == 443".into()],
            saved_filters: vec![("Web".into(), "http || tls".into())],
            ..Settings::default()
        };
        s.add_recent(&PathBuf::from("/nonexistent/a.pcap"));
        s.add_recent(&PathBuf::from("/nonexistent/b.pcap"));
        s.add_recent(&PathBuf::from("/nonexistent/a.pcap"));
        let back = Settings::parse(&s.render());
        assert_eq!(back.render(), s.render());
        assert_eq!(back.recent[0], PathBuf::from("/nonexistent/a.pcap"));
        assert_eq!(back.recent.len(), 2);
        assert_eq!(back.theme, Theme::Dark);
    }
}
