//! FTP-DATA: the payload of a data connection the control connection announced, with what
//! the announcement tells (setup frame and method, the command after it, the working
//! directory), and its lines when the first bytes look like text, as Wireshark shows it.

use super::super::Dissector;
use super::super::field::Field;
use super::super::value::Value;
use super::conversation::FtpDataFrame;

/// Bytes Wireshark looks at to decide whether the data is text.
const TEXT_PROBE: usize = 20;

/// Dissects `start..end` of a data connection.
pub fn dissect(d: &mut Dissector, info: &FtpDataFrame, start: usize, end: usize) {
    let end = end.min(d.frame.len()).max(start);
    let len = end - start;
    d.set_protocol("FTP-DATA");
    d.set_info(|| {
        let mut text = format!("FTP Data: {len} bytes ({})", info.method);
        if let Some((command, _)) = &info.command {
            text.push_str(&format!(" ({command})"));
        }
        text
    });
    let node = d.tree.open_protocol(Field::FtpData, start..end);
    d.tree
        .label(node, || format!("FTP Data ({len} bytes data)"));
    d.tree.close();
    let t = &mut d.tree;
    let uint = |v: u64| Value::UInt(v);
    t.add(
        Field::FtpDataSetupFrame,
        start..start,
        uint(info.setup_frame),
    );
    t.add(
        Field::FtpDataSetupMethod,
        start..start,
        Value::Str(info.method.into()),
    );
    if let Some((command, frame)) = &info.command {
        t.add(
            Field::FtpDataCommand,
            start..start,
            Value::Str(command.as_str().into()),
        );
        t.add(Field::FtpDataCommandFrame, start..start, uint(*frame));
    }
    t.add(
        Field::FtpDataCurrentWorkingDirectory,
        start..start,
        Value::Str(info.cwd.as_str().into()),
    );
    let bytes = d.frame.range(start..end).unwrap_or(&[]);
    let probe = bytes.get(..TEXT_PROBE).unwrap_or(bytes);
    let is_text = probe
        .iter()
        .all(|&c| c == b'\r' || c == b'\n' || (0x20..0x7f).contains(&c));
    if is_text && len > 0 {
        let lines = bytes.split_inclusive(|&c| c == b'\n').count();
        let n = d.tree.open_protocol(Field::DataTextLines, start..end);
        // Wireshark writes "lines" whatever the count.
        d.tree
            .label(n, || format!("Line-based text data ({lines} lines)"));
        d.tree.close();
    }
}
