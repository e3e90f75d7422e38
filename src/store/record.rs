//! The compact per-packet index record (40 bytes).

/// No flow (not TCP/UDP over IP).
pub const NO_FLOW: u32 = u32::MAX;

/// Bits of [`PacketRecord::flags`].
pub mod flags {
    /// The dissector reported malformed or truncated data.
    pub const MALFORMED: u16 = 1 << 0;
    /// The user marked the packet.
    pub const MARKED: u16 = 1 << 1;
    /// The packet goes from the flow's B side to its A side.
    pub const REVERSE: u16 = 1 << 2;
    /// More than one IP layer (tunnel, ICMP error): index facts describe only the outer one.
    pub const NESTED: u16 = 1 << 3;
    /// An IP fragment.
    pub const FRAGMENT: u16 = 1 << 4;
    /// The user set a time reference here.
    pub const TIME_REF: u16 = 1 << 5;
    /// The file gave no time stamp (pcapng Simple Packet Block): `ts_ns` means nothing.
    pub const UNTIMED: u16 = 1 << 6;
}

/// What the index knows about one packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PacketRecord {
    /// Capture time, ns since the Unix epoch (see [`PacketRecord::time_ns`]).
    pub ts_ns: i64,
    /// Where the bytes are in the byte store.
    pub offset: u64,
    /// Captured bytes.
    pub cap_len: u32,
    /// Bytes on the wire.
    pub orig_len: u32,
    /// Index into the flow table, or [`NO_FLOW`].
    pub flow: u32,
    /// Protocols present, as a [`super::ProtoSet`] bit set.
    pub protocols: u32,
    /// Capture interface.
    pub interface: u16,
    /// See [`flags`].
    pub flags: u16,
    /// TCP flags of the outer TCP header (0 otherwise).
    pub tcp_flags: u16,
    /// Interned protocol stack (`frame.protocols`), see `IndexState::stacks`.
    pub stack: u16,
}

impl PacketRecord {
    /// Capture time, ns since the Unix epoch; `None` when the file gave none.
    pub fn time_ns(&self) -> Option<i64> {
        (self.flags & flags::UNTIMED == 0).then_some(self.ts_ns)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn record_is_forty_bytes() {
        assert_eq!(std::mem::size_of::<super::PacketRecord>(), 40);
    }
}
