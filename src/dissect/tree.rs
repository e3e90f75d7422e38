//! The dissection tree: a flat pre-order list of nodes with depths, byte ranges and values,
//! plus expert notes and the summary columns.

use super::field::Field;
use super::value::Value;
use std::ops::Range;
use std::sync::Arc;

/// One node of the layer tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// Which field this is.
    pub field: Field,
    /// Its value.
    pub value: Value,
    /// Its bytes inside `source`.
    pub range: Range<usize>,
    /// 0 = the frame itself, n = `Tree::sources[n - 1]` (reassembled data).
    pub source: u8,
    /// Nesting depth (0 = a top-level protocol).
    pub depth: u8,
    /// A custom label; `None` means "derive it from the field and value".
    pub label: Option<Box<str>>,
    /// Present for filtering and `-T fields` but not shown in the tree (`ip.addr`, `tcp.port`).
    pub hidden: bool,
}

/// How serious an expert note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Informational (e.g. a reassembled PDU).
    Chat,
    /// Worth noticing (e.g. a retransmission).
    Note,
    /// Something is wrong but dissection went on (bad checksum).
    Warning,
    /// Malformed or truncated data.
    Error,
}

impl Severity {
    /// Wireshark's name (`Chat`, `Note`, `Warning`, `Error`).
    pub fn name(self) -> &'static str {
        match self {
            Severity::Chat => "Chat",
            Severity::Note => "Note",
            Severity::Warning => "Warning",
            Severity::Error => "Error",
        }
    }

    /// Wireshark's `_ws.expert.severity` value.
    pub fn code(self) -> u64 {
        match self {
            Severity::Chat => 0x0020_0000,
            Severity::Note => 0x0040_0000,
            Severity::Warning => 0x0060_0000,
            Severity::Error => 0x0080_0000,
        }
    }
}

/// What an expert note is about (Wireshark's expert groups).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// A checksum is wrong.
    Checksum,
    /// Sequence numbers: retransmissions, gaps, windows, connection setup and teardown.
    Sequence,
    /// A response code.
    ResponseCode,
    /// A request code.
    RequestCode,
    /// Data left undecoded.
    Undecoded,
    /// Reassembly problems.
    Reassemble,
    /// Malformed or truncated data.
    Malformed,
    /// A protocol rule broken.
    Protocol,
    /// A security weakness (a method open to attack).
    Security,
    /// Decryption failed or was not possible.
    Decryption,
}

impl Group {
    /// Wireshark's name (`Sequence`, `Malformed`, …).
    pub fn name(self) -> &'static str {
        match self {
            Group::Checksum => "Checksum",
            Group::Sequence => "Sequence",
            Group::ResponseCode => "Response",
            Group::RequestCode => "Request",
            Group::Undecoded => "Undecoded",
            Group::Reassemble => "Reassemble",
            Group::Malformed => "Malformed",
            Group::Protocol => "Protocol",
            Group::Security => "Security",
            Group::Decryption => "Decryption",
        }
    }

    /// Wireshark's `_ws.expert.group` value.
    pub fn code(self) -> u64 {
        let n: u64 = match self {
            Group::Checksum => 1,
            Group::Sequence => 2,
            Group::ResponseCode => 3,
            Group::RequestCode => 4,
            Group::Undecoded => 5,
            Group::Reassemble => 6,
            Group::Malformed => 7,
            Group::Protocol => 9,
            Group::Security => 10,
            Group::Decryption => 12,
        };
        n << 24
    }
}

/// An expert note attached to the packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertNote {
    /// How serious it is.
    pub severity: Severity,
    /// What it is about.
    pub group: Group,
    /// The layer it concerns, e.g. `tcp`.
    pub layer: &'static str,
    /// What happened.
    pub message: String,
    /// Bytes concerned (in the frame).
    pub range: Range<usize>,
}

/// How a truncation note starts (see [`Tree::truncated`]).
pub const TRUNCATED: &str = "Truncated ";

/// What kind of expert note to add: severity, group, layer and the note's own field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expert {
    /// How serious it is.
    pub severity: Severity,
    /// What it is about.
    pub group: Group,
    /// The layer it concerns.
    pub layer: &'static str,
    /// Wireshark's field for this note (e.g. `tcp.analysis.retransmission`), if any.
    pub field: Option<Field>,
}

