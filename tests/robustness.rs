//! Hostile and damaged input: nothing panics, truncated files keep every complete packet and say
//! where they stopped.

use std::path::Path;
use wirelens::filter::Filter;
use wirelens::pcapfile::{ReadProgress, Reader, Source};
use wirelens::session::Session;

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/tcpdump")
}

#[test]
fn every_corpus_packet_dissects_with_text_and_filters_without_panic() {
    let filter =
        Filter::compile("tcp.port == 80 || dns || frame contains 00:01 || ip.addr == 10.0.0.0/8")
            .expect("filter");
    let mut packets = 0;
    let mut files = 0;
    let mut entries: Vec<_> = std::fs::read_dir(corpus())
        .expect("corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pcap" || e == "pcapng"))
    {
        let Ok(session) = Session::open(path) else {
            continue;
        };
        files += 1;
        for i in 0..session.len() {
            let d = session.dissect(i, true).expect("bytes readable");
            // Labels of every node must render.
            for n in &d.tree.nodes {
                let _ = wirelens::dissect::format::label(n);
            }
            packets += 1;
        }
        let _ = session.filter(&filter);
        let _ = wirelens::stats::protocol_hierarchy(&session, None);
    }
    assert!(files >= 820, "{files} files opened");
    assert!(packets >= 10_000, "{packets} packets");
}

/// Ends of the packet records and of all records in a capture (walking the container by hand).
fn record_ends(bytes: &[u8]) -> (Vec<usize>, Vec<usize>) {
    let mut ends = Vec::new();
    let mut all = Vec::new();
    let u32le = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    if bytes.starts_with(&[0xd4, 0xc3, 0xb2, 0xa1]) {
        let mut at = 24;
        while let Some(cap) = u32le(at + 8) {
            at += 16 + cap as usize;
            if at > bytes.len() {
                break;
            }
            ends.push(at);
            all.push(at);
        }
    } else {
        let mut at = 0;
        while let (Some(kind), Some(len)) = (u32le(at), u32le(at + 4)) {
            at += len as usize;
            if at > bytes.len() || len < 12 {
                break;
            }
            all.push(at);
            if kind == 6 || kind == 3 {
                ends.push(at);
            }
        }
    }
    (ends, all)
}

fn read_all(bytes: Vec<u8>) -> Result<(usize, bool), String> {
    let mut r = Reader::from_source(Source::from_bytes(bytes), Path::new("cut"))
        .map_err(|e| e.to_string())?;
    let mut n = 0;
    while r.read_batch(1000, |_, _, _| n += 1) == ReadProgress::More {}
    Ok((n, r.stop_reason().is_some()))
}

#[test]
fn a_capture_cut_at_every_byte_keeps_exactly_the_complete_packets() {
    for name in ["dns_tcp.pcap", "dhcp-option-108.pcapng", "icmpv6.pcap"] {
        let full = std::fs::read(corpus().join(name)).expect("capture");
        let (ends, all_ends) = record_ends(&full);
        assert!(!ends.is_empty(), "{name}");
        let header_len = if name.ends_with(".pcap") { 24 } else { 28 };
        for cut in 0..=full.len() {
            let expected = ends.iter().filter(|e| **e <= cut).count();
            match read_all(full[..cut].to_vec()) {
                Ok((n, stopped)) => {
                    assert_eq!(n, expected, "{name} cut at {cut}");
                    let at_boundary = cut == full.len()
                        || all_ends.contains(&cut)
                        || (cut <= header_len && n == 0);
                    if !at_boundary {
                        assert!(stopped, "{name} cut at {cut}: truncation must be reported");
                    }
                }
                // Only a cut inside the file header may fail to open.
                Err(e) => assert!(cut < header_len, "{name} cut at {cut}: {e}"),
            }
        }
    }
}

#[test]
fn garbage_files_give_clear_errors() {
    for bytes in [
        Vec::new(),
        b"hello world, not a capture".to_vec(),
        vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0],
    ] {
        let r = Reader::from_source(Source::from_bytes(bytes), Path::new("junk"));
        if let Err(e) = r {
            let text = e.to_string();
            assert!(text.contains("junk"), "{text}");
        }
    }
}

#[test]
fn summary_mode_gives_the_same_columns_as_full_dissection() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(corpus())
        .expect("corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.push(root.join("tests/captures/mixed-2k.pcapng"));
    let mut compared = 0;
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pcap" || e == "pcapng"))
    {
        let Ok(s) = Session::open(path) else { continue };
        for i in 0..s.len() {
            let (data, info) = (s.bytes(i).expect("bytes"), s.frame_info(i).expect("info"));
            let ctx = s.context(i);
            let full = wirelens::dissect::dissect(&info, &data, &ctx, true);
            let fast = wirelens::dissect::dissect_summary(&info, &data, &ctx);
            assert_eq!(
                full.tree.summary,
                fast.tree.summary,
                "{} #{}",
                path.display(),
                i + 1
            );
            compared += 1;
        }
    }
    assert!(compared > 12_000);
}
