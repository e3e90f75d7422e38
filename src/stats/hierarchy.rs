//! Protocol hierarchy: frames and bytes per protocol path, from interned stacks (no dissection).

use crate::session::Session;
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

/// Renders the hierarchy like `tshark -q -z io,phs`.
pub fn render(root: &HierarchyNode) -> String {
    let mut out = String::from(
        "\n===================================================================\nProtocol Hierarchy Statistics\nFilter: \n\n",
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
