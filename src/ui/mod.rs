//! The desktop GUI (eframe/egui). The UI thread owns the state ([`WirelensApp`]); loading,
//! capturing, filtering, sorting and saving run on other threads that send owned results.
//! One panel per file; panels return [`Action`]s that the app applies after layout.

pub mod app;
mod coloring;
mod coloring_editor;
pub mod conversations_window;
mod detail_tree;
mod dialogs;
mod filter_bar;
mod filtering;
mod frame;
mod hex_view;
mod interfaces;
mod jobs;
mod loading;
mod menu_bar;
mod packet_table;
mod plot_data;
mod plot_panel;
mod row_context;
mod saving;
pub mod settings;
mod sorting;
mod stats_windows;
mod status_bar;
mod table_state;
mod time_format;
mod toolbar;
pub mod view;
mod welcome;
pub mod windows;

pub use app::{Action, FeedState, WirelensApp};
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
            let settings = settings::Settings::default_file()
                .map(|f| settings::Settings::load(&f))
                .unwrap_or_default();
            let mut app = WirelensApp::with_settings(settings);
            if let Some(i) = launch.interface {
                app.capture_options.interface = i;
            }
            if let Some(f) = launch.capture_filter {
                app.capture_filter = f;
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
