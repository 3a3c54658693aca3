"""Save briefpack's built-in look as templates/reference.docx.

Run from the repository root after changing the styles in src/briefpack/reference.py:

    python scripts/make_reference.py

Organisations can copy the result, restyle it in Word (Modify Style), and point their
org folder at it; the Word writer only ever refers to styles by name.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefpack.word.reference import REQUIRED_STYLES, build_reference, missing_styles  # noqa: E402


def main() -> int:
    """Build the reference document, check it defines every required style, save it."""
    document = build_reference()
    missing = missing_styles(document)
    if missing:
        print(f"reference lacks styles: {', '.join(missing)}", file=sys.stderr)
        return 1
    target = ROOT / "templates" / "reference.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    print(target)
    print(f"{len(REQUIRED_STYLES)} required styles present", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
