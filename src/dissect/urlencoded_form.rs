//! HTML forms as HTTP bodies (`application/x-www-form-urlencoded`): `key=value` items joined
//! by `&`, with `+` and `%XX` decoded, as Wireshark's "HTML Form URL Encoded" shows them.

use super::Dissector;
use super::field::Field;
use super::value::Value;

/// Dissects the form in `start..end`, whose media type is `media`.
pub fn dissect(d: &mut Dissector, start: usize, end: usize, media: &str) {
    let bytes = d.frame.range(start..end).unwrap_or(&[]).to_vec();
    let node = d.tree.open_protocol(Field::UrlencodedForm, start..end);
    let media = media.to_string();
    d.tree
        .label(node, || format!("HTML Form URL Encoded: {media}"));
    let mut at = start;
    for item in bytes.split(|&b| b == b'&') {
        let item_end = at + item.len();
        let (key, value) = match item.iter().position(|&b| b == b'=') {
            Some(eq) => (item.get(..eq).unwrap_or(&[]), item.get(eq + 1..)),
            None => (item, None),
        };
        let (key, value) = (decode(key), value.map(decode));
        let n = d
            .tree
            .open(Field::UrlencodedFormItem, at..item_end, Value::None);
        let label = match &value {
            Some(v) => format!("Form item: \"{key}\" = \"{v}\""),
            None => format!("Form item: \"{key}\""),
        };
        d.tree.label(n, || label);
        d.tree.add(
            Field::UrlencodedFormKey,
            at..at + key.len().min(item.len()),
            Value::Str(key.into()),
        );
        if let Some(v) = value {
            d.tree.add(
                Field::UrlencodedFormValue,
                at..item_end,
                Value::Str(v.into()),
            );
        }
        d.tree.close();
        at = item_end + 1;
    }
    d.tree.close();
}

/// `+` as a space and `%XX` as its byte (a malformed escape is kept as it is).
fn decode(b: &[u8]) -> String {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (c, hex) {
            (b'+', _) => out.push(b' '),
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 2;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn plus_and_percent_escapes_decode() {
        assert_eq!(super::decode(b"hi+there%21%zz"), "hi there!%zz");
    }
}
