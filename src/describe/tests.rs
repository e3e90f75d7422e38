//! Hostile descriptions and hostile bytes: every one is refused at load or stopped by the
//! walk's bounds, quickly and without allocating what it asks for.

use super::decode::{self, Failure};
use super::{Source, compile};

fn plan(text: &str) -> super::plan::Plan {
    compile(&[Source {
        file: "t.wlp".into(),
        text: text.into(),
    }])
    .unwrap_or_else(|e| panic!("{}", e[0]))
}

fn walk(text: &str, bytes: &[u8]) -> decode::Decoded {
    let p = plan(text);
    let proto = p.protocols.first().expect("a protocol").clone();
    decode::decode(&proto, bytes, 0, bytes.len())
}

#[test]
fn a_count_of_two_to_the_32_stops_at_the_data_end_without_allocating() {
    let d = walk("protocol huge { u8 items[4294967296] }", &[1, 2, 3]);
    assert_eq!(
        d.failure,
        Some(Failure::Short {
            needed_end: 4_294_967_296
        })
    );
    assert!(d.events.is_empty());
    let d = walk(
        "protocol huge { u32 n\n entry e[n] }\nstruct entry { u8 v }",
        &[0xff, 0xff, 0xff, 0xff, 1, 2],
    );
    assert!(
        matches!(d.failure, Some(Failure::Short { .. })),
        "{:?}",
        d.failure
    );
}

#[test]
fn a_counted_repeat_of_an_empty_structure_runs_out_of_budget() {
    let text = "protocol spin { e items[1000000000] }\nstruct e { u8 v if 0 == 1 }";
    let d = walk(text, &[1]);
    assert_eq!(d.failure, Some(Failure::Budget));
}

#[test]
fn a_repeat_to_the_end_always_moves_forward() {
    let d = walk(
        "protocol list { item items[*] }\nstruct item { u8 len\n bytes body[len] }",
        &[0, 0, 0, 2, 9, 9, 0],
    );
    assert_eq!(d.failure, None);
    assert_eq!(d.end, 7);
}

#[test]
fn lengths_past_the_data_and_negative_lengths_are_malformed_not_panics() {
    let d = walk("protocol p { u8 n\n bytes b[n - 10] }", &[3, 1, 2, 3]);
    assert!(
        matches!(d.failure, Some(Failure::Malformed { .. })),
        "{:?}",
        d.failure
    );
    let d = walk("protocol p { u8 n\n bytes b[n * 1000000000000] }", &[200]);
    assert!(d.failure.is_some());
    let d = walk("protocol p { u64 n\n bytes b[n] }", &[0xff; 8]);
    assert!(d.failure.is_some());
}

#[test]
fn arithmetic_overflow_and_division_by_zero_make_a_value_unknown() {
    let d = walk(
        "protocol p { u8 a\n u8 b if a / 0 == 1\n u8 c if 9223372036854775807 + a > 0 }",
        &[1, 2, 3],
    );
    assert_eq!(d.failure, None);
    assert_eq!(d.end, 1, "neither condition holds");
}

#[test]
fn a_thousand_nested_ifs_are_refused_at_load() {
    let text = format!(
        "protocol deep {{ u8 a\n{}u8 b\n{} }}",
        "if a == 1 {\n".repeat(1000),
        "}\n".repeat(1000)
    );
    let e = compile(&[Source {
        file: "t.wlp".into(),
        text,
    }])
    .expect_err("too deep");
    assert!(
        e[0].message.contains("nested more than 32 deep"),
        "{}",
        e[0]
    );
}

#[test]
fn a_thousand_nested_parentheses_are_refused_at_load() {
    let text = format!(
        "protocol deep {{ u8 a if {}1{} }}",
        "(".repeat(1000),
        ")".repeat(1000)
    );
    let e = compile(&[Source {
        file: "t.wlp".into(),
        text,
    }])
    .expect_err("too deep");
    assert!(e[0].message.contains("too deep"), "{}", e[0]);
}

#[test]
fn structures_nested_past_the_limit_are_refused() {
    let mut text = String::from("protocol p { s0 x }\n");
    for i in 0..40 {
        text.push_str(&format!("struct s{i} {{ u8 v\n s{} next }}\n", i + 1));
    }
    text.push_str("struct s40 { u8 v }\n");
    let e = compile(&[Source {
        file: "t.wlp".into(),
        text,
    }])
    .expect_err("too deep");
    assert!(
        e.iter()
            .any(|e| e.message.contains("nest more than 32 deep")),
        "{}",
        e[0]
    );
}

#[test]
fn every_bundled_description_survives_random_bytes() {
    let sources: Vec<Source> = super::load::BUNDLED
        .iter()
        .map(|(n, t)| Source {
            file: (*n).into(),
            text: (*t).into(),
        })
        .collect();
    let plan = compile(&sources).expect("bundled descriptions compile");
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..2000 {
        let len = round % 97;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        for p in &plan.protocols {
            let d = decode::decode(p, &bytes, 0, bytes.len());
            assert!(d.end <= bytes.len(), "{}", p.name);
        }
    }
}
