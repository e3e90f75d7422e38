//! Follow Stream: the conversation (TCP or UDP payload, TLS records, HTTP messages) as text,
//! the two directions in two colours, shown as ASCII, hex dump, C arrays, raw hex or YAML; one
//! direction or both; find; the previous and next stream; "Filter Out This Stream"; Save As.
//! The data comes from app logic (a worker follows the stream); this view only draws it and
//! returns actions.

use super::actions::Action;
use super::app::WirelensApp;
use super::windows::{FollowFormat, FollowSide, FollowView};
use crate::stats::follow::{self, Chunk, Follow, Followed, Mode};
use egui::text::LayoutJob;
use egui::{Color32, FontId, TextFormat};

/// At most this much text is laid out (the rest is summarised; a stream of tens of MB would
/// otherwise stall every frame).
const SHOWN_BYTES: usize = 1 << 20;

/// Wireshark's colours for the two directions.
const CLIENT: (Color32, Color32) = (
    Color32::from_rgb(0x8f, 0, 0),
    Color32::from_rgb(0xfb, 0xed, 0xed),
);
const SERVER: (Color32, Color32) = (
    Color32::from_rgb(0, 0, 0x8f),
    Color32::from_rgb(0xed, 0xed, 0xfb),
);

/// Draws Follow Stream when it is open.
pub fn follow_window_ui(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(mut view) = app.ui.windows.follow.clone() else {
        return actions;
    };
    let followed = app
        .doc
        .caches
        .followed
        .as_ref()
        .filter(|(k, _)| k.kind == view.kind && k.stream == view.stream)
        .map(|(_, f)| f.clone());
    let title = format!(
        "Follow {} Stream ({}.stream eq {})",
        view.kind.title(),
        view.kind.transport_name(),
        view.stream
    );
    let mut open = true;
    egui::Window::new("Follow Stream")
        .id(egui::Id::unique("follow_stream"))
        .open(&mut open)
        .default_size([760.0, 520.0])
        .show(ctx, |ui| {
            ui.heading(&title);
            if view.kind == Follow::Tls {
                ui.label("Application data as sent: encrypted (no TLS keys are loaded).");
            }
            match &followed {
                None => {
                    ui.label("Following the stream…");
                }
                Some(None) => {
                    ui.label("There is no such stream.");
                }
                Some(Some(f)) => body(ui, f, &mut view),
            }
            ui.separator();
            controls(
                ui,
                &mut view,
                followed.as_ref().and_then(|f| f.as_deref()),
                &mut actions,
            );
        });
    if open {
        app.ui.windows.follow = Some(view);
    } else {
        app.ui.windows.follow = None;
    }
    actions
}

fn body(ui: &mut egui::Ui, f: &Followed, view: &mut FollowView) {
    let (client, server) = f.bytes();
    let text = shown_text(f, view);
    let matches = if view.find.is_empty() {
        0
    } else {
        text.iter()
            .map(|(_, t)| t.matches(view.find.as_str()).count())
            .sum()
    };
    ui.label(format!(
        "Node 0 {}:{} → node 1 {}:{}: {client} bytes · node 1 → node 0: {server} bytes · {} chunks",
        f.client.0,
        f.client.1,
        f.server.0,
        f.server.1,
        f.chunks.len()
    ));
    let mut job = LayoutJob::default();
    for (from_server, t) in &text {
        let (fg, bg) = if *from_server { SERVER } else { CLIENT };
        let format = TextFormat {
            font_id: FontId::monospace(12.0),
            color: fg,
            background: bg,
            ..TextFormat::default()
        };
        job.append(t, 0.0, format);
    }
    egui::ScrollArea::both()
        .max_height(ui.available_height() - 70.0)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add(egui::Label::new(job).selectable(true));
        });
    if !view.find.is_empty() {
        ui.label(format!("{matches} matches of {:?}", view.find));
    }
}

/// The text of each shown chunk (direction, text), cut after [`SHOWN_BYTES`].
pub fn shown_text(f: &Followed, view: &FollowView) -> Vec<(bool, String)> {
    let keep = |c: &&Chunk| match view.side {
        FollowSide::Both => true,
        FollowSide::Client => !c.from_server,
        FollowSide::Server => c.from_server,
    };
    if view.format == FollowFormat::Yaml {
        let picked = Followed {
            chunks: f.chunks.iter().filter(keep).cloned().collect(),
            ..f.clone()
        };
        return vec![(false, cut(follow::render(&picked, Mode::Yaml)))];
    }
    let mut out = Vec::new();
    let mut total = 0;
    let mut offsets = [0usize; 2];
    for (k, c) in f.chunks.iter().filter(keep).enumerate() {
        let at = &mut offsets[usize::from(c.from_server)];
        let text = chunk_text(c, view.format, *at, k);
        *at += c.data.len();
        total += text.len();
        out.push((c.from_server, text));
        if total > SHOWN_BYTES {
            out.push((
                false,
                format!("\n[… showing the first {SHOWN_BYTES} bytes of text]\n"),
            ));
            break;
        }
    }
    out
}

fn cut(mut text: String) -> String {
    if text.len() > SHOWN_BYTES {
        let mut at = SHOWN_BYTES;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.truncate(at);
        text.push_str("\n[…]\n");
    }
    text
}

