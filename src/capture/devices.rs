//! Capture interfaces as `tshark -D` lists them, plus addresses and flags.

use std::net::IpAddr;

/// A network interface that can be captured on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// Name to capture on (`eth0`).
    pub name: String,
    /// Description, when libpcap has one.
    pub description: Option<String>,
    /// Addresses with their netmask prefix length.
    pub addresses: Vec<(IpAddr, Option<u8>)>,
    /// Administratively up.
    pub up: bool,
    /// Operationally running.
    pub running: bool,
    /// Loopback.
    pub loopback: bool,
    /// Wireless (libpcap's flag also covers Bluetooth/802.15.4 monitors).
    pub wireless: bool,
}

/// Pseudo-devices that are not network interfaces.
const PSEUDO: [&str; 4] = ["dbus-system", "dbus-session", "nflog", "nfqueue"];

fn prefix_len(mask: Option<IpAddr>) -> Option<u8> {
    Some(match mask? {
        IpAddr::V4(m) => u32::from(m).count_ones() as u8,
        IpAddr::V6(m) => u128::from(m).count_ones() as u8,
    })
}

/// Lists capture interfaces (no privilege is needed for this).
pub fn list_interfaces() -> Result<Vec<Interface>, String> {
    let devices = pcap::Device::list().map_err(|e| format!("cannot list interfaces: {e}"))?;
    Ok(devices
        .into_iter()
        .filter(|d| !PSEUDO.contains(&d.name.as_str()))
        .map(|d| Interface {
            addresses: d
                .addresses
                .iter()
                .map(|a| (a.addr, prefix_len(a.netmask)))
                .collect(),
            up: d.flags.is_up(),
            running: d.flags.is_running(),
            loopback: d.flags.is_loopback(),
            wireless: d.flags.is_wireless(),
            description: d.desc,
            name: d.name,
        })
        .collect())
}
