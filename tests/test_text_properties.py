"""Text from anywhere: whatever a text field holds, the documents stay valid and the text reads
back literally (characters Word cannot store are replaced and reported, never crashed on)."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from briefpack.commands.brief import plan_brief

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"

SPECIALS = list("|*_#[]{}()<>&\\`~!:-+=.>\"'") + ["{{", "}}", "{%", "%}", "<!--", "-->", ":::",
                                                  "]]>", "&amp;", "&#0;", "\u200f", "\u202e"]
TEXT = st.one_of(
    st.text(min_size=1, max_size=60),  # any code point, control characters and surrogates too
    st.lists(st.sampled_from(SPECIALS + ["a", " ", "1.", "- ", "\n", "\t", "😀", "שלום", "مرحبا"]),
             min_size=1, max_size=30).map("".join),
    st.tuples(st.sampled_from(SPECIALS + ["a", "😀"]), st.text(max_size=20)).map(
        lambda parts: (parts[0] * 10_000)[:10_000] + parts[1]),  # 10,000 characters and more
)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_YAML_PRINTABLE = re.compile("[\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, escaping what YAML may not hold raw."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif _YAML_PRINTABLE.fullmatch(char) and char not in "\x85\r\t":
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def as_read(text: str) -> str:
    """What a reader should see: unstorable characters replaced, line breaks as spaces."""
    text = _NOT_XML.sub("\ufffd", text)
    text = re.sub(r"\s*[\r\n\t\f\v]+\s*", " ", text)
    return text.strip()


def texts(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text.strip() for p in document.paragraphs] + [c.strip() for c in cells]


# A fixed, reproducible set of examples in CI; no shrinking (each example writes two
# documents), so a failure is reported as generated.
@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(title=TEXT, item=TEXT, objective=TEXT)
def test_any_text_prints_literally_in_valid_documents(title, item, objective):
    with tempfile.TemporaryDirectory() as tmp:
        meeting = Path(tmp) / "m.yaml"
        meeting.write_text(
            f"org: {EXAMPLE / 'org.yaml'}\ntype: qbr\ntitle: {yaml_string(title)}\n"
            f"date: 2026-12-03\ntime: '14:00'\nduration: 90\n"
            f"attendees: {{vendor: [Sam Rivera], ours: [Dana Lee]}}\n"
            f"objectives: [{yaml_string(objective)}]\n"
            f"agenda: [{{title: {yaml_string(item)}, minutes: 5, owner: us}}]\n"
            f"share: [org-size-users]\n", encoding="utf-8")
        docs, _ = plan_brief(meeting)
        briefing, agenda, _card = (doc.docx_bytes() for doc in docs)
    agenda_texts, briefing_texts = texts(agenda), texts(briefing)  # both open: valid documents
    if as_read(title):
        assert as_read(title) in agenda_texts
    if as_read(item):
        assert any(as_read(item) in t for t in agenda_texts)
    if as_read(objective):
        assert as_read(objective) in briefing_texts
