//! A counter tree as tshark's "stats_tree" draws it (`-z http,tree`, `-z dns,tree`): nodes
//! with counts, optional averages, a rate over the tree's elapsed time, the share of the
//! parent, and the busiest 100 ms ("burst") per node.

use std::collections::VecDeque;

/// tshark's `statistics.st_burst_resolution` and `st_burst_windowlen` defaults (ms).
const BURST_RESOLUTION_MS: f64 = 5.0;
const BURST_WINDOW_MS: f64 = 100.0;

/// Index of a node in its tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeId(usize);

/// Whether a node averages values, and of which kind (they print differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Values {
    Count,
    Int,
    Float,
}

/// The busiest window of one node: buckets of `BURST_RESOLUTION_MS`, as Wireshark keeps them.
#[derive(Debug, Clone)]
struct Burst {
    /// (bucket number, count, time of its first packet in ms).
    buckets: VecDeque<(f64, i64, f64)>,
    in_window: i64,
    max: i64,
    start_ms: f64,
}

impl Default for Burst {
    fn default() -> Self {
        Burst {
            buckets: VecDeque::from([(0.0, 0, 0.0)]),
            in_window: 0,
            max: 0,
            start_ms: 0.0,
        }
    }
}

impl Burst {
    fn add(&mut self, now_ms: f64, value: i64) {
        let bucket = (now_ms / BURST_RESOLUTION_MS).floor();
        let window = BURST_WINDOW_MS / BURST_RESOLUTION_MS;
        let (Some(&(head, ..)), Some(&(tail, ..))) = (self.buckets.front(), self.buckets.back())
        else {
            return;
        };
        if bucket > tail {
            self.buckets.push_back((bucket, value, now_ms));
            self.in_window += value;
            while let Some(&(first, count, _)) = self.buckets.front() {
                if bucket < first + window {
                    break;
                }
                self.buckets.pop_front();
                self.in_window -= count;
            }
        } else if bucket < head {
            if bucket > tail - window {
                self.buckets.push_front((bucket, value, now_ms));
                self.in_window += value;
            }
        } else if let Some(b) = self.buckets.iter_mut().rev().find(|b| b.0 <= bucket) {
            b.1 += value;
            self.in_window += value;
        }
        if self.in_window > self.max {
            self.max = self.in_window;
            self.start_ms = self.buckets.front().map_or(0.0, |b| b.2);
        }
    }
}

#[derive(Debug, Clone)]
struct Node {
    name: String,
    parent: Option<usize>,
    children: Vec<usize>,
    count: i64,
    values: Values,
    total: f64,
    min: f64,
    max: f64,
    burst: Burst,
}

/// One statistics tree.
#[derive(Debug, Clone)]
pub struct StatsTree {
    title: String,
    nodes: Vec<Node>,
    roots: Vec<usize>,
    start_ms: Option<f64>,
    elapsed_ms: f64,
    now_ms: f64,
}

impl StatsTree {
    /// An empty tree printed under `title` (`DNS`).
    pub fn new(title: &str) -> Self {
        StatsTree {
            title: title.to_string(),
            nodes: Vec::new(),
            roots: Vec::new(),
            start_ms: None,
            elapsed_ms: 0.0,
            now_ms: 0.0,
        }
    }

    /// Starts a packet at `now_ms` after the first frame of the capture.
    pub fn packet(&mut self, now_ms: f64) {
        let start = *self.start_ms.get_or_insert(now_ms);
        self.now_ms = now_ms;
        self.elapsed_ms = now_ms - start;
    }

