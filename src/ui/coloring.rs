//! Colouring rules for the packet list: Wireshark's defaults (with the fields wirelens
//! dissects), editable, persisted; the first enabled rule whose filter matches colours a row.

use crate::dissect::tree::Tree;
use crate::filter::{Filter, TreeSource};
use egui::Color32;

/// One rule.
#[derive(Debug, Clone)]
pub struct ColoringRule {
    /// Shown in the editor.
    pub name: String,
    /// Display filter text.
    pub filter: String,
    /// Row background.
    pub background: Color32,
    /// Row text.
    pub foreground: Color32,
    /// Used when true.
    pub enabled: bool,
    /// The compiled filter (`None` when the text does not compile).
    compiled: Option<Filter>,
}

impl ColoringRule {
    /// A rule; its filter is compiled now.
    pub fn new(name: &str, filter: &str, background: Color32, foreground: Color32) -> Self {
        ColoringRule {
            name: name.into(),
            filter: filter.into(),
            background,
            foreground,
            enabled: true,
            compiled: Filter::compile(filter).ok(),
        }
    }

    /// Compiles the filter text again (after an edit); false when it does not compile.
    pub fn recompile(&mut self) -> bool {
        self.compiled = Filter::compile(&self.filter).ok();
        self.compiled.is_some()
    }

    /// True when the filter compiles.
    pub fn is_valid(&self) -> bool {
        self.compiled.is_some()
    }
}

/// The ordered rule list.
#[derive(Debug, Clone)]
pub struct ColoringRules {
    /// Rules, first match wins.
    pub rules: Vec<ColoringRule>,
    /// Colour rows at all (View ▸ Colorize Packet List).
    pub enabled: bool,
}

/// Wireshark writes colours as 16-bit channels.
const fn rgb16(r: u16, g: u16, b: u16) -> Color32 {
    Color32::from_rgb((r / 257) as u8, (g / 257) as u8, (b / 257) as u8)
}

const DARK_TEXT: Color32 = rgb16(4626, 10023, 11822);

impl ColoringRules {
    /// Wireshark 4.0's default rules, restricted to fields wirelens knows, plus DNS, TLS and
    /// malformed packets.
    pub fn wireshark_defaults() -> Self {
        let rule = ColoringRule::new;
        let rules = vec![
            rule(
                "Malformed",
                "_ws.malformed",
                rgb16(42148, 0, 0),
                rgb16(65535, 64764, 40092),
            ),
            rule(
                "Checksum Errors",
                "ip.checksum.status == \"Bad\" || tcp.checksum.status == \"Bad\" || \
                 udp.checksum.status == \"Bad\"",
                DARK_TEXT,
                rgb16(63479, 34695, 34695),
            ),
            rule(
                "ICMP errors",
                "icmp.type in {3..5, 11} || icmpv6.type in {1..4}",
                DARK_TEXT,
                rgb16(47031, 63479, 29812),
            ),
            rule("ARP", "arp", rgb16(64250, 61680, 55255), DARK_TEXT),
            rule(
                "ICMP",
                "icmp || icmpv6",
                rgb16(64764, 57568, 65535),
                DARK_TEXT,
            ),
            rule(
                "TCP RST",
                "tcp.flags.reset == 1",
                rgb16(42148, 0, 0),
                rgb16(65535, 64764, 40092),
            ),
            rule(
                "TTL low or unexpected",
                "ip.dst != 224.0.0.0/4 && ip.ttl < 5",
                rgb16(42148, 0, 0),
                rgb16(60652, 61680, 60395),
            ),
            rule(
                "HTTP",
                "http || tcp.port == 80",
                rgb16(58596, 65535, 51143),
                DARK_TEXT,
            ),
            // Not a Wireshark default; its own colour, apart from UDP's.
            rule("TLS", "tls", Color32::from_rgb(0xd4, 0xe4, 0xf7), DARK_TEXT),
            rule("DNS", "dns", rgb16(65278, 65535, 53456), DARK_TEXT),
            rule(
                "TCP SYN/FIN",
                "tcp.flags.syn == 1 || tcp.flags.fin == 1",
                rgb16(41120, 41120, 41120),
                DARK_TEXT,
            ),
            rule("TCP", "tcp", rgb16(59367, 59367, 65535), DARK_TEXT),
            rule("UDP", "udp", rgb16(56026, 61166, 65535), DARK_TEXT),
            rule(
                "Broadcast",
                "eth.dst == ff:ff:ff:ff:ff:ff",
                rgb16(65535, 65535, 65535),
                rgb16(47802, 48573, 46774),
            ),
        ];
        ColoringRules {
            rules,
            enabled: true,
        }
    }

    /// The colours of the first enabled rule matching a dissected frame.
    pub fn colors_for(&self, tree: &Tree, frame: &[u8]) -> Option<(Color32, Color32)> {
        if !self.enabled {
            return None;
        }
        let source = TreeSource { tree, frame };
        self.rules
            .iter()
            .filter(|r| r.enabled)
            .find(|r| {
                r.compiled
                    .as_ref()
                    .is_some_and(|f| f.eval(&source).unwrap_or(false))
            })
            .map(|r| (r.background, r.foreground))
    }

    /// The rules as settings-file lines: `enabled⇥name⇥background⇥foreground⇥filter`.
    pub fn to_lines(&self) -> Vec<String> {
        self.rules
            .iter()
            .map(|r| {
                format!(
                    "{}\t{}\t{}\t{}\t{}",
                    u8::from(r.enabled),
                    r.name,
                    hex(r.background),
                    hex(r.foreground),
                    r.filter
                )
            })
            .collect()
    }

    /// Rules read back from [`ColoringRules::to_lines`]; malformed lines are skipped.
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Self {
        let rules = lines
            .into_iter()
            .filter_map(|line| {
                let mut parts = line.splitn(5, '\t');
                let enabled = parts.next()? == "1";
                let name = parts.next()?;
                let background = parse_hex(parts.next()?)?;
                let foreground = parse_hex(parts.next()?)?;
                let filter = parts.next()?;
                let mut r = ColoringRule::new(name, filter, background, foreground);
                r.enabled = enabled;
                Some(r)
            })
            .collect();
        ColoringRules {
            rules,
            enabled: true,
        }
    }
}

fn hex(c: Color32) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b())
}

fn parse_hex(s: &str) -> Option<Color32> {
    let s = s.strip_prefix('#')?;
    let v = u32::from_str_radix(s, 16).ok()?;
    (s.len() == 6).then(|| Color32::from_rgb((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

#[cfg(test)]
mod tests {
    use super::ColoringRules;

    #[test]
    fn every_default_rule_compiles() {
        for r in ColoringRules::wireshark_defaults().rules {
            assert!(r.is_valid(), "{}: {}", r.name, r.filter);
        }
    }

    #[test]
    fn rules_survive_the_settings_file() {
        let mut rules = ColoringRules::wireshark_defaults();
        rules.rules[2].enabled = false;
        let lines = rules.to_lines();
        let back = ColoringRules::from_lines(lines.iter().map(String::as_str));
        assert_eq!(back.to_lines(), lines);
        assert!(!back.rules[2].enabled);
    }
}
