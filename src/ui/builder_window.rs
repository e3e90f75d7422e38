//! The Packet Builder window: the packet's text form, its layer tree with an editor per
//! field (a display-filter literal, checked as you type, red with the reason), derived
//! fields shown as "auto" with a pin toggle, layers added and removed, an editable hex view
//! with the bytes that differ from the original highlighted, and the send form with its
//! progress, result and replies.

use super::actions::Action;
use super::app::WirelensApp;
use super::builder::{Builder, SendPace, Template};
use crate::craft::{Draft, Proto, wire};
use crate::dissect::Value;
use crate::dissect::format::{self, field_text};
use crate::dissect::tree::Node;
use crate::dissect::value::format_hex_sep;
use std::collections::HashSet;

const CHANGED: egui::Color32 = egui::Color32::from_rgb(0xff, 0xa5, 0x3d);
const INVALID: egui::Color32 = egui::Color32::from_rgb(0xff, 0xaf, 0xaf);

/// Draws the builder when open.
pub fn builder_window_ui(ctx: &egui::Context, app: &mut WirelensApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(mut b) = app.ui.builder.take() else {
        return actions;
    };
    let mut open = true;
    egui::Window::new("Packet Builder")
        .open(&mut open)
        .default_size([1230.0, 700.0])
        .resizable(true)
        .show(ctx, |ui| {
            spec_row(ui, &mut b);
            // The send form keeps its place at the bottom; tree and hex share the rest.
            egui::Panel::bottom("builder_send").show(ui, |ui| {
                send_ui(ui, app, &mut b, &mut actions);
            });
            egui::Panel::right("builder_hex")
                .resizable(true)
                .default_size(430.0)
                .show(ui, |ui| hex_ui(ui, &mut b));
            egui::CentralPanel::default().show(ui, |ui| tree_ui(ui, &mut b));
        });
    if open {
        app.ui.builder = Some(b);
    }
    actions
}

fn spec_row(ui: &mut egui::Ui, b: &mut Builder) {
    ui.horizontal(|ui| {
        ui.menu_button("Template ▼", |ui| {
            for t in Template::ALL {
                if ui.button(t.label()).clicked() {
                    let send = b.send.clone();
                    *b = Builder::from_template(t);
                    b.send = send;
                    ui.close();
                }
            }
        });
        let label = ui.label("Packet:");
        let edit = egui::TextEdit::singleline(&mut b.spec_text)
            .code_editor()
            .desired_width(ui.available_width() - 70.0);
        let r = ui.add(edit).labelled_by(label.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if enter || ui.button("Build").clicked() {
            b.apply_spec();
        }
    });
    if let Some(e) = &b.spec_error {
        ui.colored_label(egui::Color32::RED, egui::RichText::new(e).monospace());
    }
}

/// The text a field's editor starts with.
fn value_text(b: &Builder, index: usize, n: &Node) -> String {
    match &n.value {
        Value::Span => format_hex_sep(b.draft.tree.node_bytes(index, &b.draft.bytes), ':'),
        Value::Str(s) => s.to_string(),
        v => field_text(n.field, v),
    }
}

/// Layers of the spec, in the order the tree shows their top nodes.
fn layer_index(b: &Builder, node: usize) -> usize {
    b.draft
        .tree
        .nodes
        .iter()
        .take(node)
        .filter(|n| n.depth == 0 && Proto::of_field(n.field).is_some())
        .count()
}

fn tree_ui(ui: &mut egui::Ui, b: &mut Builder) {
    ui.strong("Layers");
    ui.weak("Enter applies a value; derived fields are recomputed unless pinned.");
    egui::ScrollArea::vertical()
        .id_salt("builder_tree")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("builder_fields")
                .num_columns(3)
                .striped(true)
                .show(ui, |ui| {
                    let count = b.draft.tree.nodes.len();
                    // The Frame pseudo-layer has nothing to edit.
                    let first = b
                        .draft
                        .tree
                        .nodes
                        .iter()
                        .position(|n| n.depth == 0 && n.field != crate::dissect::Field::Frame)
                        .unwrap_or(count);
                    for i in first..count {
                        let Some(n) = b.draft.tree.nodes.get(i).cloned() else {
                            continue;
                        };
                        if n.hidden || n.source != 0 {
                            continue;
                        }
                        if n.depth == 0 {
                            layer_row(ui, b, i, &n);
                        } else {
                            field_row(ui, b, i, &n);
                        }
                        ui.end_row();
                        if let Some(e) = b.errors.get(&i).cloned() {
                            ui.label("");
                            ui.colored_label(egui::Color32::RED, e);
                            ui.end_row();
                        }
                    }
                });
        });
}

