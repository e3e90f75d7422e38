//! A protocol description and packet bytes (split at the first NUL): a description either
//! compiles or errs inside its text; a compiled one decodes any bytes and encodes its
//! defaults without panicking or running past its step budget.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wirelens::describe::{Source, compile, decode, encode};

fuzz_target!(|input: &[u8]| {
    let split = input.iter().position(|b| *b == 0).unwrap_or(input.len());
    let (text, bytes) = input.split_at(split);
    let Ok(text) = std::str::from_utf8(text) else { return };
    let source = Source { file: "fuzz.wlp".into(), text: text.into() };
    match compile(&[source]) {
        Ok(plan) => {
            for p in &plan.protocols {
                let d = decode::decode(p, bytes, 0, bytes.len());
                assert!(d.end <= bytes.len());
                let _ = encode::encode(&plan, p, &[], &[]);
            }
        }
        Err(errors) => {
            for e in errors {
                assert!(e.line <= text.lines().count() + 1);
            }
        }
    }
});
