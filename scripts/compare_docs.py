#!/usr/bin/env python3
"""Do two versions of briefpack's Word writer write the same documents, byte for byte?

    git worktree add /tmp/before COMMIT
    python scripts/compare_docs.py /tmp/before/src [--meetings N] [--any-order]

Renders the same documents with this checkout and with the code in SRC (another checkout's
``src`` folder), and compares every part of every .docx and the order of its parts; the times of
writing and the digest (which covers them) are set aside. The documents: those of the shipped
example's meetings, of N synthetic meetings (default 16, made as ``benchmarks/bench.py`` makes
them) and a Markdown sample using every construct the writer supports, on three page set-ups.
The Markdown is rendered once, by this checkout, so only the writers are compared. Prints each
difference (the part and the bytes around it); exits 1 if there is one. ``--any-order``: the
same parts in another order is no difference (Word and LibreOffice read parts by name).

For a change to the writer that must keep its output (a redesign, a speed-up): the golden
tests cover the example only.
"""

from __future__ import annotations

import argparse
import io
import os
import pickle
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = """\
# Heading one with **bold** and *italic*

Plain paragraph with `code`, a [link](https://example.com/a?b=1&c=2), <span>inline html</span>,
& < > "quotes". Soft break.
Hard break next.  
After it.

**All bold lead-in**

## Heading two

### Heading three

- bullet
  - nested
    - nested three
      - nested four
- [ ] task open
- [x] task done
  - [ ] nested task

1. one
2. two

5. starts at five

> quoted

::: warning A title
Inside the callout.

| a | b |
|---|---|
| x | y |
:::

::: note
:::

::: source
Source note [here](https://example.org).
:::

| Left | Centre | Right |
|:-----|:------:|------:|
| a long text that goes on and on and on and on and on and on and on | c | r |
| **b** | *i* | `c` |

| | |
|---|---|
| Label | Value |

---

<!-- pagebreak -->

```
code line

  indented & <x>
```

<div>raw html block</div>

Tab\tinside text and a trailing space 
"""
_CORE_TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")
_DIGEST = re.compile(rb"<vt:lpwstr>[0-9a-f]{64}</vt:lpwstr>")


def cases(meetings: int, folder: Path) -> list[tuple]:
    """(name, markdown, meta, reference) of every document to compare, rendered by this code;
    the synthetic meetings and the references made for it are written in `folder`."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench

    from briefpack.commands.brief import plan_meeting
    from briefpack.word.writer import DocumentMeta

    files = sorted((ROOT / "examples" / "contoso" / "meetings").glob("*.yaml"))
    if meetings:
        org = bench.make_meetings(folder, meetings)
        files += sorted((org / "meetings").glob("*.yaml"))
    out = [(f"{path.stem}-{doc.kind}", doc.markdown, doc.meta, doc.reference)
           for path in files for doc in plan_meeting(path)[0]]
    for index, meta in enumerate([
            DocumentMeta("Sample", "sub", "Org & Co", marking="INTERNAL <x>", details=[("A", "b")]),
            DocumentMeta("Sample", title_page=False, toc=False, paper="letter"),
            DocumentMeta("Sample", toc=False, paper=None)]):
        out.append((f"sample-{index}", SAMPLE, meta, None))
    logo = ROOT / "docs" / "agenda.png"
    out += [("sample-logo", SAMPLE, DocumentMeta("Sample", marking="M", logo=logo), None),
            ("sample-logo-unmarked", SAMPLE, DocumentMeta("Sample", toc=False, logo=logo), None)]
    for reference in _references(folder):
        out.append((f"sample-on-{reference.stem}", SAMPLE,
                    DocumentMeta("Sample", "sub", "Org", marking="M"), reference))
    return out


def _references(folder: Path) -> list[Path]:
    """Other references than the built-in: python-docx's own template (saved in `folder`),
    and .docx files written by other programs (the test drafts)."""
    import docx

    docx.Document().save(folder / "python-docx.docx")
    drafts = sorted((ROOT / "tests" / "drafts").glob("*.docx"))[:4]
    return [folder / "python-docx.docx", *drafts]


def rendered(docs: list[tuple]) -> dict[str, object]:
    """Each document's parts, in order, times of writing and digest set aside (or its error)."""
    from briefpack.word.writer import render_docx

    out: dict[str, object] = {}
    for name, markdown, meta, reference in docs:
        try:
            data = render_docx(markdown, meta, reference)
        except Exception as exc:  # noqa: BLE001 - an error is a result to compare too
            out[name] = f"{type(exc).__name__}: {exc}"
            continue
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [(n, archive.read(n)) for n in archive.namelist()]
        out[name] = [(n, _DIGEST.sub(b"", _CORE_TIMES.sub(b"", blob))) for n, blob in parts]
    return out


def differences(mine: dict, theirs: dict, order: bool = True) -> list[str]:
    found = []
    for name, b in mine.items():
        a = theirs.get(name)
        if a == b:
            continue
        if isinstance(a, str) or isinstance(b, str) or a is None:
            found.append(f"{name}: {a if isinstance(a, str) else 'written'} -> "
                          f"{b if isinstance(b, str) else 'written'}")
            continue
        names_a, names_b = [n for n, _ in a], [n for n, _ in b]
        if names_a != names_b and (order or sorted(names_a) != sorted(names_b)):
            found.append(f"{name}: parts {[n for n, _ in a]} -> {[n for n, _ in b]}")
        if sorted(names_a) != sorted(names_b):
            continue  # told above
        for (part, old), (_, new) in zip(sorted(a), sorted(b)):
            if old != new:
                at = next((i for i, (x, y) in enumerate(zip(old, new)) if x != y),
                          min(len(old), len(new)))
                found.append(f"{name} {part} at byte {at}:\n  before: {old[max(0, at - 80):at + 80]!r}"
                             f"\n  now:    {new[max(0, at - 80):at + 80]!r}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, nargs="?", help="the other checkout's src folder")
    parser.add_argument("--meetings", type=int, default=16, help="synthetic meetings (16)")
    parser.add_argument("--any-order", action="store_true",
                        help="the same parts in another order is no difference")
    parser.add_argument("--render", type=Path, help=argparse.SUPPRESS)  # internal: one side
    args = parser.parse_args()
    if args.render:  # run by the other side: render the pickled cases, pickle the parts
        docs = pickle.loads(args.render.read_bytes())
        args.render.write_bytes(pickle.dumps(rendered(docs)))
        return 0
    if args.other is None:
        parser.error("give the other checkout's src folder")
    with tempfile.TemporaryDirectory(prefix="compare-docs-") as tmp:
        docs = cases(args.meetings, Path(tmp))  # the meetings and references live in tmp
        exchange = Path(tmp) / "cases.pickle"
        exchange.write_bytes(pickle.dumps(docs))
        env = {**os.environ, "PYTHONPATH": str(args.other.resolve())}
        subprocess.run([sys.executable, __file__, "--render", str(exchange)], env=env,
                       check=True)
        theirs = pickle.loads(exchange.read_bytes())
        found = differences(rendered(docs), theirs, order=not args.any_order)
    for line in found:
        print(line)
    print(f"{len(docs)} documents compared, {len(found)} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
