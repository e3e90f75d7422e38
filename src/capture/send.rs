//! Sending frames with libpcap (`pcap_sendpacket`) on a handle of their own: the handle that
//! sends never sees its own frames, so captures and reply listening use other handles. Every
//! failure says what to do about it: the missing capability, the `any` device, a down
//! interface, a frame over the MTU.

use super::live::{CaptureError, open_error};
use crate::dissect::LinkType;
use std::time::{Duration, Instant};

/// Why a frame cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The process lacks CAP_NET_RAW.
    #[error(
        "no permission to send on {interface}: sending needs CAP_NET_RAW.\n  \
         Grant it once:  sudo setcap cap_net_raw,cap_net_admin=eip {exe}\n  \
         or run as root. (libpcap said: {detail})"
    )]
    Permission {
        /// Interface.
        interface: String,
        /// This executable, for the setcap command.
        exe: String,
        /// libpcap's message.
        detail: String,
    },
    /// Linux cannot send on the pseudo-device that captures on every interface.
    #[error(
        "cannot send on \"any\": it captures from every interface but sends on none; name one (wirelens interfaces lists them)"
    )]
    AnyDevice,
    /// The interface is administratively down.
    #[error("{interface} is down: bring it up first (ip link set {interface} up)")]
    Down {
        /// Interface.
        interface: String,
    },
    /// The frame is larger than the interface carries.
    #[error(
        "a frame of {len} bytes does not fit {interface}: its MTU is {mtu} bytes plus the \
         {header}-byte link header ({max} in all)"
    )]
    TooLong {
        /// Interface.
        interface: String,
        /// Frame length.
        len: usize,
        /// The interface's MTU.
        mtu: usize,
        /// Link-layer header length.
        header: usize,
        /// Longest frame that fits.
        max: usize,
    },
    /// The interface cannot be opened.
    #[error("cannot send on {interface}: {detail}")]
    Open {
        /// Interface.
        interface: String,
        /// libpcap's message.
        detail: String,
    },
    /// The kernel refused the frame.
    #[error("sending on {interface} failed: {detail}")]
    Failed {
        /// Interface.
        interface: String,
        /// libpcap's message.
        detail: String,
    },
}

impl SendError {
    /// A short name of the kind of failure, for counting failures by cause.
    pub fn kind(&self) -> &'static str {
        match self {
            SendError::Permission { .. } => "permission",
            SendError::AnyDevice => "any device",
            SendError::Down { .. } => "interface down",
            SendError::TooLong { .. } => "frame too long",
            SendError::Open { .. } => "open",
            SendError::Failed { .. } => "refused",
        }
    }
}

/// A handle that sends on one interface.
pub struct Sender {
    cap: pcap::Capture<pcap::Active>,
    interface: String,
    link: LinkType,
    /// The interface's MTU, when the system says (`/sys/class/net/IF/mtu`).
    mtu: Option<usize>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("interface", &self.interface)
            .field("link", &self.link)
            .field("mtu", &self.mtu)
            .finish()
    }
}

impl Sender {
    /// Opens `interface` for sending.
    pub fn open(interface: &str) -> Result<Sender, SendError> {
        if interface == "any" {
            return Err(SendError::AnyDevice);
        }
        if is_down(interface) {
            return Err(SendError::Down {
                interface: interface.into(),
            });
        }
        let map = |e: pcap::Error| match open_error(interface, &e) {
            CaptureError::Permission {
                interface,
                exe,
                detail,
            } => SendError::Permission {
                interface,
                exe,
                detail,
            },
            other => SendError::Open {
                interface: interface.into(),
                detail: other.to_string(),
            },
        };
        let cap = pcap::Capture::from_device(interface)
            .map_err(map)?
            // This handle only sends: a tiny snapshot and buffer keep it cheap.
            .snaplen(64)
            .buffer_size(1 << 16)
            .timeout(10)
            .open()
            .map_err(map)?;
        let link = LinkType(u32::try_from(cap.get_datalink().0).unwrap_or(1));
        Ok(Sender {
            cap,
            interface: interface.into(),
            link,
            mtu: mtu(interface),
        })
    }

    /// The interface's link type (frames must start with its header).
    pub fn link(&self) -> LinkType {
        self.link
    }

    /// The interface's name.
    pub fn interface(&self) -> &str {
        &self.interface
    }

    /// The longest frame the interface carries, when known.
    pub fn max_frame(&self) -> Option<usize> {
        self.mtu.map(|m| m + header_len(self.link))
    }

    /// Sends one whole frame (link-layer header included).
    pub fn send(&mut self, frame: &[u8]) -> Result<(), SendError> {
        if let (Some(mtu), Some(max)) = (self.mtu, self.max_frame())
            && frame.len() > max
        {
            return Err(SendError::TooLong {
                interface: self.interface.clone(),
                len: frame.len(),
                mtu,
                header: header_len(self.link),
                max,
            });
        }
        self.cap.sendpacket(frame).map_err(|e| {
            let detail = e.to_string();
            if detail.contains("Network is down") {
                SendError::Down {
                    interface: self.interface.clone(),
                }
            } else {
                SendError::Failed {
                    interface: self.interface.clone(),
                    detail,
                }
            }
        })
    }
}

/// Link-layer header bytes the MTU does not count.
fn header_len(link: LinkType) -> usize {
    match link {
        LinkType::ETHERNET => 14,
        _ => 0,
    }
}

/// The interface's MTU from sysfs.
fn mtu(interface: &str) -> Option<usize> {
    let safe = !interface.contains('/') && !interface.contains("..");
    let text = std::fs::read_to_string(format!("/sys/class/net/{interface}/mtu"))
        .ok()
        .filter(|_| safe)?;
    text.trim().parse().ok()
}

