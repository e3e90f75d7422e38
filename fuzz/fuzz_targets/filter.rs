//! Any text as a display filter: compile errors point inside the text; compiled filters
//! evaluate without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wirelens::dissect::{FrameContext, FrameInfo, LinkType, dissect};
use wirelens::filter::Filter;

const FRAME: &[u8] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 8, 0, 0x45, 0, 0, 40, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0,
    0, 1, 10, 0, 0, 2, 0x9c, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 2, 0xff, 0xff, 0, 0, 0, 0,
];

fuzz_target!(|text: &str| {
    match Filter::compile(text) {
        Ok(f) => {
            let info = FrameInfo {
                number: 1,
                timestamped: true,
                ts_ns: 0,
                rel_ns: 0,
                delta_ns: 0,
                orig_len: FRAME.len() as u32,
                link: LinkType::ETHERNET,
                interface: 0,
            };
            let d = dissect(&info, FRAME, &FrameContext::default(), false);
            let _ = f.matches(&d.tree, FRAME);
        }
        Err(e) => {
            assert!(e.span.start <= text.len());
            let _ = e.render(text);
        }
    }
});
