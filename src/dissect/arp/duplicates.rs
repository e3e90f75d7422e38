//! Duplicate IPv4 address detection as Wireshark's ARP dissector does it, kept by the index
//! pass in capture order: the first MAC address each IPv4 address is seen with (refreshed
//! while the same MAC keeps using it), and for a frame where another MAC claims it, the
//! earlier owner, its frame and the seconds since.

use std::net::Ipv4Addr;

/// The address pairs an Ethernet/IPv4 ARP packet claims (read while indexing): the sender's,
/// and the target's in a reply; pairs with a multicast or zero MAC or a zero IP are left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArpSeen {
    /// The sender's IP and MAC.
    pub sender: Option<(Ipv4Addr, [u8; 6])>,
    /// The target's IP and MAC (not for requests).
    pub target: Option<(Ipv4Addr, [u8; 6])>,
}

/// One address another host used earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArpDuplicate {
    /// The address.
    pub ip: Ipv4Addr,
    /// The MAC claiming it in this frame.
    pub mac: [u8; 6],
    /// The MAC that had it before.
    pub earlier_mac: [u8; 6],
    /// The last frame that MAC was seen with it.
    pub earlier_frame: u64,
    /// Seconds since then.
    pub seconds: u32,
}

/// What duplicate detection found in one frame.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArpFrame {
    /// Each address claimed by another MAC.
    pub duplicates: Vec<ArpDuplicate>,
    /// The address Info names ("duplicate use of … detected!"), when the last check found one.
    pub info_ip: Option<Ipv4Addr>,
}

#[derive(Debug, Clone, Copy)]
struct Owner {
    mac: [u8; 6],
    frame: u64,
    seconds: i64,
}

/// The owner of each IPv4 address so far.
#[derive(Debug, Default)]
pub struct ArpTracker {
    owners: rustc_hash::FxHashMap<Ipv4Addr, Owner>,
}

impl ArpTracker {
    /// An ARP packet in `frame` at `seconds` (since the epoch): what it duplicates.
    pub fn packet(&mut self, frame: u64, seconds: i64, seen: &ArpSeen) -> ArpFrame {
        let mut found = ArpFrame::default();
        let mut duplicate_ip = None;
        let mut detected = false;
        if let Some((ip, mac)) = seen.sender {
            detected = self.check(frame, seconds, (ip, mac), &mut found, &mut duplicate_ip);
        }
        // Wireshark does not report the same address twice (a gratuitous ARP).
        if let Some((ip, mac)) = seen.target.filter(|(ip, _)| duplicate_ip != Some(*ip)) {
            detected = self.check(frame, seconds, (ip, mac), &mut found, &mut duplicate_ip);
        }
        found.info_ip = duplicate_ip.filter(|_| detected);
        found
    }

    fn check(
        &mut self,
        frame: u64,
        seconds: i64,
        (ip, mac): (Ipv4Addr, [u8; 6]),
        found: &mut ArpFrame,
        duplicate_ip: &mut Option<Ipv4Addr>,
    ) -> bool {
        let Some(owner) = self.owners.get_mut(&ip) else {
            self.owners.insert(
                ip,
                Owner {
                    mac,
                    frame,
                    seconds,
                },
            );
            return false;
        };
        if frame <= owner.frame {
            return false;
        }
        if owner.mac == mac {
            owner.frame = frame;
            owner.seconds = seconds;
            return false;
        }
        found.duplicates.push(ArpDuplicate {
            ip,
            mac,
            earlier_mac: owner.mac,
            earlier_frame: owner.frame,
            seconds: u32::try_from((seconds - owner.seconds).rem_euclid(1 << 32)).unwrap_or(0),
        });
        *duplicate_ip = Some(ip);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: [u8; 6] = [2, 0, 0, 0, 0, 1];
    const B: [u8; 6] = [2, 0, 0, 0, 0, 2];

    fn sender(ip: [u8; 4], mac: [u8; 6]) -> ArpSeen {
        ArpSeen {
            sender: Some((Ipv4Addr::from(ip), mac)),
            target: None,
        }
    }

    #[test]
    fn a_second_mac_for_an_address_is_a_duplicate_of_the_first_owner_s_last_frame() {
        let mut arp = ArpTracker::default();
        assert_eq!(
            arp.packet(1, 100, &sender([198, 18, 0, 1], A)),
            ArpFrame::default()
        );
        assert_eq!(
            arp.packet(2, 105, &sender([198, 18, 0, 1], A)),
            ArpFrame::default()
        );
        let found = arp.packet(3, 112, &sender([198, 18, 0, 1], B));
        let ip = Ipv4Addr::new(198, 18, 0, 1);
        assert_eq!(found.info_ip, Some(ip));
        assert_eq!(
            found.duplicates,
            vec![ArpDuplicate {
                ip,
                mac: B,
                earlier_mac: A,
                earlier_frame: 2,
                seconds: 7
            }]
        );
        // The first owner keeps the address: B is reported again, A is not.
        assert_eq!(
            arp.packet(4, 113, &sender([198, 18, 0, 1], A)),
            ArpFrame::default()
        );
        assert_eq!(
            arp.packet(5, 114, &sender([198, 18, 0, 1], B))
                .duplicates
                .len(),
            1
        );
    }

    #[test]
    fn a_clean_target_after_a_duplicate_sender_clears_the_info_note() {
        let mut arp = ArpTracker::default();
        arp.packet(1, 0, &sender([198, 18, 0, 1], A));
        let seen = ArpSeen {
            sender: Some((Ipv4Addr::new(198, 18, 0, 1), B)),
            target: Some((Ipv4Addr::new(198, 18, 0, 9), A)),
        };
        let found = arp.packet(2, 0, &seen);
        assert_eq!(found.duplicates.len(), 1);
        assert_eq!(found.info_ip, None);
    }
}