/// True when sysfs says the interface is administratively down.
fn is_down(interface: &str) -> bool {
    if interface.contains('/') || interface.contains("..") {
        return false;
    }
    std::fs::read_to_string(format!("/sys/class/net/{interface}/flags"))
        .ok()
        .and_then(|t| u32::from_str_radix(t.trim().trim_start_matches("0x"), 16).ok())
        .is_some_and(|flags| flags & 1 == 0)
}

/// When each frame leaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// As fast as the kernel takes them.
    TopSpeed,
    /// This many frames per second, on an absolute schedule (no drift).
    Rate {
        /// Frames per second.
        pps: f64,
    },
    /// Each frame at its time stamp's offset from the first, divided by `speed`.
    Original {
        /// 2.0 replays twice as fast.
        speed: f64,
    },
}

/// A frame to send and its capture time (for [`Pace::Original`]).
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The frame.
    pub bytes: Vec<u8>,
    /// Its time stamp, ns (only its offset from the first one matters).
    pub ts_ns: i64,
}

/// What a run of sending did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SendReport {
    /// Frames sent.
    pub sent: u64,
    /// Bytes sent.
    pub bytes: u64,
    /// Frames the kernel refused, by kind of error.
    pub failed: Vec<(String, u64)>,
    /// The first error, word for word.
    pub first_error: Option<String>,
    /// Time from the first frame to the last.
    pub elapsed: Duration,
    /// How late frames left against their schedule, µs: p50, p99, max (paced runs).
    pub lateness_us: Option<(f64, f64, f64)>,
    /// Send times, ns after the first frame (kept for timing checks).
    pub sent_at_ns: Vec<u64>,
    /// The run was stopped before the end.
    pub stopped: bool,
}

impl SendReport {
    /// Frames that failed, in all.
    pub fn failures(&self) -> u64 {
        self.failed.iter().map(|(_, n)| n).sum()
    }

    /// Frames per second achieved.
    pub fn rate(&self) -> f64 {
        if self.sent < 2 || self.elapsed.is_zero() {
            return 0.0;
        }
        (self.sent - 1) as f64 / self.elapsed.as_secs_f64()
    }

    fn fail(&mut self, e: &SendError) {
        let kind = e.kind().to_string();
        match self.failed.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => self.failed.push((kind, 1)),
        }
        self.first_error.get_or_insert_with(|| e.to_string());
    }
}

/// Sleeps until `deadline`: a coarse sleep, then a spin for the last millisecond (a sleeping
/// thread on a busy machine wakes up hundreds of µs late; a spinning one does not).
fn wait_until(deadline: Instant) {
    const SPIN: Duration = Duration::from_millis(1);
    loop {
        let now = Instant::now();
        if now >= deadline {
            return;
        }
        let left = deadline - now;
        if left > SPIN {
            std::thread::sleep(left - SPIN);
        } else {
            std::hint::spin_loop();
        }
    }
}

/// Sends `frames` on `sender` at `pace` until done or `stop` returns true (checked before
/// every frame); `progress` is called with the frames handled so far.
pub fn send_all<'a>(
    sender: &mut Sender,
    frames: impl IntoIterator<Item = &'a Outgoing>,
    pace: Pace,
    stop: &dyn Fn() -> bool,
    progress: &dyn Fn(u64),
) -> SendReport {
    let frames = frames.into_iter();
    let mut report = SendReport {
        sent_at_ns: Vec::with_capacity(frames.size_hint().0),
        ..SendReport::default()
    };
    let mut lateness: Vec<f64> = Vec::new();
    let mut start: Option<(Instant, i64)> = None;
    for (k, frame) in frames.enumerate() {
        if stop() {
            report.stopped = true;
            break;
        }
        let (t0, ts0) = *start.get_or_insert((Instant::now(), frame.ts_ns));
        let due = match pace {
            Pace::TopSpeed => None,
            Pace::Rate { pps } => Some(t0 + Duration::from_secs_f64(k as f64 / pps.max(1e-9))),
            Pace::Original { speed } => {
                let offset = (frame.ts_ns - ts0).max(0) as f64 / 1e9 / speed.max(1e-9);
                Some(t0 + Duration::from_secs_f64(offset))
            }
        };
        if let Some(due) = due {
            wait_until(due);
        }
        let at = Instant::now();
        if let Some(due) = due {
            lateness.push(at.saturating_duration_since(due).as_secs_f64() * 1e6);
        }
        match sender.send(&frame.bytes) {
            Ok(()) => {
                report.sent += 1;
                report.bytes += frame.bytes.len() as u64;
                report.elapsed = at - t0;
                report
                    .sent_at_ns
                    .push(u64::try_from((at - t0).as_nanos()).unwrap_or(u64::MAX));
            }
            Err(e) => report.fail(&e),
        }
        progress(k as u64 + 1);
    }
    if !lateness.is_empty() {
        lateness.sort_by(f64::total_cmp);
        let at = |p: f64| {
            let i = ((lateness.len() - 1) as f64 * p).round() as usize;
            lateness.get(i).copied().unwrap_or(0.0)
        };
        report.lateness_us = Some((at(0.5), at(0.99), lateness.last().copied().unwrap_or(0.0)));
    }
    report
}

#[cfg(test)]
mod tests {
    use super::{SendError, Sender};

    #[test]
    fn the_any_device_and_missing_interfaces_say_so() {
        assert_eq!(Sender::open("any").err(), Some(SendError::AnyDevice));
        let e = Sender::open("no-such-if0").expect_err("fails");
        assert!(e.to_string().contains("no-such-if0"), "{e}");
    }
}
