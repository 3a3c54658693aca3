"""Write the Outlook .msg drafts of the check tests (run from anywhere: python tests/drafts/make_msg.py).

A .msg file is an OLE compound file (CFB) holding MAPI properties: strings in streams named
``__substg1.0_<tag>`` (UTF-16-LE for type 001F), fixed-size values such as dates in the
``__properties_version1.0`` stream. extract-msg's OleWriter writes the compound file; this script
only lays out the streams of a minimal IPM.Note: message class, subject, sender, plain or HTML
body, one recipient, and the submit / delivery / creation times.

The files are committed; tests/test_check_inputs.py reads them (and can build more with
:func:`build_msg`). See that file for the line each leak must be reported at.
"""

from __future__ import annotations

import struct
from datetime import datetime, timezone
from pathlib import Path

from extract_msg.ole_writer import OleWriter

HERE = Path(__file__).resolve().parent

PT_LONG, PT_SYSTIME, PT_UNICODE, PT_BINARY = 0x0003, 0x0040, 0x001F, 0x0102
PROPS = "__properties_version1.0"
FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=timezone.utc)


def _filetime(when: datetime) -> int:
    """``when`` (aware) as a Windows FILETIME: 100-ns intervals since 1601-01-01 UTC."""
    delta = when - FILETIME_EPOCH
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def _entry(prop_id: int, prop_type: int, value: bytes) -> bytes:
    """One 16-byte entry of a properties stream: tag, flags (readable, writable), 8-byte value."""
    return struct.pack("<II", (prop_id << 16) | prop_type, 0x6) + value.ljust(8, b"\0")


def _string(props: list[bytes], streams: dict[str, bytes], prop_id: int, text: str,
            prefix: str = "") -> None:
    """A PT_UNICODE property: its text in a ``__substg1.0_`` stream, its size in the props."""
    data = text.encode("utf-16-le")
    streams[f"{prefix}__substg1.0_{prop_id:04X}{PT_UNICODE:04X}"] = data
    props.append(_entry(prop_id, PT_UNICODE, struct.pack("<I", len(data) + 2)))


def build_msg(path: Path, subject: str, body: str | None = None, html: str | None = None,
              sent: datetime | None = None, created: datetime | None = None,
              sender: str = "Alex Doe <alex.doe@contoso.com>",
              to: str = "Jordan Account Executive <jordan@microsoft.com>") -> Path:
    """Write a minimal Outlook message to ``path``: ``body`` as the plain-text body and/or
    ``html`` as the HTML body; ``sent`` is the submit and delivery time (left out for an unsent
    draft), ``created`` the creation and last-modification time."""
    streams: dict[str, bytes] = {}
    props: list[bytes] = []
    _string(props, streams, 0x001A, "IPM.Note")
    _string(props, streams, 0x0037, subject)
    _string(props, streams, 0x0C1A, sender.split(" <")[0])
    _string(props, streams, 0x0E04, to.split(" <")[0])  # PR_DISPLAY_TO
    if body is not None:  # Outlook ends the body's lines with CR LF
        _string(props, streams, 0x1000, body.replace("\r\n", "\n").replace("\n", "\r\n"))
    if html is not None:
        data = html.encode("utf-8")
        streams[f"__substg1.0_1013{PT_BINARY:04X}"] = data
        props.append(_entry(0x1013, PT_BINARY, struct.pack("<I", len(data))))
        props.append(_entry(0x3FDE, PT_LONG, struct.pack("<I", 65001)))  # PR_INTERNET_CPID
    # PR_STORE_SUPPORT_MASK: STORE_UNICODE_OK, the strings are UTF-16 (type 001F), as Outlook
    # writes them; readers go by it to choose between the 001F and the 8-bit 001E streams
    props.append(_entry(0x340D, PT_LONG, struct.pack("<I", 0x00040000)))
    # PR_MESSAGE_FLAGS: read (1), and unsent (8) when it has no send time
    props.append(_entry(0x0E07, PT_LONG, struct.pack("<I", 1 if sent else 1 | 8)))
    if sent is not None:
        for prop_id in (0x0039, 0x0E06):  # PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_DELIVERY_TIME
            props.append(_entry(prop_id, PT_SYSTIME, struct.pack("<Q", _filetime(sent))))
    if created is not None:
        for prop_id in (0x3007, 0x3008):  # PR_CREATION_TIME, PR_LAST_MODIFICATION_TIME
            props.append(_entry(prop_id, PT_SYSTIME, struct.pack("<Q", _filetime(created))))
    # header of a top-level message: reserved, next recipient id, next attachment id,
    # recipient count, attachment count, reserved
    header = struct.pack("<8xIIII8x", 1, 0, 1, 0)

    recip = "__recip_version1.0_#00000000/"
    recip_props: list[bytes] = []
    _string(recip_props, streams, 0x3001, to.split(" <")[0], recip)  # PR_DISPLAY_NAME
    _string(recip_props, streams, 0x3003, to.split("<")[1].rstrip(">"), recip)  # PR_EMAIL_ADDRESS
    _string(recip_props, streams, 0x3002, "SMTP", recip)  # PR_ADDRTYPE
    recip_props.append(_entry(0x0C15, PT_LONG, struct.pack("<I", 1)))  # PR_RECIPIENT_TYPE: To
    streams[recip + PROPS] = struct.pack("<8x") + b"".join(recip_props)
    streams[PROPS] = header + b"".join(props)

    writer = OleWriter()
    writer.addEntry(recip.rstrip("/"), storage=True)
    for name, data in streams.items():
        writer.addEntry(name, data)
    writer.write(str(path))
    return path


BODY_CLEAN = """Hi Jordan,

Thanks for the time last week. Could we meet in the week of 8 June to go through the
renewal timeline and the Copilot pilot results?

Best regards,
Alex"""

BODY_LEAK = """Hi Jordan,

Ahead of the renewal call, a quick note on where we stand.
To be open with you, our budget is 4.2M USD for the whole of FY27.
Could you send us the updated price list before then?

Best regards,
Alex"""

SENT = datetime(2026, 5, 12, 12, 0, tzinfo=timezone.utc)
CREATED = datetime(2026, 5, 11, 12, 0, tzinfo=timezone.utc)


def main() -> None:
    build_msg(HERE / "msg-01-clean-renewal.msg", "Renewal timeline", body=BODY_CLEAN,
              sent=SENT, created=CREATED)
    build_msg(HERE / "msg-02-budget-leak.msg", "Before our renewal call", body=BODY_LEAK,
              created=CREATED)


if __name__ == "__main__":
    main()