fn layer_row(ui: &mut egui::Ui, b: &mut Builder, i: usize, n: &Node) {
    ui.strong(format::label(n));
    if Proto::of_field(n.field).is_none() {
        ui.label("");
        ui.label("");
        return;
    }
    let at = layer_index(b, i);
    ui.horizontal(|ui| {
        ui.menu_button("+ layer", |ui| {
            ui.weak("Add a layer after this one:");
            for p in Proto::every() {
                if ui.button(p.name()).clicked() {
                    b.add_layer(at, p);
                    ui.close();
                }
            }
        })
        .response
        .on_hover_text("Add a layer after this one");
        if ui
            .small_button("× remove")
            .on_hover_text("Remove this layer")
            .clicked()
        {
            b.remove_layer(at);
        }
    });
    ui.label("");
}

/// Wide enough for an IPv6 address in the monospace font.
const FIELD_WIDTH: f32 = 220.0;

fn field_row(ui: &mut egui::Ui, b: &mut Builder, i: usize, n: &Node) {
    let indent = "    ".repeat(usize::from(n.depth.saturating_sub(1)));
    let label = ui.label(format!("{indent}{}:", n.field.def().display));
    if let Some(why) = wire::not_editable(n) {
        let named = match n.value {
            Value::UInt(v) => crate::dissect::names::value_strings(n.field)
                .iter()
                .find(|(k, _)| *k == v)
                .map(|(_, name)| name.to_string()),
            _ => None,
        };
        let shown = named.unwrap_or_else(|| value_text(b, i, n));
        ui.weak(shown).on_hover_text(why);
        ui.label("");
        return;
    }
    let current = value_text(b, i, n);
    let text = b.editing.entry(i).or_insert(current);
    let bad = b.errors.contains_key(&i);
    let mut edit = egui::TextEdit::singleline(text)
        .desired_width(FIELD_WIDTH)
        .code_editor();
    if bad {
        edit = edit
            .background_color(INVALID)
            .text_color(egui::Color32::BLACK);
    }
    // A fixed cell: a grid column would otherwise clip a MAC or IPv6 address.
    let size = egui::vec2(FIELD_WIDTH, ui.spacing().interact_size.y);
    let r = ui.add_sized(size, edit).labelled_by(label.id);
    if r.changed() {
        b.check_field(i);
    }
    if r.lost_focus() && ui.input(|inp| inp.key_pressed(egui::Key::Enter)) {
        b.apply_field(i);
    }
    if !Draft::is_derived(n) {
        ui.label("");
        return;
    }
    let pinned = b.draft.is_pinned(i);
    let (text, hint) = if pinned {
        ("pinned", "Written as given; click to recompute it")
    } else {
        (
            "auto",
            "Recomputed after every edit; click to pin the value shown",
        )
    };
    if ui
        .selectable_label(pinned, text)
        .on_hover_text(hint)
        .clicked()
    {
        b.draft.set_pinned(i, !pinned);
        b.refresh_texts();
    }
}

fn hex_ui(ui: &mut egui::Ui, b: &mut Builder) {
    let changed: HashSet<usize> = b.draft.diff().into_iter().flatten().collect();
    let title = ui.horizontal(|ui| {
        let title = ui.strong(format!("Bytes ({})", b.draft.bytes.len()));
        ui.colored_label(CHANGED, format!("{} changed", changed.len()));
        if ui
            .small_button("Reset")
            .on_hover_text("Back to the original packet")
            .clicked()
        {
            let original = b.draft.original.clone();
            let link = b.draft.link;
            let send = b.send.clone();
            *b = Builder::new(link, original);
            b.send = send;
        }
        title
    });
    let title = title.inner.id;
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let text_color = ui.visuals().text_color();
    let mut layouter = |ui: &egui::Ui, buf: &dyn egui::TextBuffer, wrap: f32| {
        let job = highlighted(buf.as_str(), &changed, &font, text_color, wrap);
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let r = egui::ScrollArea::vertical()
        .id_salt("builder_hex")
        .max_height(ui.available_height() - 30.0)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut b.hex_text)
                    .code_editor()
                    .desired_width(f32::INFINITY)
                    .layouter(&mut layouter),
            )
            .labelled_by(title)
        })
        .inner;
    if r.changed() {
        b.apply_hex();
    }
    if let Some(e) = &b.hex_error {
        ui.colored_label(egui::Color32::RED, e);
    }
}

/// The hex text with changed bytes on an orange background.
fn highlighted(
    text: &str,
    changed: &HashSet<usize>,
    font: &egui::FontId,
    color: egui::Color32,
    wrap: f32,
) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    job.wrap.max_width = wrap;
    let plain = egui::TextFormat::simple(font.clone(), color);
    let marked = egui::TextFormat {
        background: CHANGED,
        color: egui::Color32::BLACK,
        ..plain.clone()
    };
    let mut byte = 0;
    let mut token = String::new();
    let flush = |job: &mut egui::text::LayoutJob, token: &mut String, byte: &mut usize| {
        if token.is_empty() {
            return;
        }
        let f = if changed.contains(byte) {
            &marked
        } else {
            &plain
        };
        job.append(token, 0.0, f.clone());
        token.clear();
        *byte += 1;
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut job, &mut token, &mut byte);
            job.append(&c.to_string(), 0.0, plain.clone());
        } else {
            token.push(c);
        }
    }
    flush(&mut job, &mut token, &mut byte);
    job
}

