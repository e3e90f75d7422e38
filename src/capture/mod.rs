//! Live capture with libpcap: device list, a capture thread that sends owned batches over a
//! bounded channel, and errors that say how to fix them (missing capabilities, bad BPF).

pub mod devices;
pub mod live;

pub use devices::{Interface, Permission, capture_permission, list_interfaces, packet_counters};
pub use live::{CaptureError, CaptureEvent, CaptureOptions, CapturedPacket, LiveCapture};