/// Extra bytes a node can point into (reassembled PDUs, decompressed bodies).
#[derive(Debug, Clone)]
pub struct DataSource {
    /// Tab name, e.g. `Reassembled TCP (1514 bytes)`.
    pub name: String,
    /// The bytes.
    pub bytes: Arc<[u8]>,
}

/// The summary columns of the packet list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Protocol column (`TCP`, `DNS`, `TLSv1.2`).
    pub protocol: String,
    /// Source column.
    pub source: String,
    /// Destination column.
    pub destination: String,
    /// Info column.
    pub info: String,
}

/// Layers kept inline; deeper stacks (many PDUs in one segment, tunnels) spill to the heap.
const INLINE_LAYERS: usize = 12;

/// The protocol layers of a frame, without an allocation for ordinary depths.
#[derive(Debug, Clone)]
pub struct ProtoStack {
    inline: [&'static str; INLINE_LAYERS],
    len: u8,
    spilled: Vec<&'static str>,
}

impl Default for ProtoStack {
    fn default() -> Self {
        ProtoStack {
            inline: [""; INLINE_LAYERS],
            len: 0,
            spilled: Vec::new(),
        }
    }
}

impl ProtoStack {
    /// Appends a layer name.
    pub fn push(&mut self, name: &'static str) {
        if self.spilled.is_empty() {
            if let Some(slot) = self.inline.get_mut(usize::from(self.len)) {
                *slot = name;
                self.len += 1;
                return;
            }
            self.spilled.extend_from_slice(&self.inline);
        }
        self.spilled.push(name);
    }
}

impl std::ops::Deref for ProtoStack {
    type Target = [&'static str];

    fn deref(&self) -> &[&'static str] {
        if self.spilled.is_empty() {
            self.inline.get(..usize::from(self.len)).unwrap_or(&[])
        } else {
            &self.spilled
        }
    }
}

/// The complete result of dissecting one frame.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// Nodes in pre-order.
    pub nodes: Vec<Node>,
    /// Expert notes.
    pub notes: Vec<ExpertNote>,
    /// Extra data sources (see [`Node::source`]).
    pub sources: Vec<DataSource>,
    /// Summary columns (filled only when text is wanted).
    pub summary: Summary,
    /// Protocol names in order, as `frame.protocols` lists them.
    pub protocols: ProtoStack,
    /// Whether labels and summary text are produced (off for filtering and indexing).
    pub want_text: bool,
    /// Indexing and the packet list only need the protocol stack, notes and summary: no nodes
    /// are stored.
    pub index_mode: bool,
    /// Whether node labels are built (the layer tree); the summary alone does not need them.
    pub want_labels: bool,
    /// For protocol nodes whose bytes reach past their header: (node, end of the layer's data).
    /// Filters (`tcp contains …`, `ip[0:4]`) see the whole layer; the tree highlights the header.
    pub extents: Vec<(usize, usize)>,
    /// Inside the datagram an ICMP error quotes: notes there show in the tree only (as in
    /// Wireshark, they do not count among the packet's expert information), errors aside.
    pub in_error_packet: bool,
    depth: u8,
    source: u8,
}

impl Tree {
    /// An empty tree; `want_text` turns on labels and the summary.
    pub fn new(want_text: bool) -> Self {
        Self {
            want_text,
            want_labels: want_text,
            nodes: Vec::with_capacity(64),
            ..Self::default()
        }
    }

    /// Adds a leaf at the current depth; returns its index.
    pub fn add(&mut self, field: Field, range: Range<usize>, value: Value) -> usize {
        if self.index_mode {
            return usize::MAX;
        }
        // A layer that starts past the end of short data gets an empty range, never an inverted one.
        let range = range.start..range.end.max(range.start);
        self.nodes.push(Node {
            field,
            value,
            range,
            source: self.source,
            depth: self.depth,
            label: None,
            hidden: false,
        });
        self.nodes.len() - 1
    }

    /// Adds a hidden leaf (filterable, not displayed).
    pub fn add_hidden(&mut self, field: Field, range: Range<usize>, value: Value) {
        let i = self.add(field, range, value);
        if let Some(n) = self.nodes.get_mut(i) {
            n.hidden = true;
        }
    }

