//! Any bytes as a capture file: the reader must never panic, and every packet it yields must
//! index and dissect.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wirelens::pcapfile::{Reader, Source};
use wirelens::store::Indexer;

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = Reader::from_source(
        Source::from_bytes(data.to_vec()),
        std::path::Path::new("fuzz"),
    ) else {
        return;
    };
    let mut indexer = Indexer::new(reader);
    indexer.run();
    let session = wirelens::session::Session::from_indexer(std::path::Path::new("fuzz"), indexer);
    for i in 0..session.len() {
        let _ = session.dissect(i, true);
    }
});