fn send_ui(ui: &mut egui::Ui, app: &WirelensApp, b: &mut Builder, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.strong("Send");
        let label = ui.label("Interface:");
        ui.add(egui::TextEdit::singleline(&mut b.send.interface).desired_width(110.0))
            .labelled_by(label.id);
        let label = ui.label("Count:");
        ui.add(egui::DragValue::new(&mut b.send.count).range(1..=1_000_000))
            .labelled_by(label.id);
        pace_ui(ui, &mut b.send.pace);
        let mut replies = b.send.replies_s.is_some();
        let check = ui.checkbox(&mut replies, "Match replies, waiting");
        if check.changed() {
            b.send.replies_s = replies.then_some(1.0);
        }
        if let Some(s) = &mut b.send.replies_s {
            ui.add(
                egui::DragValue::new(s)
                    .range(0.0..=60.0)
                    .suffix(" s")
                    .speed(0.1),
            )
            .labelled_by(check.id);
        }
    });
    ui.horizontal(|ui| match &app.jobs.send {
        Some(job) => {
            ui.add(
                egui::ProgressBar::new(job.job.fraction())
                    .desired_width(240.0)
                    .text("Sending…"),
            );
            if ui.button("■ Stop").clicked() {
                actions.push(Action::StopSend);
            }
        }
        None => {
            let ready = !b.send.interface.trim().is_empty() && !b.draft.bytes.is_empty();
            if ui
                .add_enabled(ready, egui::Button::new("▶ Send"))
                .on_disabled_hover_text("Name the interface to send on")
                .clicked()
            {
                actions.push(Action::SendFromBuilder);
            }
        }
    });
    let Some(outcome) = app
        .ui
        .last_send
        .as_ref()
        .filter(|o| o.origin == super::sending::SendOrigin::Builder)
    else {
        return;
    };
    super::replay_window::result_line(ui, &outcome.result);
    replies_ui(ui, b, outcome);
}

fn pace_ui(ui: &mut egui::Ui, pace: &mut SendPace) {
    let mut kind = match pace {
        SendPace::TopSpeed => 0,
        SendPace::Rate(_) => 1,
        SendPace::Interval(_) => 2,
    };
    let before = kind;
    ui.radio_value(&mut kind, 0, "top speed");
    let rate = ui.radio_value(&mut kind, 1, "packets/s").id;
    let interval = ui.radio_value(&mut kind, 2, "interval").id;
    if kind != before {
        *pace = match kind {
            0 => SendPace::TopSpeed,
            1 => SendPace::Rate(10.0),
            _ => SendPace::Interval(0.1),
        };
    }
    match pace {
        SendPace::Rate(r) => {
            ui.add(egui::DragValue::new(r).range(0.001..=10_000_000.0))
                .labelled_by(rate);
        }
        SendPace::Interval(s) => {
            ui.add(
                egui::DragValue::new(s)
                    .range(0.000_001..=3600.0)
                    .suffix(" s")
                    .speed(0.01),
            )
            .labelled_by(interval);
        }
        SendPace::TopSpeed => {}
    }
}

/// One line per probe: what was sent, what answered, the round trip; click one for its
/// layers.
fn replies_ui(ui: &mut egui::Ui, b: &mut Builder, outcome: &super::sending::SendOutcome) {
    if outcome.replies.is_empty() {
        return;
    }
    let answered = outcome.replies.iter().filter(|p| p.reply.is_some()).count();
    ui.label(format!(
        "Replies: {answered} of {} probes answered",
        outcome.replies.len()
    ));
    egui::ScrollArea::vertical()
        .id_salt("builder_replies")
        .max_height(140.0)
        .show(ui, |ui| {
            egui::Grid::new("replies").striped(true).show(ui, |ui| {
                ui.strong("#");
                ui.strong("Reply");
                ui.strong("RTT");
                ui.end_row();
                for (k, p) in outcome.replies.iter().enumerate() {
                    ui.label((k + 1).to_string());
                    match &p.reply {
                        Some((reply, rtt)) => {
                            let text = crate::dissect::summary_line(outcome.link, &reply.data);
                            if ui
                                .selectable_label(b.shown_reply == Some(k), text)
                                .clicked()
                            {
                                b.shown_reply = Some(k);
                            }
                            ui.label(format!("{:.3} ms", *rtt as f64 / 1e6));
                        }
                        None => {
                            ui.weak("unanswered");
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
            });
        });
    let shown = b
        .shown_reply
        .and_then(|k| outcome.replies.get(k))
        .and_then(|p| p.reply.as_ref());
    if let Some((reply, _)) = shown {
        let d = crate::craft::Draft::new(outcome.link, reply.data.clone());
        egui::CollapsingHeader::new("Reply layers")
            .default_open(true)
            .show(ui, |ui| {
                for n in d.tree.nodes.iter().filter(|n| !n.hidden && n.source == 0) {
                    ui.horizontal(|ui| {
                        ui.add_space(f32::from(n.depth) * 16.0);
                        ui.label(format::label(n));
                    });
                }
            });
    }
}
