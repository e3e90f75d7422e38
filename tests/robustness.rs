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
    let cases: [(Vec<u8>, &str); 3] = [
        (Vec::new(), "junk: empty file (0 bytes)"),
        (
            b"hello world, not a capture".to_vec(),
            "junk: not a pcap or pcapng capture (first bytes 68656c6c)",
        ),
        (
            vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0],
            "junk: bad pcap file header: the file has only 6 of the 24 header bytes",
        ),
    ];
    for (bytes, expected) in cases {
        let e = Reader::from_source(Source::from_bytes(bytes), Path::new("junk"))
            .err()
            .map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some(expected));
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

/// One pcapng block (little-endian) with its body padded to 32 bits.
fn block(kind: u32, body: &[u8]) -> Vec<u8> {
    let pad = (4 - body.len() % 4) % 4;
    let len = (12 + body.len() + pad) as u32;
    let mut b = Vec::new();
    b.extend_from_slice(&kind.to_le_bytes());
    b.extend_from_slice(&len.to_le_bytes());
    b.extend_from_slice(body);
    b.extend(std::iter::repeat_n(0, pad));
    b.extend_from_slice(&len.to_le_bytes());
    b
}

/// SPB, EPB at `t`, SPB, EPB at `t + 0.5 s`: an ARP request each.
fn simple_and_enhanced_blocks() -> Vec<u8> {
    let arp = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 8, 6, 0, 1, 8, 0, 6, 4, 0, 1, 2, 0,
        0, 0, 0, 1, 198, 18, 0, 1, 0, 0, 0, 0, 0, 0, 198, 18, 0, 2,
    ];
    let mut shb = 0x1a2b_3c4d_u32.to_le_bytes().to_vec();
    shb.extend_from_slice(&[1, 0, 0, 0]);
    shb.extend_from_slice(&(-1_i64).to_le_bytes());
    let mut file = block(0x0a0d_0d0a, &shb);
    file.extend(block(1, &[1, 0, 0, 0, 0, 0, 0, 0]));
    let spb = |file: &mut Vec<u8>| {
        let mut body = (arp.len() as u32).to_le_bytes().to_vec();
        body.extend_from_slice(&arp);
        file.extend(block(3, &body));
    };
    let epb = |file: &mut Vec<u8>, us: u64| {
        let mut body = 0_u32.to_le_bytes().to_vec();
        body.extend_from_slice(&((us >> 32) as u32).to_le_bytes());
        body.extend_from_slice(&(us as u32).to_le_bytes());
        body.extend_from_slice(&(arp.len() as u32).to_le_bytes());
        body.extend_from_slice(&(arp.len() as u32).to_le_bytes());
        body.extend_from_slice(&arp);
        file.extend(block(6, &body));
    };
    let t_us = 1_700_000_000_123_456;
    spb(&mut file);
    epb(&mut file, t_us);
    spb(&mut file);
    epb(&mut file, t_us + 500_000);
    file
}

#[test]
fn simple_packet_blocks_have_no_time_and_do_not_count_in_relative_times() {
    let path = std::env::temp_dir().join(format!("wirelens-spb-{}.pcapng", std::process::id()));
    std::fs::write(&path, simple_and_enhanced_blocks()).expect("write");
    let s = Session::open(&path).expect("open");
    assert_eq!(s.len(), 4);
    let times: Vec<Option<(i64, i64)>> = (0..4)
        .map(|i| s.frame_info(i).filter(|f| f.timestamped))
        .map(|f| f.map(|f| (f.rel_ns, f.delta_ns)))
        .collect();
    // Relative and delta times count from time-stamped packets only.
    assert_eq!(
        times,
        [None, Some((0, 0)), None, Some((500_000_000, 500_000_000))]
    );
    assert_eq!(s.first_time_ns(), Some(1_700_000_000_123_456_000));
    // The CLI prints an empty Time column and no time fields for them, as tshark does.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-r"])
        .arg(&path)
        .args([
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "frame.time_epoch",
        ])
        .output()
        .expect("run wirelens");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "1\t\n2\t1700000000.123456000\n3\t\n4\t1700000000.623456000\n"
    );
    let text = std::process::Command::new(env!("CARGO_BIN_EXE_wirelens"))
        .args(["read", "-r"])
        .arg(&path)
        .output()
        .expect("run wirelens");
    let text = String::from_utf8_lossy(&text.stdout);
    let time_column: Vec<&str> = text.lines().map(|l| l[7..19].trim()).collect();
    assert_eq!(time_column, ["", "0.000000", "", "0.500000"], "{text}");
    // A filter on time never matches them.
    let f = Filter::compile("frame.time_epoch > 0").expect("compile");
    assert_eq!(s.filter(&f), vec![1, 3]);
    let _ = std::fs::remove_file(path);
}
