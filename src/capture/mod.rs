//! Live capture and sending with libpcap: device list, a capture thread that sends owned
//! batches over a bounded channel, a sender on a handle of its own with paced schedules, and
//! errors that say how to fix them (missing capabilities, bad BPF, MTU, down interfaces).

pub mod devices;
pub mod live;
pub mod send;

pub use devices::{Interface, Permission, capture_permission, list_interfaces, packet_counters};
pub use live::{CaptureError, CaptureEvent, CaptureOptions, CapturedPacket, LiveCapture};
pub use send::{Outgoing, Pace, SendError, SendReport, Sender, send_all};
