//! Application payloads for generated traffic: DNS, HTTP, TLS ClientHello/ServerHello, DHCP.

/// A DNS query for `name` (type `qtype`).
pub fn dns_query(id: u16, name: &str, qtype: u16) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(&id.to_be_bytes());
    m.extend_from_slice(&0x0100u16.to_be_bytes());
    m.extend_from_slice(&[0, 1, 0, 0, 0, 0, 0, 0]);
    push_name(&mut m, name);
    m.extend_from_slice(&qtype.to_be_bytes());
    m.extend_from_slice(&1u16.to_be_bytes());
    m
}

/// A response with a CNAME (optional) and one A/AAAA answer, using compression pointers.
pub fn dns_response(id: u16, name: &str, qtype: u16, cname: Option<&str>, addr: &[u8]) -> Vec<u8> {
    let mut m = dns_query(id, name, qtype);
    m[2..4].copy_from_slice(&0x8180u16.to_be_bytes());
    let answers: u16 = if cname.is_some() { 2 } else { 1 };
    m[6..8].copy_from_slice(&answers.to_be_bytes());
    let mut owner = [0xc0u8, 12];
    if let Some(c) = cname {
        m.extend_from_slice(&owner);
        m.extend_from_slice(&[0, 5, 0, 1, 0, 0, 0x0e, 0x10]);
        let at = m.len() + 2;
        let mut target = Vec::new();
        push_name(&mut target, c);
        m.extend_from_slice(&(target.len() as u16).to_be_bytes());
        m.extend_from_slice(&target);
        owner = [0xc0 | (at >> 8) as u8, at as u8];
    }
    m.extend_from_slice(&owner);
    m.extend_from_slice(&qtype.to_be_bytes());
    m.extend_from_slice(&[0, 1, 0, 0, 0x01, 0x2c]);
    m.extend_from_slice(&(addr.len() as u16).to_be_bytes());
    m.extend_from_slice(addr);
    m
}

fn push_name(m: &mut Vec<u8>, name: &str) {
    for label in name.split('.').filter(|l| !l.is_empty()) {
        m.push(label.len() as u8);
        m.extend_from_slice(label.as_bytes());
    }
    m.push(0);
}

/// An HTTP/1.1 GET request.
pub fn http_request(host: &str, path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: wirelens-gen/1.0\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n").into_bytes()
}

/// An HTTP/1.1 200 response with a Content-Length body of `len` bytes.
pub fn http_response(len: usize, content_type: &str) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 200 OK\r\nServer: gen-httpd/2.4\r\nContent-Type: {content_type}\r\nContent-Length: {len}\r\n\r\n").into_bytes();
    r.extend((0..len).map(|i| b"<html>wirelens generated body</html>\n"[i % 37]));
    r
}

fn record(content_type: u8, version: u16, body: &[u8]) -> Vec<u8> {
    let mut r = vec![content_type];
    r.extend_from_slice(&version.to_be_bytes());
    r.extend_from_slice(&(body.len() as u16).to_be_bytes());
    r.extend_from_slice(body);
    r
}

fn handshake(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut h = vec![kind];
    h.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    h.extend_from_slice(body);
    h
}

fn extension(kind: u16, body: &[u8]) -> Vec<u8> {
    let mut e = kind.to_be_bytes().to_vec();
    e.extend_from_slice(&(body.len() as u16).to_be_bytes());
    e.extend_from_slice(body);
    e
}

/// A TLS 1.3-style ClientHello record with SNI, ALPN and supported_versions.
pub fn tls_client_hello(sni: &str, random: [u8; 32]) -> Vec<u8> {
    let mut b = 0x0303u16.to_be_bytes().to_vec();
    b.extend_from_slice(&random);
    b.push(32);
    b.extend_from_slice(&[0x5a; 32]);
    let suites: [u16; 5] = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f];
    b.extend_from_slice(&((suites.len() * 2) as u16).to_be_bytes());
    suites
        .iter()
        .for_each(|s| b.extend_from_slice(&s.to_be_bytes()));
    b.extend_from_slice(&[1, 0]);
    let mut sni_body = Vec::new();
    sni_body.extend_from_slice(&((sni.len() + 3) as u16).to_be_bytes());
    sni_body.push(0);
    sni_body.extend_from_slice(&(sni.len() as u16).to_be_bytes());
    sni_body.extend_from_slice(sni.as_bytes());
    let mut exts = extension(0, &sni_body);
    exts.extend(extension(
        16,
        &[
            0, 12, 2, b'h', b'2', 8, b'h', b't', b't', b'p', b'/', b'1', b'.', b'1',
        ],
    ));
    exts.extend(extension(43, &[4, 0x03, 0x04, 0x03, 0x03]));
    b.extend_from_slice(&(exts.len() as u16).to_be_bytes());
    b.extend(exts);
    record(22, 0x0301, &handshake(1, &b))
}

/// A ServerHello record choosing TLS 1.3 and TLS_AES_128_GCM_SHA256, then a ChangeCipherSpec.
pub fn tls_server_hello(random: [u8; 32]) -> Vec<u8> {
    let mut b = 0x0303u16.to_be_bytes().to_vec();
    b.extend_from_slice(&random);
    b.push(32);
    b.extend_from_slice(&[0x5a; 32]);
    b.extend_from_slice(&0x1301u16.to_be_bytes());
    b.push(0);
    let exts = extension(43, &[0x03, 0x04]);
    b.extend_from_slice(&(exts.len() as u16).to_be_bytes());
    b.extend(exts);
    let mut out = record(22, 0x0303, &handshake(2, &b));
    out.extend(record(20, 0x0303, &[1]));
    out
}

/// An encrypted application-data record of `len` bytes.
pub fn tls_app_data(len: usize, fill: u8) -> Vec<u8> {
    record(23, 0x0303, &vec![fill; len])
}

/// A DHCP message of `kind` (1 Discover, 2 Offer, 3 Request, 5 ACK).
pub fn dhcp(kind: u8, xid: u32, mac: [u8; 6], your_ip: [u8; 4], hostname: &str) -> Vec<u8> {
    let mut m = vec![if kind == 2 || kind == 5 { 2 } else { 1 }, 1, 6, 0];
    m.extend_from_slice(&xid.to_be_bytes());
    m.extend_from_slice(&[0; 4]);
    m.extend_from_slice(&[0; 4]);
    m.extend_from_slice(&your_ip);
    m.extend_from_slice(&[0; 8]);
    m.extend_from_slice(&mac);
    m.extend_from_slice(&[0; 10 + 64 + 128]);
    m.extend_from_slice(&[0x63, 0x82, 0x53, 0x63, 53, 1, kind]);
    m.extend_from_slice(&[12, hostname.len() as u8]);
    m.extend_from_slice(hostname.as_bytes());
    if kind == 2 || kind == 5 {
        m.extend_from_slice(&[
            1, 4, 255, 255, 255, 0, 3, 4, 10, 0, 0, 1, 51, 4, 0, 0, 0x0e, 0x10, 54, 4, 10, 0, 0, 1,
        ]);
    }
    m.push(255);
    m
}