fn chunk_text(c: &Chunk, format: FollowFormat, offset: usize, index: usize) -> String {
    match format {
        FollowFormat::Ascii => c.data.iter().map(|&b| follow::ascii(b)).collect(),
        FollowFormat::Hex => {
            let mut s = String::new();
            follow::hex_dump(&mut s, "", offset, &c.data);
            s
        }
        FollowFormat::Raw => {
            let mut s: String = c.data.iter().map(|b| format!("{b:02x}")).collect();
            s.push('\n');
            s
        }
        FollowFormat::CArrays => {
            let peer = u8::from(c.from_server);
            let bytes: Vec<String> = c.data.iter().map(|b| format!("0x{b:02x}")).collect();
            let lines: Vec<String> = bytes.chunks(8).map(|l| l.join(", ")).collect();
            format!(
                "char peer{peer}_{index}[] = {{ /* Packet {} */\n{} }};\n",
                c.frame,
                lines.join(",\n")
            )
        }
        FollowFormat::Yaml => String::new(),
    }
}

fn controls(
    ui: &mut egui::Ui,
    view: &mut FollowView,
    f: Option<&Followed>,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        egui::ComboBox::new("follow_side", "Direction")
            .selected_text(side_label(view.side))
            .show_ui(ui, |ui| {
                for side in [FollowSide::Both, FollowSide::Client, FollowSide::Server] {
                    ui.selectable_value(&mut view.side, side, side_label(side));
                }
            });
        egui::ComboBox::new("follow_format", "Show as")
            .selected_text(format_label(view.format))
            .show_ui(ui, |ui| {
                for format in [
                    FollowFormat::Ascii,
                    FollowFormat::Hex,
                    FollowFormat::CArrays,
                    FollowFormat::Raw,
                    FollowFormat::Yaml,
                ] {
                    ui.selectable_value(&mut view.format, format, format_label(format));
                }
            });
        let label = ui.label("Find:");
        ui.add(egui::TextEdit::singleline(&mut view.find).desired_width(140.0))
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        if ui
            .add_enabled(view.stream > 0, egui::Button::new("◀ Previous stream"))
            .clicked()
        {
            actions.push(Action::FollowStream(view.kind, view.stream - 1));
        }
        if ui.button("Next stream ▶").clicked() {
            actions.push(Action::FollowStream(view.kind, view.stream + 1));
        }
        if let Some(f) = f
            && ui.button("Filter Out This Stream").clicked()
        {
            actions.push(Action::SetFilter(format!("!({})", f.filter())));
        }
        if let Some(f) = f
            && ui.button("Copy").clicked()
        {
            let text: String = shown_text(f, view).into_iter().map(|(_, t)| t).collect();
            actions.push(Action::Copy(text));
        }
        if f.is_some() && ui.button("Save As…").clicked() {
            let name = format!("{}-stream-{}.txt", view.kind.name(), view.stream);
            view.save_path.get_or_insert(name);
        }
    });
    save_row(ui, view, actions);
}

/// The file name to save to, once "Save As…" was pressed.
fn save_row(ui: &mut egui::Ui, view: &mut FollowView, actions: &mut Vec<Action>) {
    let Some(path) = view.save_path.as_mut() else {
        return;
    };
    let mut done = false;
    ui.horizontal(|ui| {
        let label = ui.label("Save to:");
        ui.add(egui::TextEdit::singleline(path).desired_width(360.0))
            .labelled_by(label.id);
        if ui.button("Save").clicked() && !path.trim().is_empty() {
            actions.push(Action::SaveFollowed(path.trim().into()));
            done = true;
        }
        if ui.button("Cancel").clicked() {
            done = true;
        }
    });
    if done {
        view.save_path = None;
    }
}

/// What "Save As" writes: the shown directions in the shown format, all of it (raw: the bytes
/// themselves, as Wireshark's "Save as Raw").
pub fn saved_bytes(f: &Followed, view: &FollowView) -> Vec<u8> {
    let keep = |c: &&Chunk| match view.side {
        FollowSide::Both => true,
        FollowSide::Client => !c.from_server,
        FollowSide::Server => c.from_server,
    };
    match view.format {
        FollowFormat::Raw => f
            .chunks
            .iter()
            .filter(keep)
            .flat_map(|c| c.data.clone())
            .collect(),
        FollowFormat::Yaml => {
            let picked = Followed {
                chunks: f.chunks.iter().filter(keep).cloned().collect(),
                ..f.clone()
            };
            follow::render(&picked, Mode::Yaml).into_bytes()
        }
        format => {
            let mut offsets = [0usize; 2];
            let mut out = String::new();
            for (k, c) in f.chunks.iter().filter(keep).enumerate() {
                let at = &mut offsets[usize::from(c.from_server)];
                out.push_str(&chunk_text(c, format, *at, k));
                *at += c.data.len();
            }
            out.into_bytes()
        }
    }
}

fn side_label(side: FollowSide) -> &'static str {
    match side {
        FollowSide::Both => "Entire conversation",
        FollowSide::Client => "Node 0 → node 1 only",
        FollowSide::Server => "Node 1 → node 0 only",
    }
}

fn format_label(format: FollowFormat) -> &'static str {
    match format {
        FollowFormat::Ascii => "ASCII",
        FollowFormat::Hex => "Hex Dump",
        FollowFormat::CArrays => "C Arrays",
        FollowFormat::Raw => "Raw",
        FollowFormat::Yaml => "YAML",
    }
}
