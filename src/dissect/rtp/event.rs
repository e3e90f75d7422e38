//! RTP events (RFC 4733 telephone-event, Cisco NSE): DTMF digits and tones carried as an
//! RTP payload, shown as Wireshark's "RFC 2833 RTP Event".

use super::super::Dissector;
use super::super::field::Field;
use super::super::value::Value;
use super::event_names::EVENT_NAMES;

/// Bytes of one event block.
const EVENT_LEN: usize = 4;

/// The name of event `id`.
fn event_name(id: u8) -> String {
    EVENT_NAMES
        .binary_search_by_key(&id, |(i, _)| *i)
        .ok()
        .and_then(|i| EVENT_NAMES.get(i))
        .map_or_else(|| format!("Unknown ({id})"), |(_, n)| (*n).to_string())
}

/// Dissects the event in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let node = d.tree.open_protocol(Field::Rtpevent, o..end);
    d.tree.label(node, || "RFC 2833 RTP Event".into());
    d.set_protocol("RTP EVENT");
    let f = d.frame;
    let (Ok(id), Ok(flags), Ok(duration)) = (f.u8(o), f.u8(o + 1), f.be_u16(o + 2)) else {
        d.tree.close();
        return d.short(
            "rtpevent",
            super::super::reader::Short {
                needed_end: o + EVENT_LEN,
                have: end,
            },
        );
    };
    let t = &mut d.tree;
    t.add(Field::RtpeventEventId, o..o + 1, Value::UInt(u64::from(id)));
    let r = o + 1..o + 2;
    let end_of_event = flags & 0x80 != 0;
    t.add(
        Field::RtpeventEndOfEvent,
        r.clone(),
        Value::Bool(end_of_event),
    );
    t.add(
        Field::RtpeventReserved,
        r.clone(),
        Value::Bool(flags & 0x40 != 0),
    );
    t.add(
        Field::RtpeventVolume,
        r,
        Value::UInt(u64::from(flags & 0x3f)),
    );
    t.add(
        Field::RtpeventDuration,
        o + 2..o + 4,
        Value::UInt(u64::from(duration)),
    );
    t.close();
    d.set_info(|| {
        let end = if end_of_event { " (end)" } else { "" };
        format!("Payload type=RTP Event, {}{end}", event_name(id))
    });
}