    /// Adds a field and, right after it, the hidden field that matches either side
    /// (`ip.src` + `ip.addr`, `tcp.srcport` + `tcp.port`).
    pub fn add_aliased(&mut self, field: Field, alias: Field, range: Range<usize>, value: Value) {
        self.add(field, range.clone(), value.clone());
        self.add_hidden(alias, range, value);
    }

    /// Adds a node and makes following nodes its children until [`Tree::close`].
    pub fn open(&mut self, field: Field, range: Range<usize>, value: Value) -> usize {
        let i = self.add(field, range, value);
        self.depth = self.depth.saturating_add(1);
        i
    }

    /// Opens a protocol layer and records it for `frame.protocols`.
    pub fn open_protocol(&mut self, field: Field, range: Range<usize>) -> usize {
        self.protocols.push(field.name());
        self.open(field, range, Value::None)
    }

    /// Ends the children of the last opened node.
    pub fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Current depth (for restoring after an early return).
    pub fn depth(&self) -> u8 {
        self.depth
    }

    /// Restores a depth saved with [`Tree::depth`].
    pub fn set_depth(&mut self, depth: u8) {
        self.depth = depth;
    }

    /// Sets a custom label, computing it only when text is wanted.
    pub fn label(&mut self, node: usize, text: impl FnOnce() -> String) {
        if self.want_labels
            && let Some(n) = self.nodes.get_mut(node)
        {
            n.label = Some(text().into_boxed_str());
        }
    }

    /// Moves the end of a node's range (a layer whose length is known only after parsing).
    pub fn set_end(&mut self, node: usize, end: usize) {
        if let Some(n) = self.nodes.get_mut(node) {
            n.range.end = end.max(n.range.start);
        }
    }

    /// Records that protocol `node`'s data reaches `end` (beyond its header).
    pub fn set_extent(&mut self, node: usize, end: usize) {
        if node == usize::MAX {
            return;
        }
        self.extents.push((node, end));
    }

    /// The bytes a protocol layer covers for filters: its header and everything it carries.
    pub fn extent(&self, node: usize) -> Option<Range<usize>> {
        let n = self.nodes.get(node)?;
        let end = self
            .extents
            .iter()
            .rev()
            .find(|(i, _)| *i == node)
            .map_or(n.range.end, |(_, e)| *e);
        Some(n.range.start..end.max(n.range.start))
    }

    /// Adds an expert note (an error is about malformed data, anything else about the
    /// protocol).
    pub fn note(
        &mut self,
        severity: Severity,
        layer: &'static str,
        range: Range<usize>,
        message: String,
    ) {
        let group = if severity == Severity::Error {
            Group::Malformed
        } else {
            Group::Protocol
        };
        self.expert(
            Expert {
                severity,
                group,
                layer,
                field: None,
            },
            range,
            message,
        );
    }

    /// Adds an expert note and, as Wireshark does, its `_ws.expert` item (with the note's own
    /// field, when it has one) at the current place in the tree.
    pub fn expert(&mut self, e: Expert, range: Range<usize>, message: String) {
        if self.index_mode && e.severity != Severity::Error {
            // Indexing keeps only what marks a packet malformed.
            return;
        }
        let at = range.start..range.start;
        let node = self.open(Field::Expert, at.clone(), Value::None);
        if self.want_text {
            let label = format!(
                "Expert Info ({}/{}): {message}",
                e.severity.name(),
                e.group.name()
            );
            self.label(node, || label);
        }
        if let Some(field) = e.field {
            self.add(field, at.clone(), Value::None);
        }
        self.add(
            Field::ExpertMessage,
            at.clone(),
            Value::Str(message.clone().into()),
        );
        self.add(
            Field::ExpertSeverity,
            at.clone(),
            Value::UInt(e.severity.code()),
        );
        self.add(Field::ExpertGroup, at, Value::UInt(e.group.code()));
        self.close();
        if self.in_error_packet && e.severity != Severity::Error {
            return;
        }
        self.notes.push(ExpertNote {
            severity: e.severity,
            group: e.group,
            layer: e.layer,
            message,
            range,
        });
    }

