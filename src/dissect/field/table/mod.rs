//! Every built-in field: its Wireshark name, display name, type and bit mask, grouped by
//! protocol family in dissection order, one file per group. A new field goes with its
//! protocol's group; the groups share one numbering (each starts where the one before ends).

use std::sync::LazyLock;

use super::{Field, FieldDef};

mod access;
mod apps;
mod auth;
mod link;
mod media;
mod netbios;
mod network;
mod quic;
mod sctp;
mod services;
mod transport;
mod tunnels;

/// The built-in fields, indexed by a built-in field's number.
pub static FIELDS: LazyLock<Vec<FieldDef>> = LazyLock::new(|| {
    [
        link::DEFS,
        network::DEFS,
        services::DEFS,
        transport::DEFS,
        apps::DEFS,
        quic::DEFS,
        access::DEFS,
        media::DEFS,
        auth::DEFS,
        sctp::DEFS,
        netbios::DEFS,
        tunnels::DEFS,
    ]
    .concat()
});

/// Every built-in field, in numbering order.
pub(super) static ALL: LazyLock<Vec<Field>> =
    LazyLock::new(|| (0..tunnels::NEXT).map(Field).collect());
