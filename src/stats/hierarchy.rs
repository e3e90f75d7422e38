//! Protocol hierarchy: frames and bytes per protocol path, from interned stacks (no dissection).

use crate::dissect::tree::Tree;
use crate::session::{JobControl, Session};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// One protocol in the hierarchy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HierarchyNode {
    /// Protocol name (`tcp`).
    pub name: String,
    /// Frames containing this protocol path.
    pub frames: u64,
    /// Bytes (wire length) of those frames.
    pub bytes: u64,
    /// Protocols carried inside, by first appearance.
    pub children: Vec<HierarchyNode>,
}

impl HierarchyNode {
    fn child(&mut self, name: &str) -> &mut HierarchyNode {
        let at = match self.children.iter().position(|c| c.name == name) {
            Some(i) => i,
            None => {
                self.children.push(HierarchyNode {
                    name: name.into(),
                    ..Default::default()
                });
                self.children.len() - 1
            }
        };
        &mut self.children[at]
    }
}

/// Builds the hierarchy of `selected` packets (all when `None`). The `ethertype` pseudo-layer
/// is left out, as tshark does.
pub fn protocol_hierarchy(s: &Session, selected: Option<&[usize]>) -> HierarchyNode {
    // Count per stack first: O(packets) with a tiny map, then O(stacks) to build the tree.
    let mut per_stack: BTreeMap<u16, (u64, u64)> = BTreeMap::new();
    let mut add = |i: usize| {
        if let Some(r) = s.record(i) {
            let e = per_stack.entry(r.stack).or_default();
            e.0 += 1;
            e.1 += u64::from(r.orig_len);
        }
    };
    match selected {
        Some(list) => list.iter().for_each(|&i| add(i)),
        None => (0..s.len()).for_each(add),
    }
    let mut root = HierarchyNode {
        name: "frame".into(),
        ..Default::default()
    };
    // Stack ids are given in order of first appearance, which is tshark's order too.
    for (id, (frames, bytes)) in per_stack {
        root.frames += frames;
        root.bytes += bytes;
        let mut node = &mut root;
        for name in s
            .stacks
            .get(id)
            .iter()
            .skip(1)
            .filter(|n| **n != "ethertype")
        {
            node = node.child(name);
            node.frames += frames;
            node.bytes += bytes;
        }
    }
    root
}

/// The top-level items of a dissected packet after the frame, as `tshark -z io,phs` walks
/// them: protocols, and items such as `tcp.segments` or `_ws.short` that sit beside them.
/// tshark's tap sees the reassembled-segments item where TCP first put it, after the layers
/// of the reassembled PDU and before those of the segment's own remaining bytes (the layer
/// tree shows it moved up, before them).
pub fn top_level(tree: &Tree) -> Vec<&'static str> {
    use crate::dissect::Field;
    use crate::dissect::field::Kind;
    let mut items: Vec<(Field, u8)> = tree
        .nodes
        .iter()
        .filter(|n| n.depth == 0)
        .filter(|n| match n.field {
            Field::TcpSegments | Field::Short => true,
            Field::Expert => false,
            f => f.def().kind == Kind::Protocol,
        })
        .map(|n| (n.field, n.source))
        .skip(1)
        .collect();
    if let Some(at) = items.iter().position(|(f, _)| *f == Field::TcpSegments) {
        let pdu_layers = items
            .iter()
            .skip(at + 1)
            .take_while(|(_, source)| *source != 0)
            .count();
        let item = items.remove(at);
        items.insert(at + pdu_layers, item);
    }
    items.into_iter().map(|(f, _)| f.name()).collect()
}

/// One packet's wire length and top-level items.
type Path = (u64, Vec<&'static str>);

/// The hierarchy of `packets` (0-based, ascending) from their dissection trees, exactly as
/// tshark's `-z io,phs` counts it; `None` if cancelled.
pub fn dissected_hierarchy(
    s: &Session,
    packets: &[usize],
    control: &JobControl,
) -> Option<HierarchyNode> {
    let paths: Vec<Path> = super::per_packet(packets, control, |i| {
        let len = u64::from(s.record(i)?.orig_len);
        Some((len, top_level(&s.dissect(i, false).ok()?.tree)))
    })?;
    // Distinct paths in order of first appearance keep tshark's child order.
    let mut order: Vec<Vec<&'static str>> = Vec::new();
    let mut counts: HashMap<Vec<&'static str>, (u64, u64)> = HashMap::default();
    for (len, path) in paths {
        let c = counts.entry(path.clone()).or_insert_with(|| {
            order.push(path);
            (0, 0)
        });
        c.0 += 1;
        c.1 += len;
    }
    let mut root = HierarchyNode {
        name: "frame".into(),
        ..Default::default()
    };
    for path in order {
        let (frames, bytes) = counts.get(&path).copied().unwrap_or_default();
        root.frames += frames;
        root.bytes += bytes;
        let mut node = &mut root;
        for name in path {
            node = node.child(name);
            node.frames += frames;
            node.bytes += bytes;
        }
    }
    Some(root)
}

/// Renders the hierarchy like `tshark -q -z io,phs`.
pub fn render(root: &HierarchyNode, filter: Option<&str>) -> String {
    let mut out = format!(
        "\n===================================================================\nProtocol Hierarchy Statistics\nFilter: {}\n\n",
        filter.unwrap_or("")
    );
    fn walk(n: &HierarchyNode, depth: usize, out: &mut String) {
        let name = format!("{}{}", "  ".repeat(depth), n.name);
        out.push_str(&format!(
            "{name:<40} frames:{} bytes:{}\n",
            n.frames, n.bytes
        ));
        for c in &n.children {
            walk(c, depth + 1, out);
        }
    }
    for c in &root.children {
        walk(c, 0, &mut out);
    }
    out.push_str("===================================================================\n");
    out
}
