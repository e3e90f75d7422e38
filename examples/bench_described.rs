//! Benchmark: the ARP description (tests/describe/parity/arp.wlp) against the built-in ARP
//! dissector, on one core, over 1M generated ARP frames (full trees, no text: what filtering
//! and `-T fields` do). Prints packets/s of each and their ratio.
//! Run: cargo run --release --example bench_described [PACKETS]

use std::time::Instant;
use wirelens::dissect::{self, FrameContext, FrameInfo, LinkType};

fn frames(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            let b = (i as u32).to_be_bytes();
            let mut f = vec![0xff; 6];
            f.extend_from_slice(&[0x02, 0, b[0], b[1], b[2], b[3]]);
            f.extend_from_slice(&[0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1 + (i % 2) as u8]);
            f.extend_from_slice(&[0x02, 0, b[0], b[1], b[2], b[3], 198, 18, b[2], b[3]]);
            f.extend_from_slice(&[0, 0, 0, 0, 0, 0, 198, 19, b[3], b[2]]);
            f.resize(60, 0);
            f
        })
        .collect()
}

/// Dissects every frame; returns packets per second and a checksum of the node counts.
fn run(frames: &[Vec<u8>]) -> (f64, usize) {
    let ctx = FrameContext::default();
    let start = Instant::now();
    let mut nodes = 0;
    for (i, f) in frames.iter().enumerate() {
        let info = FrameInfo::standalone(i as u64 + 1, LinkType::ETHERNET, f.len());
        nodes += dissect::dissect(&info, f, &ctx, false).tree.nodes.len();
    }
    (frames.len() as f64 / start.elapsed().as_secs_f64(), nodes)
}

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let frames = frames(n);
    run(&frames[..n.min(10_000)]);
    let (builtin, builtin_nodes) = run(&frames);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = wirelens::describe::load::Options {
        paths: vec![root.join("tests/describe/parity/arp.wlp")],
        user_dir: false,
        no_bundled: true,
    };
    let loaded = wirelens::describe::load::load(&options).expect("the ARP description loads");
    wirelens::describe::load::install(loaded.plan, &[]).expect("installs");
    run(&frames[..n.min(10_000)]);
    let (described, described_nodes) = run(&frames);
    println!("{n} ARP frames, one core, full trees");
    println!("built-in ARP:     {builtin:>12.0} packets/s ({builtin_nodes} nodes)");
    println!("ARP description:  {described:>12.0} packets/s ({described_nodes} nodes)");
    println!("ratio:            {:>12.2}x", builtin / described);
}
