//! In-library benchmark: open + index time, index bytes per packet, and filter times over the
//! loaded store. Usage: cargo run --release --example bench_index -- FILE [RUNS]
//! Prints medians of RUNS (default 5) runs.

use std::path::PathBuf;
use std::time::Instant;
use wirelens::filter::Filter;
use wirelens::pcapfile::{ReadProgress, Reader};
use wirelens::session::Session;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    (median(times), last.expect("at least one run"))
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: bench_index FILE [RUNS]"))?,
    );
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(5);
    let (read_ms, n) = time(runs, || {
        let mut r = Reader::open(&path).expect("open");
        let mut n = 0u64;
        while r.read_batch(16_384, |_, _, _| n += 1) == ReadProgress::More {}
        n
    });
    println!("packets                       {n}");
    println!("read only (no dissection)     {read_ms:9.1} ms");
    // On and off alternate so that drift in the machine's load hits both alike.
    let (mut on, mut off) = (Vec::new(), Vec::new());
    let mut session = None;
    for _ in 0..runs {
        for enabled in [true, false] {
            wirelens::dissect::tcp_analysis::set_enabled(enabled);
            let t = Instant::now();
            let opened = Session::open(&path).expect("open");
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if enabled {
                on.push(ms);
                session = Some(opened);
            } else {
                off.push(ms);
            }
        }
    }
    wirelens::dissect::tcp_analysis::set_enabled(true);
    let session = session.ok_or_else(|| anyhow::anyhow!("RUNS must be at least 1"))?;
    let (index_ms, plain_ms) = (median(on), median(off));
    println!("open + index                  {index_ms:9.1} ms");
    println!(
        "  without TCP analysis         {plain_ms:9.1} ms  (analysis adds {:.1} %)",
        (index_ms / plain_ms.max(f64::MIN_POSITIVE) - 1.0) * 100.0
    );
    let flow_bytes = session.flows.len() * (std::mem::size_of::<wirelens::store::Flow>() + 64);
    let per_packet = (session.store.index_bytes() + flow_bytes) as f64 / n.max(1) as f64;
    println!(
        "index bytes/packet            {per_packet:9.1}   (40-byte records + {} flows)",
        session.flows.len()
    );
    for text in [
        "tcp.port == 443",
        "ip.addr == 10.0.0.0/8 && tcp.flags.syn == 1",
        "udp",
        "frame.len > 1000",
        "dns.qry.name contains \"example\"",
        "http.host contains \"wirelens\"",
        "tls.handshake.extensions_server_name == \"example.com\"",
        "frame contains \"wirelens\"",
    ] {
        let f = Filter::compile(text)?;
        let (ms, hits) = time(runs, || session.filter(&f).len());
        println!(
            "filter {:<45} {ms:9.1} ms  ({hits} packets)",
            format!("{text}")
        );
    }
    Ok(())
}
