"""Score ``briefpack check`` on a labelled folder of drafts (``labels.yaml``: audience and the
categories each draft leaks), as a user runs it: default threshold (``--fail-on high``), the
draft's own date (an e-mail's Date header), else ``DEFAULT_DATE``.

    python tests/check_score.py tests/drafts/blind [tests/drafts/issue14 ...] [-v]

A draft is caught when ``check`` fails it; per category, a category is found in a draft when
a failing finding names it.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from briefpack.data.context import load_org_context
from briefpack.guard.check import at_or_above, check_text, resolve_audience
from briefpack.guard.drafts import load_draft

ROOT = Path(__file__).resolve().parents[1]
ORG = ROOT / "examples" / "contoso"
DEFAULT_DATE = date(2026, 12, 2)  # when the corpora were written


@dataclass
class Score:
    """Draft-level and per-category counts over one or more folders."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    wrong: list[str] = field(default_factory=list)  # drafts classified wrongly, with why
    cat: Counter = field(default_factory=Counter)  # (category, tp|fp|fn) -> count

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def category_rows(self) -> list[tuple[str, int, float, float]]:
        """(category, leaking drafts, recall, precision) per category."""
        rows = []
        for c in sorted({c for c, _ in self.cat}):
            tp, fp, fn = (self.cat[(c, k)] for k in ("tp", "fp", "fn"))
            rows.append((c, tp + fn, tp / (tp + fn) if tp + fn else float("nan"),
                         tp / (tp + fp) if tp + fp else float("nan")))
        return rows


def score(folders: list[Path], score: Score | None = None) -> Score:
    """Run check on every labelled draft of ``folders`` and count."""
    ctx = load_org_context(ORG)
    playbook, org = ctx.playbook.playbook, ctx.loaded.org
    result = score or Score()
    for folder in folders:
        labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
        for name, label in labels.items():
            draft = load_draft(folder / name)
            audience = resolve_audience(playbook, org, label["audience"])
            findings = at_or_above(check_text(draft.lines, org, playbook, audience,
                                              today=draft.date or DEFAULT_DATE), "high")
            _count(result, f"{folder.name}/{name}", set(label["leaks"]), findings)
    return result


def _count(result: Score, name: str, leaks: set[str], findings: list) -> None:
    """Add one draft's outcome."""
    found = {f.category for f in findings}
    caught = bool(findings)
    if leaks and caught:
        result.tp += 1
    elif leaks:
        result.fn += 1
        result.wrong.append(f"missed {name}: {sorted(leaks)}")
    elif caught:
        result.fp += 1
        result.wrong.append(f"false alarm {name}: " + "; ".join(
            f"{f.line} {f.category} {f.matched!r}" for f in findings))
    else:
        result.tn += 1
    for c in leaks | found:
        result.cat[(c, "tp" if c in leaks and c in found else "fn" if c in leaks else "fp")] += 1


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    result = score([Path(a) for a in argv if a != "-v"])
    print(f"drafts: {result.tp + result.fn} leaking, {result.fp + result.tn} clean; "
          f"recall {result.recall:.2f}, precision {result.precision:.2f}")
    for row in result.category_rows():
        print(f"  {row[0]:30} {row[1]:3} leaking  recall {row[2]:.2f}  precision {row[3]:.2f}")
    if verbose:
        print("\n".join(result.wrong))


if __name__ == "__main__":
    main(sys.argv[1:])
