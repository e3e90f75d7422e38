//! Any bytes as a frame of any link type, with and without text: no panic, sane ranges.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wirelens::dissect::{
    FrameContext, FrameInfo, LinkType, dissect, dissect_for_index, dissect_summary,
};

fuzz_target!(|input: (u8, &[u8])| {
    let (link_pick, data) = input;
    const LINKS: [u32; 12] = [0, 1, 12, 101, 105, 108, 113, 127, 226, 228, 229, 276];
    let link = LinkType(LINKS[usize::from(link_pick) % LINKS.len()]);
    let info = FrameInfo {
        number: 1,
        timestamped: true,
        ts_ns: 0,
        rel_ns: 0,
        delta_ns: 0,
        orig_len: data.len() as u32,
        link,
        interface: 0,
    };
    let ctx = FrameContext::default();
    let d = dissect(&info, data, &ctx, true);
    for (i, n) in d.tree.nodes.iter().enumerate() {
        assert!(n.range.start <= n.range.end);
        let _ = wirelens::dissect::format::label(n);
        let _ = d.tree.node_bytes(i, data);
    }
    let _ = dissect_summary(&info, data, &ctx);
    let _ = dissect_for_index(&info, data, &ctx);
});