    /// Adds a node under `parent` (a top-level one for `None`).
    pub fn node(&mut self, parent: Option<NodeId>, name: &str) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            name: name.to_string(),
            parent: parent.map(|p| p.0),
            children: Vec::new(),
            count: 0,
            values: Values::Count,
            total: 0.0,
            min: f64::MAX,
            max: f64::MIN,
            burst: Burst::default(),
        });
        match parent.and_then(|p| self.nodes.get_mut(p.0)) {
            Some(p) => p.children.push(id),
            None => self.roots.push(id),
        }
        NodeId(id)
    }

    /// The child of `parent` named `name`, added when missing.
    pub fn child(&mut self, parent: NodeId, name: &str) -> NodeId {
        let found = self.nodes.get(parent.0).and_then(|p| {
            p.children
                .iter()
                .copied()
                .find(|&c| self.nodes.get(c).is_some_and(|n| n.name == name))
        });
        found.map_or_else(|| self.node(Some(parent), name), NodeId)
    }

    /// Counts one more for `id`.
    pub fn tick(&mut self, id: NodeId) {
        let now = self.now_ms;
        if let Some(n) = self.nodes.get_mut(id.0) {
            n.count += 1;
            n.burst.add(now, 1);
        }
    }

    /// Counts one for the pivot `parent` and for its child `name` (added when missing).
    pub fn tick_pivot(&mut self, parent: NodeId, name: &str) {
        self.tick(parent);
        let child = self.child(parent, name);
        self.tick(child);
    }

    /// Adds an integer sample to the average of `id`.
    pub fn add_int(&mut self, id: NodeId, value: i64) {
        self.add_value(id, value as f64, Values::Int);
    }

    /// Adds a floating-point sample to the average of `id`, kept in single precision as
    /// Wireshark keeps it.
    pub fn add_float(&mut self, id: NodeId, value: f64) {
        self.add_value(id, f64::from(value as f32), Values::Float);
    }

    fn add_value(&mut self, id: NodeId, value: f64, kind: Values) {
        let now = self.now_ms;
        if let Some(n) = self.nodes.get_mut(id.0) {
            n.values = kind;
            n.count += 1;
            n.total = match kind {
                Values::Float => f64::from((n.total as f32) + (value as f32)),
                _ => n.total + value,
            };
            n.min = n.min.min(value);
            n.max = n.max.max(value);
            n.burst.add(now, 1);
        }
    }

    /// The tree as `tshark -q -z …,tree` prints it.
    pub fn render(&self) -> String {
        let name_width = self.widest_name(&self.roots, 0).max(12) + 2;
        let width = name_width + 8 * 13 + 7;
        let mut out = format!("\n{}\n{}:\n", "=".repeat(width), self.title);
        let header = [
            "Count",
            "Average",
            "Min Val",
            "Max Val",
            "Rate (ms)",
            "Percent",
            "Burst Rate",
            "Burst Start",
        ];
        out.push_str(&row("Topic / Item", name_width, &header.map(String::from)));
        out.push_str(&"-".repeat(width));
        out.push('\n');
        for &r in &self.roots {
            self.render_node(&mut out, r, 0, name_width);
        }
        out.push('\n');
        out.push_str(&"-".repeat(width));
        out.push('\n');
        out
    }

    fn widest_name(&self, ids: &[usize], indent: usize) -> usize {
        ids.iter()
            .filter_map(|&i| self.nodes.get(i))
            .map(|n| {
                let own = indent + n.name.len();
                own.max(self.widest_name(&n.children, indent + 1))
            })
            .max()
            .unwrap_or(0)
    }

    fn render_node(&self, out: &mut String, id: usize, indent: usize, width: usize) {
        let Some(n) = self.nodes.get(id) else { return };
        let name = format!("{}{}", " ".repeat(indent), n.name);
        out.push_str(&row(&name, width, &self.cells(n)));
        let mut children = n.children.clone();
        // Most counted first; equal counts by name, descending (stats_tree's default order).
        children.sort_by(|&a, &b| {
            let (Some(a), Some(b)) = (self.nodes.get(a), self.nodes.get(b)) else {
                return std::cmp::Ordering::Equal;
            };
            b.count.cmp(&a.count).then_with(|| b.name.cmp(&a.name))
        });
        for c in children {
            self.render_node(out, c, indent + 1, width);
        }
    }

    fn cells(&self, n: &Node) -> [String; 8] {
        let averaged = n.values != Values::Count && n.count > 0;
        let (avg, min, max) = match (averaged, n.values) {
            (false, _) | (_, Values::Count) => (String::new(), String::new(), String::new()),
            (true, Values::Int) => (
                format!("{:.2}", n.total / n.count as f64),
                format!("{}", n.min as i64),
                format!("{}", n.max as i64),
            ),
            (true, Values::Float) => (
                format!("{:.2}", n.total / n.count as f64),
                format!("{:.6}", n.min),
                format!("{:.6}", n.max),
            ),
        };
        let rate = if self.elapsed_ms > 0.0 {
            format!("{:.4}", n.count as f64 / self.elapsed_ms)
        } else {
            String::new()
        };
        let percent = match n.parent.and_then(|p| self.nodes.get(p)) {
            None => "100%".to_string(),
            Some(p) if p.count > 0 => {
                format!("{:.2}%", (n.count as f64 * 100.0 / p.count as f64) as f32)
            }
            Some(_) => String::new(),
        };
        let (burst, burst_start) = if n.burst.max > 0 {
            (
                format!("{:.4}", n.burst.max as f64 / BURST_WINDOW_MS),
                format!("{:.3}", n.burst.start_ms / 1000.0),
            )
        } else {
            ("-".to_string(), "-".to_string())
        };
        [
            n.count.to_string(),
            avg,
            min,
            max,
            rate,
            percent,
            burst,
            burst_start,
        ]
    }
}

fn row(name: &str, width: usize, cells: &[String; 8]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| format!("{c:<13}")).collect();
    format!("{name:<width$}{}\n", cells.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_is_the_busiest_100_ms() {
        let mut b = Burst::default();
        for t in [0.0, 30.0, 250.0, 260.0, 270.0, 340.0, 500.0] {
            b.add(t, 1);
        }
        // 250, 260, 270 and 340 fall in the window starting at 250 ms.
        assert_eq!((b.max, b.start_ms), (4, 250.0));
    }

    #[test]
    fn children_by_count_then_name_descending() {
        let mut t = StatsTree::new("T");
        t.packet(0.0);
        let root = t.node(None, "All");
        for name in ["b", "a", "c", "a"] {
            t.tick_pivot(root, name);
        }
        let text = t.render();
        let order: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix(' '))
            .map(|l| l.split_whitespace().next().unwrap_or(""))
            .collect();
        assert_eq!(order, ["a", "c", "b"]);
    }
}
