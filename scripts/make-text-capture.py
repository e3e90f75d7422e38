#!/usr/bin/env python3
"""Writes tests/captures/text-protocols.pcap: FTP, SMTP, POP3 and IMAP sessions as their
servers and clients talk -- greetings, logins, multi-line replies, one message sent and one
fetched, a command split across two segments and two commands in one segment. For the
line-based dissectors (Protocol and Info columns, request/response fields). scapy builds the
segments (pip install scapy==2.6.1); sequence numbers and times are fixed, so the capture is
the same on every run.
Addresses: 198.18.0.0/15.
Usage: scripts/make-text-capture.py [DIR]
"""
import sys

from scapy.all import IP, TCP, Ether, Raw, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
MESSAGE = (b"From: Alice <alice@example.test>\r\nTo: bob@example.test\r\n"
           b"Subject: lunch\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n\r\n"
           b"Noon at the usual place?\r\n")

# (client port, server port, [(from client?, bytes)])
SESSIONS = [
    (40021, 21, [
        (False, b"220 (vsFTPd 3.0.3)\r\n"),
        (True, b"USER anonymous\r\n"),
        (False, b"331 Please specify the password.\r\n"),
        (True, b"PASS guest@\r\n"),
        (False, b"230 Login successful.\r\n"),
        (True, b"SYST\r\n"),
        (False, b"215 UNIX Type: L8\r\n"),
        (True, b"FEAT\r\n"),
        (False, b"211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n SIZE\r\n UTF8\r\n211 End\r\n"),
        (True, b"TYPE I\r\n"),
        (False, b"200 Switching to Binary mode.\r\n"),
        (True, b"CWD /pub\r\n"),
        (False, b"250 Directory successfully changed.\r\n"),
        (True, b"SIZE readme.txt\r\n"),
        (False, b"213 1234\r\n"),
        (True, b"NOOP\r\n"),
        (False, b"200 NOOP ok.\r\n"),
        (True, b"QUIT\r\n"),
        (False, b"221 Goodbye.\r\n"),
    ]),
    (40025, 25, [
        (False, b"220 mail.example.test ESMTP Postfix (Debian/GNU)\r\n"),
        (True, b"EHLO client.example.test\r\n"),
        (False, b"250-mail.example.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
                b"250-8BITMIME\r\n250 SMTPUTF8\r\n"),
        (True, b"MAIL FROM:<alice@example.test>\r\n"),
        (False, b"250 2.1.0 Ok\r\n"),
        (True, b"RCPT TO:<bob@example.test>\r\n"),
        (False, b"250 2.1.5 Ok\r\n"),
        (True, b"DATA\r\n"),
        (False, b"354 End data with <CR><LF>.<CR><LF>\r\n"),
        (True, MESSAGE + b".\r\n"),
        (False, b"250 2.0.0 Ok: queued as 4SVW1X2Y3Z\r\n"),
        (True, b"QUIT\r\n"),
        (False, b"221 2.0.0 Bye\r\n"),
    ]),
    (40110, 110, [
        (False, b"+OK Dovecot (Debian) ready.\r\n"),
        (True, b"USER bob\r\n"),
        (False, b"+OK\r\n"),
        (True, b"PASS secret\r\n"),
        (False, b"+OK Logged in.\r\n"),
        (True, b"STAT\r\n"),
        (False, b"+OK 1 %d\r\n" % len(MESSAGE)),
        (True, b"LIST\r\n"),
        (False, b"+OK 1 messages:\r\n1 %d\r\n.\r\n" % len(MESSAGE)),
        (True, b"UIDL 1\r\n"),
        (False, b"+OK 1 000000015536f4d1\r\n"),
        (True, b"DELE 1\r\n"),
        (False, b"+OK Marked to be deleted.\r\n"),
        (True, b"QUIT\r\n"),
        (False, b"+OK Logging out, messages deleted.\r\n"),
    ]),
    (40143, 143, [
        (False, b"* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE "
                b"STARTTLS AUTH=PLAIN] Dovecot (Debian) ready.\r\n"),
        (True, b"a001 LOGIN bob secret\r\n"),
        (False, b"a001 OK [CAPABILITY IMAP4rev1] Logged in\r\n"),
        (True, b"a002 SELECT INBOX\r\n"),
        (False, b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* 1 EXISTS\r\n"
                b"* 0 RECENT\r\na002 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n"),
        (True, b"a003 NOOP\r\n"),
        (False, b"a003 OK NOOP completed (0.001 + 0.000 secs).\r\n"),
        (True, b"a004 LOGOUT\r\n"),
        (False, b"* BYE Logging out\r\na004 OK Logout completed (0.001 + 0.000 secs).\r\n"),
    ]),
]


def segment(src, dst, seq, ack, flags, data=b""):
    p = Ether(src="02:00:00:00:00:0a", dst="02:00:00:00:00:50") / IP(src=src[0], dst=dst[0]) / \
        TCP(sport=src[1], dport=dst[1], seq=seq, ack=ack, flags=flags, window=64240)
    return p / Raw(data) if data else p


packets = []
for n, (cport, sport, talk) in enumerate(SESSIONS):
    client, server = ("198.18.0.10", cport), ("198.18.1.%d" % (20 + n), sport)
    packets += [segment(client, server, 1000, 0, "S"), segment(server, client, 5000, 1001, "SA"),
                segment(client, server, 1001, 5001, "A")]
    cseq, sseq = 1001, 5001
    for from_client, data in talk:
        if from_client:
            packets.append(segment(client, server, cseq, sseq, "PA", data))
            cseq += len(data)
        else:
            packets.append(segment(server, client, sseq, cseq, "PA", data))
            sseq += len(data)
    packets += [segment(client, server, cseq, sseq, "FA"),
                segment(server, client, sseq, cseq + 1, "FA"),
                segment(client, server, cseq + 1, sseq + 1, "A")]
for i, p in enumerate(packets):
    p.time = 1700000200 + i * 0.01
wrpcap(f"{DIR}/text-protocols.pcap", packets)
