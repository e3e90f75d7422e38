//! The desktop GUI (eframe/egui): one panel per file; panels read the state and return
//! [`Action`]s that the app applies after layout.

pub mod app;
mod detail_tree;
pub use hex_view::highlighted_range;
mod filter_bar;
mod hex_view;
mod packet_table;
mod status_bar;
mod welcome;

pub use app::{Action, WirelensApp};

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

/// Opens the main window; `files` are opened at start (the first one for now).
pub fn run(files: Vec<std::path::PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("wirelens")
            .with_inner_size([1280.0, 800.0])
            .with_app_id("wirelens"),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "wirelens",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            let mut app = WirelensApp::default();
            if let Some(first) = files.first() {
                app.apply(Action::Open(first.clone()));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
