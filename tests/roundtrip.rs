//! read → write (pcap / pcapng) → read gives identical packets, timestamps and link types.

use std::path::{Path, PathBuf};
use wirelens::pcapfile::{OutputFormat, PacketToWrite, write_atomically};
use wirelens::session::Session;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wirelens-rt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    dir.join(name)
}

fn write(s: &Session, out: &Path, format: OutputFormat) {
    let packets = (0..s.len()).map(|i| {
        let r = s.record(i).copied().unwrap_or_default();
        s.bytes(i).map(|d| PacketToWrite {
            ts_ns: r.ts_ns,
            data: d.into(),
            orig_len: r.orig_len,
            interface: u32::from(r.interface),
        })
    });
    write_atomically(out, format, &s.interfaces, packets).expect("write");
}

fn assert_same(a: &Session, b: &Session, ts_divisor: i64) {
    assert_eq!(a.len(), b.len());
    for i in 0..a.len() {
        let (ra, rb) = (a.record(i).expect("a"), b.record(i).expect("b"));
        assert_eq!(
            a.bytes(i).expect("a bytes"),
            b.bytes(i).expect("b bytes"),
            "packet {i}"
        );
        assert_eq!(
            ra.ts_ns / ts_divisor,
            rb.ts_ns / ts_divisor,
            "timestamp of packet {i}"
        );
        assert_eq!(ra.orig_len, rb.orig_len);
        assert_eq!(
            a.link(ra.interface),
            b.link(rb.interface),
            "link type of packet {i}"
        );
    }
}

#[test]
fn pcapng_with_several_link_types_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for cap in [
        "tests/captures/mixed-2k.pcapng",
        "tests/corpus/tcpdump/dhcp-option-108.pcapng",
        "tests/corpus/tcpdump/dns_tcp.pcap",
    ] {
        let a = Session::open(&root.join(cap)).expect("open");
        let out = tmp("rt.pcapng");
        write(&a, &out, OutputFormat::PcapNg);
        assert_same(&a, &Session::open(&out).expect("reopen"), 1);
        let out = tmp("rt-ns.pcap");
        write(&a, &out, OutputFormat::PcapNanos);
        assert_same(&a, &Session::open(&out).expect("reopen"), 1);
        let out = tmp("rt-us.pcap");
        write(&a, &out, OutputFormat::Pcap);
        assert_same(&a, &Session::open(&out).expect("reopen"), 1000);
    }
}

#[test]
fn a_failed_save_leaves_the_old_file_intact() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = Session::open(&root.join("tests/corpus/tcpdump/dns_tcp.pcap")).expect("open");
    let out = tmp("keep.pcap");
    write(&s, &out, OutputFormat::Pcap);
    let before = std::fs::read(&out).expect("written");
    // The third packet fails to arrive: the save must fail and change nothing.
    let packets = (0..s.len()).map(|i| {
        if i == 2 {
            return Err(std::io::Error::other("source vanished"));
        }
        let r = s.record(i).copied().unwrap_or_default();
        s.bytes(i).map(|d| PacketToWrite {
            ts_ns: r.ts_ns,
            data: d.into(),
            orig_len: r.orig_len,
            interface: 0,
        })
    });
    assert!(write_atomically(&out, OutputFormat::Pcap, &s.interfaces, packets).is_err());
    assert_eq!(std::fs::read(&out).expect("still there"), before);
    let leftovers = std::fs::read_dir(out.parent().expect("dir"))
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(leftovers, 0, "no temp file is left behind");
}

#[test]
fn mixed_link_types_survive_pcapng_and_are_refused_by_pcap() {
    use wirelens::dissect::LinkType;
    use wirelens::pcapfile::Interface;
    let iface = |link, name: &str| Interface {
        link,
        snaplen: 65535,
        ts_units_per_sec: 1_000_000_000,
        ts_offset_s: 0,
        name: Some(name.into()),
    };
    let interfaces = [
        iface(LinkType::ETHERNET, "eth0"),
        iface(LinkType::RAW, "tun0"),
    ];
    // Even packets as Ethernet frames on eth0, odd ones as raw IP on tun0.
    let frames: Vec<_> = wirelens::generate::Generator::new(300, 3)
        .filter(|p| p.data.get(12..14) == Some(&[8, 0]))
        .collect();
    let packets = || {
        frames.iter().enumerate().map(|(i, p)| {
            let (data, interface) = if i % 2 == 0 {
                (p.data.clone(), 0)
            } else {
                (p.data[14..].to_vec(), 1)
            };
            let orig_len = data.len() as u32;
            Ok(PacketToWrite {
                ts_ns: p.ts_ns,
                data: data.into(),
                orig_len,
                interface,
            })
        })
    };
    let out = tmp("mixed.pcapng");
    write_atomically(&out, OutputFormat::PcapNg, &interfaces, packets())
        .expect("pcapng holds both");
    let s = Session::open(&out).expect("reopen");
    assert_eq!(s.len(), frames.len());
    for i in 0..s.len() {
        let want = if i % 2 == 0 {
            LinkType::ETHERNET
        } else {
            LinkType::RAW
        };
        assert_eq!(s.link(s.record(i).expect("record").interface), want);
        let stack = s
            .dissect(i, false)
            .expect("dissect")
            .tree
            .protocols
            .join(":");
        assert!(
            stack.starts_with(if i % 2 == 0 {
                "frame:eth:ethertype:ip"
            } else {
                "frame:raw:ip"
            }),
            "{stack}"
        );
    }
    assert_eq!(
        s.interfaces
            .iter()
            .map(|i| i.name.clone())
            .collect::<Vec<_>>(),
        vec![Some("eth0".into()), Some("tun0".into())]
    );
    assert!(
        write_atomically(
            &tmp("mixed.pcap"),
            OutputFormat::Pcap,
            &interfaces,
            packets()
        )
        .is_err()
    );
}

#[test]
fn gzip_compressed_captures_read_like_the_original() {
    use std::io::Write;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let original = root.join("tests/captures/mixed-2k.pcapng");
    let bytes = std::fs::read(&original).expect("capture");
    let gz = tmp("mixed.pcapng.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).expect("create"),
        flate2::Compression::fast(),
    );
    enc.write_all(&bytes).expect("compress");
    enc.finish().expect("finish");
    assert_same(
        &Session::open(&original).expect("open"),
        &Session::open(&gz).expect("open gz"),
        1,
    );
}