    /// Records that `layer` needed bytes up to `needed_end` but the frame has only `have`
    /// (the frame's end turns this into Wireshark's short-frame or malformed-packet item).
    pub fn truncated(&mut self, layer: &'static str, needed_end: usize, have: usize) {
        self.notes.push(ExpertNote {
            severity: Severity::Error,
            group: Group::Malformed,
            layer,
            message: format!("{TRUNCATED}{layer}: needed {needed_end} bytes, frame has {have}"),
            range: have..have,
        });
    }

    /// True when notes below error severity are kept (not while indexing): callers skip
    /// building their text otherwise.
    pub fn keeps_notes(&self) -> bool {
        !self.index_mode
    }

    /// Adds a data source and makes the following nodes point into it.
    pub fn push_source(&mut self, name: String, bytes: Arc<[u8]>) {
        self.sources.push(DataSource { name, bytes });
        self.source = u8::try_from(self.sources.len()).unwrap_or(u8::MAX);
    }

    /// Makes the following nodes point into the frame again.
    pub fn pop_source(&mut self) {
        self.source = 0;
    }

    /// True when any note is an error (malformed/truncated).
    pub fn is_malformed(&self) -> bool {
        self.notes.iter().any(|n| n.severity == Severity::Error)
    }

    /// The bytes `node` covers, from the frame or the data source it points into.
    pub fn node_bytes<'a>(&'a self, node: usize, frame: &'a [u8]) -> &'a [u8] {
        let Some(n) = self.nodes.get(node) else {
            return &[];
        };
        let data: &[u8] = match n.source {
            0 => frame,
            s => self
                .sources
                .get(usize::from(s) - 1)
                .map_or(&[], |d| &d.bytes),
        };
        let end = n.range.end.min(data.len());
        data.get(n.range.start.min(end)..end).unwrap_or(&[])
    }

    /// `frame.protocols`: the layers after the frame, joined by colons.
    pub fn frame_protocols(&self) -> String {
        self.protocols
            .iter()
            .skip(1)
            .copied()
            .collect::<Vec<_>>()
            .join(":")
    }

    /// Every occurrence of `field` as `tshark -T fields` prints it.
    pub fn texts<'a>(&'a self, field: Field, frame: &'a [u8]) -> impl Iterator<Item = String> + 'a {
        self.nodes
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.field == field)
            .map(move |(i, n)| match n.value {
                Value::Span => super::value::format_hex(self.node_bytes(i, frame)),
                Value::None if field == Field::FrameProtocols => self.frame_protocols(),
                ref v => super::format::field_text(field, v),
            })
    }

    /// Indices of the direct children of `node`.
    pub fn children(&self, node: usize) -> Vec<usize> {
        let Some(parent) = self.nodes.get(node) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, n) in self.nodes.iter().enumerate().skip(node + 1) {
            if n.depth <= parent.depth {
                break;
            }
            if n.depth == parent.depth + 1 {
                out.push(i);
            }
        }
        out
    }

    /// The fields of layer `node`: the nodes under it, up to the next layer, whether that is
    /// beside it or nested inside it (the datagram an ICMP error quotes).
    pub fn layer_fields(&self, node: usize) -> impl Iterator<Item = (usize, &Node)> {
        let base = self.nodes.get(node).map_or(u8::MAX, |n| n.depth);
        self.nodes
            .iter()
            .enumerate()
            .skip(node + 1)
            .take_while(move |(_, n)| {
                n.depth > base
                    && !(n.depth == base + 1
                        && n.field != Field::Expert
                        && n.field.def().kind == super::field::Kind::Protocol)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_stacks_spill_without_losing_layers() {
        const NAMES: [&str; 3] = ["eth", "ip", "dns"];
        let mut s = ProtoStack::default();
        for i in 0..40 {
            s.push(NAMES[i % 3]);
        }
        assert_eq!(s.len(), 40);
        assert!(s.iter().enumerate().all(|(i, n)| *n == NAMES[i % 3]));
    }

    #[test]
    fn inverted_ranges_are_made_empty() {
        let mut t = Tree::new(false);
        let (start, end) = (10, 4);
        let i = t.add(Field::Tcp, start..end, Value::None);
        assert_eq!(t.nodes[i].range, 10..10);
    }
}
