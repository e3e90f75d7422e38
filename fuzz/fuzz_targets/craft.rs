//! Any text as a packet spec: errors point inside the text; specs that parse build without
//! panicking and print back to a spec that parses. Any bytes as a captured packet: the spec
//! made from them rebuilds them exactly, and an edit of any field never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wirelens::craft::{self, Draft};
use wirelens::dissect::LinkType;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match craft::parse(text) {
            Ok(spec) => {
                for k in 0..3 {
                    let _ = craft::build(&spec, k, 7);
                }
                let printed = spec.to_string();
                assert!(craft::parse(&printed).is_ok(), "{printed}");
            }
            Err(e) => {
                if let Some(span) = &e.span {
                    assert!(span.start <= text.len());
                }
                let _ = e.render(text);
            }
        }
    }
    let spec = craft::from_packet::spec_of(LinkType::ETHERNET, data);
    let rebuilt = craft::parse(&spec.to_string()).and_then(|s| craft::build(&s, 0, 0));
    assert_eq!(rebuilt.ok().as_deref(), Some(data));
    let mut draft = Draft::new(LinkType::ETHERNET, data.to_vec());
    let n = draft.tree.nodes.len();
    if n > 0 {
        let node = usize::from(data.first().copied().unwrap_or(0)) % n;
        let _ = draft.set_text(node, "1");
        let _ = draft.set_text(node, "\"x\"");
    }
});
