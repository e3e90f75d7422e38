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

/// Packets each interface has received plus sent, from `/proc/net/dev` (no privilege needed);
/// empty where that file does not exist.
pub fn packet_counters() -> Vec<(String, u64)> {
    std::fs::read_to_string("/proc/net/dev")
        .map(|text| parse_net_dev(&text))
        .unwrap_or_default()
}

/// Parses `/proc/net/dev`: `name: rx_bytes rx_packets … tx_bytes tx_packets …`.
fn parse_net_dev(text: &str) -> Vec<(String, u64)> {
    text.lines()
        .skip(2)
        .filter_map(|line| {
            let (name, rest) = line.split_once(':')?;
            let v: Vec<u64> = rest
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            Some((name.trim().to_string(), v.get(1)? + v.get(9)?))
        })
        .collect()
}

/// Whether this process may capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Permission {
    /// CAP_NET_RAW is effective (or we are root).
    Granted,
    /// It is not: how to grant it.
    Missing {
        /// The command that gives this binary the capabilities.
        setcap: String,
    },
}

/// CAP_NET_RAW's bit in the capability sets.
const CAP_NET_RAW: u32 = 13;

/// Reads the effective capabilities of this process from `/proc/self/status`.
pub fn capture_permission() -> Permission {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if has_net_raw(&status) {
        return Permission::Granted;
    }
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "wirelens".into());
    Permission::Missing {
        setcap: format!("sudo setcap cap_net_raw,cap_net_admin=eip {exe}"),
    }
}

fn has_net_raw(status: &str) -> bool {
    status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        .is_some_and(|caps| caps & (1 << CAP_NET_RAW) != 0)
}

#[cfg(test)]
mod tests {
    use super::{has_net_raw, parse_net_dev};

    #[test]
    fn proc_net_dev_counts_both_directions() {
        let text = "Inter-|   Receive                                                |  Transmit\n \
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n    \
 lo: 1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0\n  \
 eth0: 5000      7    0    0    0     0          0         0     300       3    0    0    0     0       0          0\n";
        assert_eq!(
            parse_net_dev(text),
            vec![("lo".to_string(), 20), ("eth0".to_string(), 10)]
        );
    }

    #[test]
    fn effective_capabilities_decide() {
        assert!(has_net_raw("Name:\tx\nCapEff:\t000001ffffffffff\n"));
        assert!(has_net_raw("CapEff:\t0000000000002000\n"));
        assert!(!has_net_raw("CapEff:\t0000000000000000\n"));
        assert!(!has_net_raw("no such line"));
    }
}
