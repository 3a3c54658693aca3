"""What reaches an offer's counter-proposal from what the user typed, and the finished
counter-proposal, read the way ``briefpack check`` reads a draft.

The counter-proposal is made from a view that never receives a protected fact, but the offer's
id, its products, each line's ``why``, its ``justification`` and each ``target_price`` are
printed as typed. Each is checked against the organisation's protected facts for the roles the
counter-proposal goes to (a match is a problem at its line, as for a meeting's shareable
fields), and a target price equal to a protected alternative's quote is refused: it would tell
the vendor the quote. A figure the vendor signed (the agreement's terms, the commitments) is
not a finding. :func:`counter_findings` reads the rendered counter-proposal as ``check`` would.
"""

from __future__ import annotations

from collections.abc import Iterator

from briefpack.data.offers import OfferContext
from briefpack.data.protection import protected_categories
from briefpack.data.yamlfile import YamlDoc
from briefpack.errors import Problem
from briefpack.guard.check import check_text
from briefpack.guard.figures import find_figures, matches

REACHES = "the counter-proposal"


def _typed(ctx: OfferContext) -> Iterator[tuple[tuple, str]]:
    offer = ctx.offer
    yield ("id",), offer.id
    for i, line in enumerate(offer.lines):
        yield ("lines", i, "product"), line.product
        if line.why:
            yield ("lines", i, "why"), line.why
    for i, point in enumerate(offer.justification):
        yield ("justification", i), point


def _signed(ctx: OfferContext) -> list:
    agreement = ctx.org.agreement
    texts = [*(agreement.terms if agreement else []), *(c.summary for c in ctx.org.commitments)]
    return [figure for text in texts for figure in find_figures(text)]


def _only_signed(matched: str, signed: list) -> bool:
    for part in matched.split("; "):
        figures = find_figures(part)
        whole = len(figures) == 1 and (figures[0].start, figures[0].end) == (0, len(part))
        if not (whole and any(matches(figures[0], s, loose=True) for s in signed)):
            return False
    return True


def counter_field_problems(ctx: OfferContext, doc: YamlDoc) -> list[Problem]:
    """Problems with what the offer file puts into the counter-proposal."""
    roles = ctx.guidance.counter_proposal_to
    fields = list(_typed(ctx))
    signed = _signed(ctx)
    found: dict[tuple[int, str], str] = {}
    lines = [(str(i), text) for i, (_, text) in enumerate(fields)]
    for finding in check_text(lines, ctx.org, ctx.playbook, roles, facts_only=True):
        if finding.kind == "fact" and not _only_signed(finding.matched, signed):
            found[(int(finding.line), finding.fact_id)] = finding.message.split(": ", 1)[0]
    protected = protected_categories(ctx.playbook, roles)
    for index, (_, text) in enumerate(fields):
        for fact in ctx.org.facts:
            if fact.category in protected and " ".join(fact.text.casefold().split()) in (
                    " ".join(text.casefold().split())):
                found.setdefault((index, fact.id), f'"{fact.text}"')
    problems = [doc.problem(fields[index][0], (
        f"{quoted} gives away the protected fact '{fact_id}', and this text goes into "
        f"{REACHES}. Reword it so that it does not say what the fact says"))
        for (index, fact_id), quoted in sorted(found.items())]
    return problems + _target_problems(ctx, doc, protected)


def _target_problems(ctx: OfferContext, doc: YamlDoc, protected: dict) -> list[Problem]:
    """A target price that is a protected alternative's quote for the same product."""
    problems = []
    for i, line in enumerate(ctx.offer.lines):
        if line.target_price is None:
            continue
        for fact in ctx.quotes(line.product):
            if fact.category in protected and fact.quote.unit_price == line.target_price:
                problems.append(doc.problem(("lines", i, "target_price"), (
                    f"{line.target_price} is the price {fact.quote.supplier} quoted (protected "
                    f"fact '{fact.id}'), and it goes into {REACHES}: proposing exactly that "
                    "price tells the vendor the quote. Propose a price of your own")))
    return problems


def counter_findings(ctx: OfferContext, markdown: str) -> list[str]:
    """What ``briefpack check`` would report at high in the rendered counter-proposal, for the
    roles it goes to: ``line: message`` (empty when it passes)."""
    lines = [(str(n), text) for n, text in enumerate(markdown.splitlines(), 1) if text.strip()]
    findings = check_text(lines, ctx.org, ctx.playbook, ctx.guidance.counter_proposal_to,
                          today=ctx.as_of)
    return [f"{f.message}" for f in findings if f.severity == "high"]
