//! The desktop GUI (eframe/egui). The UI thread owns the state ([`WirelensApp`]): the open
//! capture ([`document`]), every background job ([`background`]), the preferences
//! ([`prefs`]) and what only the screen keeps ([`ui_state`]). Loading, capturing, filtering,
//! sorting and saving run on other threads that send owned results; app logic polls them
//! once per frame. One panel per file; panels return [`Action`]s that the app applies after
//! layout, and never start work themselves.

pub mod actions;
mod analysis;
pub mod app;
pub mod background;
pub mod builder;
mod builder_window;
mod building;
mod coloring;
mod coloring_editor;
pub mod conversations_window;
mod decode_as_window;
mod detail_tree;
mod dialogs;
pub mod document;
pub mod environment;
mod expert_window;
mod filter_bar;
mod filtering;
mod follow_window;
mod frame;
mod hex_view;
pub mod import_window;
pub mod interfaces;
mod jobs;
mod loading;
mod logic;
mod menu_bar;
mod packet_table;
mod plot_data;
mod plot_panel;
mod plotting;
pub mod prefs;
pub mod protocols;
mod protocols_window;
pub mod replay_window;
mod row_context;
mod saving;
pub mod sending;
mod sorting;
mod statistics;
mod stats_windows;
mod status_bar;
mod table_state;
mod time_format;
mod toolbar;
pub mod ui_state;
pub mod view;
mod welcome;
pub mod windows;

pub use actions::Action;
pub use app::WirelensApp;
pub use document::FeedState;
pub use hex_view::highlighted_range;
pub use time_format::TimeFormat;

/// Adds the bundled monospace font (which has arrows such as "→", used in Info columns as in
/// Wireshark) as a fallback to the proportional family.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let mono = fonts
        .families
        .get(&egui::FontFamily::Monospace)
        .cloned()
        .unwrap_or_default();
    if let Some(prop) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
        for f in mono {
            if !prop.contains(&f) {
                prop.push(f);
            }
        }
    }
    ctx.set_fonts(fonts);
}

/// What the command line asks the GUI to do at start.
#[derive(Debug, Default)]
pub struct Launch {
    /// Files to open (several are merged in time order).
    pub files: Vec<std::path::PathBuf>,
    /// Interface to capture on.
    pub interface: Option<String>,
    /// Capture filter.
    pub capture_filter: Option<String>,
    /// Start capturing at once.
    pub start: bool,
    /// `--protocols` paths.
    pub protocols: Vec<std::path::PathBuf>,
    /// `-d` Decode As entries.
    pub decode_as: Vec<String>,
}

/// Opens the main window and does what `launch` asks.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("wirelens")
        .with_inner_size([1280.0, 860.0])
        .with_drag_and_drop(true)
        .with_app_id("wirelens");
    if let Ok(icon) =
        eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icons/wirelens-64.png"))
    {
        viewport = viewport.with_icon(std::sync::Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "wirelens",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            let mut app = WirelensApp::with_prefs_file(prefs::Prefs::default_file());
            app.env.attach(&cc.egui_ctx);
            if let Some(i) = launch.interface {
                app.prefs.capture.interface = i;
            }
            if let Some(f) = launch.capture_filter {
                app.prefs.capture_filter = f;
            }
            app.protocols.paths = launch.protocols;
            app.protocols.command_line_decode_as = launch.decode_as;
            app.protocols.user_dir = true;
            app.protocols.reload(&app.prefs.decode_as);
            if let Some(e) = app.protocols.errors.first() {
                app.ui.message = Some(format!("Protocol descriptions: {}", e.headline()));
            }
            match launch.files.as_slice() {
                [] if launch.start => app.apply(Action::StartCapture),
                [] => {}
                [one] => app.apply(Action::Open(one.clone())),
                many => app.apply(Action::OpenMany(many.to_vec())),
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

/// Symbols the GUI draws in button and menu labels.
pub const SYMBOLS: &str = "▶■●–→·…↻▼▲×⬇+";

#[cfg(test)]
mod tests {
    #[test]
    fn the_installed_fonts_draw_every_symbol_the_gui_uses() {
        let ctx = egui::Context::default();
        super::install_fonts(&ctx);
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let missing: String = super::SYMBOLS
            .chars()
            .filter(|c| !ctx.fonts_mut(|f| f.has_glyph(&egui::FontId::proportional(14.0), *c)))
            .collect();
        assert_eq!(missing, "", "symbols without a glyph");
    }
}
