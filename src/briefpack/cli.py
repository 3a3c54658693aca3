"""The ``briefpack`` command: parses options and calls one library function per command."""

from __future__ import annotations

from pathlib import Path

import click

from briefpack import __version__
from briefpack.errors import BriefpackError


def _log_to_stderr() -> None:
    """Messages from the library (backups kept, text replaced) go to stderr, once."""
    import logging

    class ToStderr(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            click.echo(f"briefpack: {record.getMessage()}", err=True)

    logger = logging.getLogger("briefpack")
    if not logger.handlers:
        logger.addHandler(ToStderr())
        logger.setLevel(logging.INFO)
        logger.propagate = False


OUTPUT_HELP = ("Folder to write into (created if missing); the files go to a folder in it named "
               "after the organisation. Default: output/ in the current folder.")


def _echo_paths(paths: list[Path]) -> None:
    for path in paths:
        click.echo(str(path))


class _Commands(click.Group):
    """The command group: a library error becomes its message on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BriefpackError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            ctx.exit(1)


@click.group(cls=_Commands,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="briefpack")
def main() -> None:
    """Briefing packs in Word for meetings with a software vendor's account team.

    \b
    Start with the shipped example:
      briefpack brief examples/contoso/meetings/2026-12-03-q4-qbr.yaml
    writes an internal briefing pack (marked on every page) and an agenda you can send to the
    vendor, into output/. Check your own files first with `briefpack validate`.
    """
    _log_to_stderr()


output_option = click.option(
    "-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"), show_default=True, help=OUTPUT_HELP)
force_option = click.option(
    "--force", is_flag=True,
    help="Also replace files you edited or that briefpack did not write; each is kept beside "
         "the new one as <name>.backup-<time>. (Unchanged files briefpack wrote are always "
         "replaced.)")
meeting_org_option = click.option(
    "--org", "org_path", type=click.Path(path_type=Path),
    help="Organisation file or folder; overrides the meeting's `org:` field.")

def run() -> None:
    """The ``briefpack`` command itself (console script and ``python -m briefpack``)."""
    main(prog_name="briefpack")


@main.command()
@click.argument("meeting", type=click.Path(path_type=Path))
@meeting_org_option
@output_option
@click.option("--format", "formats", type=click.Choice(["docx", "md", "pdf", "ics", "eml"]),
              multiple=True,
              help="Also write Markdown (md), PDF (needs LibreOffice), a calendar invite (ics) "
                   "or the agenda as an e-mail draft (eml). Repeat for several; .docx is always "
                   "written.")
@force_option
@click.option("--preview", is_flag=True,
              help="Print the internal pack's Markdown instead of writing files (rendered "
                   "when stdout is a terminal).")
def brief(meeting: Path, org_path: Path | None, out_dir: Path, formats: tuple[str, ...],
          force: bool, preview: bool) -> None:
    """Write the internal briefing pack and the shareable agenda for MEETING.

    \b
    MEETING is a meeting file (YAML) naming its type, title, date, attendees,
    and the facts to share or play as leverage. Files written:
      <date>-<slug>-briefing.docx   internal: marked on every page
      <date>-<slug>-agenda.docx     shareable: nothing protected, by construction
      <date>-<slug>-invite.ics      shareable, with --format ics: the meeting for
                                    calendars, the agenda as its description (a
                                    meeting without a time is an all-day event)
      <date>-<slug>-agenda.eml      shareable, with --format eml: an unsent e-mail
                                    to the vendor's attendees (addresses from
                                    org.yaml), the agenda attached; Outlook opens
                                    it ready to send
    Example:
      briefpack brief meetings/2026-12-03-q4-qbr.yaml --format pdf --format eml
    Each written path is printed on its own line. Nothing is written if any input is invalid.
    With --preview nothing is written at all: the internal pack is printed to stdout.
    """
    if preview:
        if formats:
            raise click.UsageError("--preview writes no files; leave out --format")
        from briefpack.commands.brief import preview_markdown, show

        show(preview_markdown(meeting, org_path))
        return
    from briefpack.commands.brief import brief as run

    _echo_paths(run(meeting, org_path, out_dir, ("docx",) + formats, force))


@main.command()
@click.option("--org", "org_path", required=True, type=click.Path(path_type=Path),
              help="Organisation file or folder (org.yaml with account_team and commitments).")
@click.option("--from", "from_name", metavar="NAME", help="Outgoing AE (a name on the roster).")
@click.option("--to", "to_name", metavar="NAME", help="Incoming AE (a name on the roster).")
@output_option
@click.option("--format", "formats", type=click.Choice(["docx", "md", "pdf", "eml"]),
              multiple=True,
              help="Also write Markdown, PDF or the letter as an e-mail draft (eml); .docx is "
                   "always written.")
@force_option
def transition(org_path: Path, from_name: str | None, to_name: str | None, out_dir: Path,
               formats: tuple[str, ...], force: bool) -> None:
    """Write the AE-transition pack and a letter asking for written confirmation.

    \b
    The change is read from the roster: the outgoing AE (role ae) has an `until`
    date, the incoming AE a `since` date. Or name them with --from and --to.
    Files written:
      <date>-<org>-transition-pack.docx       internal: register, commitments at
                                              risk, position to re-establish, checklists
      <date>-<org>-confirmation-letter.docx   shareable: asks the vendor to confirm
                                              each open commitment in writing
      <date>-<org>-confirmation-letter.eml    with --format eml: an unsent e-mail to
                                              the incoming AE, the letter attached
    """
    from briefpack.commands.transition import transition as run

    _echo_paths(run(org_path, from_name, to_name, out_dir, ("docx",) + formats, force))


def _stdin_is_terminal() -> bool:
    """Whether someone can answer a question: followup --apply asks only then."""
    import sys

    return bool(sys.stdin and sys.stdin.isatty())


def _echo_diff(diff: str) -> None:
    """A unified diff on stderr, coloured when stderr is a terminal."""
    colours = {"+": "green", "-": "red", "@": "cyan"}
    for line in diff.splitlines():
        head = line.startswith(("+++", "---"))
        click.secho(line, err=True, bold=head, fg=None if head else colours.get(line[:1]))


@main.command()
@click.argument("meeting", type=click.Path(path_type=Path))
@meeting_org_option
@output_option
@click.option("--format", "formats", type=click.Choice(["docx", "md", "pdf", "eml"]),
              multiple=True,
              help="Also write Markdown, PDF or the request as an e-mail draft (eml); .docx is "
                   "always written.")
@force_option
@click.option("--apply", "apply", is_flag=True,
              help="Also write the outcomes into the register (commitments: in org.yaml), "
                   "after showing the change and asking.")
@click.option("--dry-run", is_flag=True,
              help="Show what --apply would change in org.yaml; write nothing at all.")
@click.option("-y", "--yes", is_flag=True,
              help="With --apply: write without asking (needed when not run from a terminal).")
def followup(meeting: Path, org_path: Path | None, out_dir: Path, formats: tuple[str, ...],
             force: bool, apply: bool, dry_run: bool, yes: bool) -> None:
    """After MEETING: ask the vendor to confirm in writing what was said or promised.

    \b
    Reads the meeting's `outcomes` (summary, made_by, kind, due). Files written:
      <date>-<slug>-confirmation-request.docx   shareable: the outcomes, for the vendor
                                                to confirm in writing
      <date>-<slug>-followup-notes.docx         internal: which outcomes become
                                                commitments, with register entries
      <date>-<slug>-confirmation-request.eml    with --format eml: an unsent e-mail
                                                to the vendor's attendees, the
                                                request attached
    An outcome that re-affirms a commitment already in the register (its id under
    `commitment`, or the same summary) updates that entry instead of adding one.

    \b
    Without --apply, org.yaml is not changed: the entries to add and to replace
    are printed on stderr. With --apply they are written into org.yaml (new
    commitments with the register's next ids, C-08 after C-07; re-affirmed ones
    changed where they change), keeping its comments and layout: the change is
    shown as a diff first, then you are asked. Without a terminal to ask on,
    --apply needs --yes. Applying again adds nothing: "nothing to apply".

    \b
    Examples:
      briefpack followup meetings/2026-12-03-q4-qbr.yaml
      briefpack followup meetings/2026-12-03-q4-qbr.yaml --dry-run
      briefpack followup meetings/2026-12-03-q4-qbr.yaml --apply
      briefpack followup meetings/2026-12-03-q4-qbr.yaml --apply --yes   # in a script
    """
    if yes and not (apply or dry_run):
        raise click.UsageError("--yes confirms --apply: pass --apply too")
    formats = ("docx",) + formats
    if apply or dry_run:
        _followup_apply(meeting, org_path, out_dir, formats, force, dry_run, yes)
        return
    from briefpack.commands.followup import followup as run

    paths, view = run(meeting, org_path, out_dir, formats, force)
    _echo_paths(paths)
    if view.register_yaml:
        click.echo("Add to commitments: in org.yaml (status verbal until confirmed in writing):",
                   err=True)
        click.echo(view.register_yaml.rstrip("\n"), err=True)
    if view.update_yaml and not all(u.applied for u in view.updates):
        click.echo("Replace in commitments: in org.yaml (re-affirmed in the meeting; verbal "
                   "until confirmed in writing):", err=True)
        click.echo(view.update_yaml.rstrip("\n"), err=True)


def _followup_apply(meeting: Path, org_path: Path | None, out_dir: Path,
                    formats: tuple[str, ...], force: bool, dry_run: bool, yes: bool) -> None:
    """followup --apply and --dry-run: show the change to org.yaml, then (not in a dry run,
    once confirmed) write the documents and org.yaml."""
    from briefpack.commands.followup import prepare_apply, write_applied

    run = prepare_apply(meeting, org_path, formats)
    click.echo(run.summary(), err=True)
    _echo_diff(run.diff())
    if dry_run:
        click.echo("Dry run: nothing was written.", err=True)
        return
    if run.changed and not yes:
        if not _stdin_is_terminal():
            raise BriefpackError(
                "--apply changes org.yaml and there is no terminal to ask on: pass --yes to "
                "write it (or --dry-run to only see the change); nothing was written")
        if not click.confirm(f"Write this change to {run.org_file.name} and the documents?",
                             default=False, err=True):
            click.echo("Nothing was written.", err=True)
            raise SystemExit(1)
    _echo_paths(write_applied(run, out_dir, formats, force))


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("output"), show_default=True,
              help="Folder to write into; each organisation's packs go to a folder named after "
                   "it. Default: output/ in the current folder.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes. Default: the number of cores.")
@click.option("--format", "formats", type=click.Choice(["docx", "md", "pdf", "ics", "eml"]),
              multiple=True, help="Also write Markdown, PDF, the calendar invite (ics) or each "
                                  "agenda as an e-mail draft (eml), as `brief` does. Repeat for "
                                  "several; .docx is always written.")
@force_option
def batch(paths: tuple[Path, ...], out_dir: Path, jobs: int | None, formats: tuple[str, ...],
          force: bool) -> None:
    """Write the briefing pack and agenda of every meeting in PATHS.

    \b
    PATHS are meeting files, folders (searched for meeting files: YAML mappings
    with type and title; templates/, output/ and hidden folders are skipped) and
    organisation folders. Files go to OUT/<organisation>/, named as by `brief`.
    Each written path is printed on its own line; a one-line summary and every
    failed meeting (file:line: what is wrong) go to stderr at the end. A failed
    meeting writes nothing and does not stop the others; the exit code is then 1.

    \b
    With --format pdf each worker converts its meetings' documents in one
    LibreOffice run, while it renders the next meetings; a document that
    cannot be converted fails its meeting, named in the list. The progress
    bar counts meetings and the documents converted, and so does the summary:
      briefpack batch clients/ -o out --format pdf --jobs 2
      60 documents written, 60 converted to PDF, 0 meetings failed, 14.2 s

    \b
    With --format eml each agenda gets its unsent e-mail draft beside it, the
    agenda attached (and its PDF, with --format pdf too), ready to send from
    Outlook after a last read.
    """
    import sys

    from briefpack.commands.batch import run_batch

    bar = None
    pdf = "pdf" in formats

    def progress(finished: int, total: int, converted: int) -> None:
        nonlocal bar
        if bar is None and total > 1 and sys.stderr.isatty():
            shown = (lambda n: f"{n} converted to PDF" if n is not None else "") if pdf else None
            bar = click.progressbar(length=total, label="Briefing", file=sys.stderr,
                                    show_pos=True, item_show_func=shown)
            bar.__enter__()
        if bar is not None:
            bar.update(finished - bar.pos, converted if pdf else None)

    try:
        result = run_batch(paths, out_dir, jobs, ("docx",) + formats, force, progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for path in result.written:
        click.echo(path)
    for failure in result.failed:
        for line in failure.errors:
            click.echo(line, err=True)
    click.echo(result.summary(), err=True)
    if result.failed:
        click.get_current_context().exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True,
              help="Treat warnings as errors: exit 1 if there are any (for CI).")
def validate(paths: tuple[Path, ...], strict: bool) -> None:
    """Check organisation and meeting files without writing anything.

    \b
    With no PATHS: the organisation folder you are in (its org.yaml and
    the meetings in its meetings/ folder; run inside meetings/ it checks
    the folder above). Anywhere else, such as a repository holding
    playbooks and tests, there is nothing to validate: it says so and
    exits 1. PATHS may be meeting files, org.yaml files, playbook folders
    (vendor.yaml and the rest) or folders to search: in a folder, each
    org.yaml, every file of an organisation's meetings/ folder, other
    meeting files (YAML mappings with type and title) and playbook
    folders are checked; other YAML files are left alone.
    Problems are listed, all at once, as
      file.yaml:LINE: field.path: what is wrong and what is expected
    and the exit code is 1 if there are any.

    \b
    Warnings are listed as `file: warning: ...` and leave the exit code 0:
    the documents still build, but without some of your look or wording (a
    style your reference.docx lacks, for which briefpack uses its own; a
    template in templates/ that no document uses). Styles are found under
    Word's and LibreOffice's names alike (toc 1 = TOC 1 = Contents 1).
    --strict makes warnings errors (exit 1). Examples:
      briefpack validate                       # in the organisation folder
      briefpack validate examples/contoso --strict
    """
    from briefpack.commands.validate import validate_paths

    result = validate_paths(list(paths), strict)
    for warning in result.warnings:
        click.echo(warning.as_warning(), err=True)
    count, warned = result.count, len(result.warnings)
    click.echo(f"ok: {count} file{'s' if count != 1 else ''} valid"
               + (f", {warned} warning{'s' if warned != 1 else ''}" if warned else ""), err=True)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", help="Your organisation's name (default: Example Organisation).")
def init(folder: Path, name: str | None) -> None:
    """Create an organisation folder to fill in: FOLDER/org.yaml and more.

    \b
    Writes, and refuses to overwrite any existing file:
      org.yaml                      commented: agreement, account team, facts, ...
      meetings/first-meeting.yaml   an example meeting that briefs as it is
      reference.docx                restyle it in Word: fonts, colours, paper, margins
      templates/README.md           the blocks you can override, and how
      schemas/*.schema.json         for completion in editors (YAML language server)
    Then:  briefpack brief FOLDER/meetings/first-meeting.yaml
    """
    from briefpack.commands.init import init as run

    _echo_paths(run(folder, name))


@main.command()
@click.argument("offer_file", metavar="OFFER", type=click.Path(path_type=Path))
@click.option("--org", "org_path", type=click.Path(path_type=Path),
              help="Organisation file or folder; overrides the offer's `org:` field and the "
                   "organisation folder its offers/ folder is in.")
@output_option
@click.option("--format", "formats", type=click.Choice(["docx", "md", "pdf"]), multiple=True,
              help="Also write Markdown or PDF (needs LibreOffice); .docx is always written.")
@force_option
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The day of the evaluation: days left to the expiry, who is on the account, "
                   "the counter-proposal's date. Default: today.")
def offer(offer_file: Path, org_path: Path | None, out_dir: Path, formats: tuple[str, ...],
          force: bool, as_of: object) -> None:
    """Evaluate an offer from the vendor and write a counter-proposal.

    \b
    OFFER is an offer file (YAML, in the organisation's offers/ folder) with its id,
    date received, from (a name on the account team), expires, kind (lto, bundle,
    renewal-proposal, true-up), currency and lines (product, quantity, unit_price
    per unit per month, list_price, term_months). Files written, named after the
    offer's date and id:
      <date>-<id>-offer-evaluation.docx   internal: the deadline against the vendor's
                                          quarter ends, every discount with its formula,
                                          the bundle taken apart, alternatives, who can
                                          approve the discount asked, questions, options
      <date>-<id>-counter-proposal.docx   shareable: the lines and prices we propose and
                                          why, for the AE to take to the deal desk
    Compared with org.yaml's agreement.prices (what you pay today), facts with uses
    (how many you would use) and facts with a quote (alternatives, never shared).

    \b
    Example:
      briefpack offer examples/contoso/offers/2027-03-10-copilot-lto.yaml --as-of 2027-03-10
    """
    from briefpack.commands.offer import offer as run

    _echo_paths(run(offer_file, org_path, out_dir, ("docx",) + formats, force,
                    as_of.date() if as_of else None))


@main.command()
@click.argument("kind", type=click.Choice(["org", "meeting", "offer", "playbook"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of org, meeting, offer or playbook files.

    Editors with a YAML language server complete and check fields when a file starts with
    `# yaml-language-server: $schema=PATH/TO/KIND.schema.json`.
    """
    from briefpack.commands.schema import schema as schema_text

    click.echo(schema_text(kind), nl=False)


@main.command("list")
@click.argument("what", type=click.Choice(["roles", "principles", "categories", "meetings",
                                           "agreements", "sources"]))
@click.option("--vendor", default="microsoft", show_default=True, help="Playbook to browse.")
def list_(what: str, vendor: str) -> None:
    """Browse the playbook: roles, principles, categories, meeting types, agreement kinds
    (what an organisation's agreement.kind may be) or sources."""
    from briefpack.commands.listing import listing

    click.echo(listing(what, vendor))


def _check_findings(draft: Path, from_stdin: bool, org_path: Path, audience: tuple[str, ...]):
    """The findings of ``check``; a draft or --audience it cannot use, or an --org that does
    not exist, is misuse (exit 2), said of the option concerned."""
    from briefpack.commands.check import DraftError, UnknownRole, check, check_stream

    if not org_path.exists():
        raise click.BadParameter(f"no such file or folder: {org_path}; --org takes your "
                                 "org.yaml or the folder that holds it (examples/contoso, "
                                 "say)", param_hint="--org")
    try:
        if from_stdin:
            import sys

            # the bytes as given (click.get_binary_stream is deprecated since click 8.5)
            return check_stream(sys.stdin.buffer, org_path, audience)
        return check(draft, org_path, audience)
    except DraftError as exc:
        raise click.BadParameter(str(exc), param_hint="DRAFT") from None
    except UnknownRole as exc:
        raise click.BadParameter(str(exc), param_hint="--audience") from None


@main.command()
@click.argument("draft", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option("--org", "org_path", required=True, type=click.Path(path_type=Path),
              help="Organisation file or folder whose facts the draft must not reveal.")
@click.option("--audience", multiple=True, metavar="ROLE",
              help="Who receives the draft: a role id of the playbook (briefpack list roles), "
                   "one of its aliases or titles, or a name on the account team. Repeat, or "
                   "separate with commas. What these roles probe for becomes a high finding.")
@click.option("--fail-on", type=click.Choice(["low", "medium", "high"]), default="high",
              show_default=True, help="Exit 1 when a finding is at least this severe.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: {draft, findings: [{line, severity, message, "
                                      "category, fact_id, matched, why, say_instead, ...}]} "
                                      "for other tools.")
def check(draft: Path, org_path: Path, audience: tuple[str, ...], fail_on: str,
          fmt: str) -> None:
    """Check a draft you are about to send to the vendor for protected information.

    \b
    DRAFT is an e-mail or agenda you wrote: .txt, .md, .eml, .msg (Outlook) or
    .docx; - reads it from standard input, its format told from its bytes (a
    .docx, a .msg, an e-mail that opens with headers, else plain text) and its
    findings named <stdin>. Each finding is
      DRAFT:LINE: severity: message
    high    the vendor would learn something protected from these readers: a
            protected or strategic fact, its figures however written (4.2M =
            $4.2m = four point two million; "about 4 million" within 10%;
            2027-04-15 as 15/04 or mid-April), wording that reveals a protected category
            ("no option to extend", "needs our CFO"), a phrase to avoid, a
            competitor (any case). Each finding says why, and what to say
            instead.
    medium  a phrase to avoid of a category safe with this --audience
    low     a protected topic's word next to a figure
    Not findings: what the vendor knows (agreement terms, its commitments,
    safe facts, facts marked known_to_vendor, its own fiscal calendar).
    "Next year" counts from the draft's date (an e-mail's Date), else today.
    \b
    LINE is the line of the file for .txt and .md, and for .eml (Subject and body;
    body:N = N-th line of an encoded body). For .msg, 1 is the Subject and body:N
    the N-th line of the body (of its text, for an HTML-only body). For .docx,
    N = N-th non-empty paragraph of the body in reading order, table cells
    included (row by row); header:N and footer:N number the paragraphs of the
    headers and footers.
    Exit 0 when clean, 1 when a finding is at or above --fail-on, 2 on misuse (an
    unreadable draft, an empty standard input, an unknown --audience role, an --org
    that does not exist); an organisation with errors is reported at its lines, exit 1.
    """
    from briefpack.commands.check import STDIN, STDIN_NAME, report

    from_stdin = str(draft) == STDIN
    findings = _check_findings(draft, from_stdin, org_path, audience)
    text, line, failed = report(STDIN_NAME if from_stdin else draft, findings, fmt, fail_on)
    if text:
        click.echo(text)
    click.echo(line, err=True)
    if not audience:
        click.echo("note: no --audience given, so only what is protected from everyone was "
                   "looked for; name who gets it (--audience csm, or a name such as "
                   "'Priya Shah') to add what they probe for", err=True)
    if failed:
        click.get_current_context().exit(1)


# --------------------------------------------------------------------------- register


class _RegisterGroup(click.Group):
    """``register`` lists the register; ``register export`` and ``register import`` are its
    verbs. Anything else after ``register`` (an ORG, an option) is the listing's."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = ["list", *args]
        return super().parse_args(ctx, args)


class _RegisterListing(click.Command):
    """The listing, used as ``briefpack register [ORG] ...``: its usage says so."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.parent.command_path if ctx.parent else ctx.command_path,
                              " ".join(self.collect_usage_pieces(ctx)))


register_org_option = click.option(
    "--org", "org_option", type=click.Path(path_type=Path), metavar="PATH",
    help="The organisation, as ORG (either may be given).")


def _one_org(org_path: Path | None, org_option: Path | None) -> Path | None:
    """ORG or --org: the same organisation if both are given."""
    if org_path and org_option and org_path.resolve() != org_option.resolve():
        raise click.BadParameter(f"ORG is {org_path} but --org is {org_option}; give one",
                                 param_hint="--org")
    return org_path or org_option


@main.group(cls=_RegisterGroup, add_help_option=False)
def register() -> None:
    """The commitments register: list it, or edit the records in Excel.

    \b
      briefpack register [ORG] [--status S] [--overdue] [--by NAME] [--format text|json|xlsx]
      briefpack register export [ORG] [-o DIR]
      briefpack register import WORKBOOK [ORG] [--dry-run]
    See `briefpack register --help` and `briefpack register export --help`.
    """


@register.command("list", cls=_RegisterListing, hidden=True)
@click.argument("org_path", metavar="[ORG]", required=False, type=click.Path(path_type=Path))
@register_org_option
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["verbal", "written", "honoured", "broken", "withdrawn"]),
              help="Only commitments with this status; repeat for several.")
@click.option("--overdue", is_flag=True,
              help="Only overdue commitments: due date passed, neither honoured nor withdrawn.")
@click.option("--by", metavar="NAME", help="Only commitments made by NAME (full name, or one "
                                           "of its words: --by Alex).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The day ages and due dates are counted to (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "xlsx"]), default="text",
              show_default=True,
              help="text or json on stdout; xlsx writes OUT/<organisation>/<as-of>-<org>-"
                   "register.xlsx (internal, marked).")
@output_option
@force_option
def register_list(org_path: Path | None, org_option: Path | None, statuses: tuple[str, ...],
                  overdue: bool, by: str | None, as_of, fmt: str, out_dir: Path,
                  force: bool) -> None:
    """List every commitment: status, age, due date, overdue, next action; then the chase list.

    \b
    ORG is an organisation file or folder (default: the one you are in). Filters
    combine. Next action: verbal, get it in writing; written and not yet due,
    track; overdue, chase delivery; broken, raise it at the next meeting (the
    earliest meeting file on or after --as-of, with its date); honoured or
    withdrawn, none. The chase list orders the verbal commitments to confirm in
    writing: first those made by people who have left the account or are leaving
    it (`until` on the roster), then by `value` (largest first), then by age.
    Examples:
      briefpack register examples/contoso --as-of 2026-12-03
      briefpack register examples/contoso --overdue --as-of 2026-12-03
      briefpack register examples/contoso --status verbal --by Alex
      briefpack register examples/contoso --format json | jq '.chase'
      briefpack register examples/contoso --format xlsx -o output
    --format json keys: organisation, marking, as_of, filters {status, overdue,
    by}, total, commitments [{id, date, made_by, summary, status, evidence, due,
    value, age_days, overdue, days_overdue, maker_until, maker_left,
    next_action}], chase [{rank, id, made_by, reason}], next_meeting {date,
    title, file} or null. Dates are YYYY-MM-DD, missing values null.
    Also: `briefpack register export` and `briefpack register import` (Excel).
    """
    from briefpack.commands.register import UnknownName
    from briefpack.commands.register import register as run

    try:
        text, paths = run(_one_org(org_path, org_option), statuses, overdue, by,
                          as_of and as_of.date(), fmt, out_dir, force)
    except UnknownName as exc:
        raise click.BadParameter(exc.message, param_hint="--by") from None
    if text:
        click.echo(text)
    _echo_paths(paths)


@register.command("export")
@click.argument("org_path", metavar="[ORG]", required=False, type=click.Path(path_type=Path))
@register_org_option
@output_option
@force_option
def register_export(org_path: Path | None, org_option: Path | None, out_dir: Path,
                    force: bool) -> None:
    """Write commitments, advice, issues and facts to one workbook, to edit in Excel.

    \b
    Writes OUT/<organisation>/<today>-<org>-register-export.xlsx: one sheet each,
    the marking in the first row and the printed header of every sheet, a frozen
    header row with filters, dates as dates, TRUE/FALSE as booleans, drop-downs
    for status, impact and category. Edit cells, add rows (a new id is a new
    entry), then read it back with `briefpack register import`.
    Example:
      briefpack register export examples/contoso -o output
    """
    from briefpack.commands.register import export_records

    _echo_paths(export_records(_one_org(org_path, org_option), out_dir, force))


@register.command("import")
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("org_path", metavar="[ORG]", required=False, type=click.Path(path_type=Path))
@register_org_option
@click.option("--dry-run", is_flag=True, help="Report the changes; write nothing.")
def register_import(workbook: Path, org_path: Path | None, org_option: Path | None,
                    dry_run: bool) -> None:
    """Read an edited workbook (from `register export`) back into ORG's org.yaml.

    \b
    Every changed cell is printed on stdout, as
      Commitments!E4: C-02 status: "verbal" -> "written"
    and each row with a new id as a new entry. A bad cell is an error at its
    cell (Commitments!E7: status 'promised' is not one of: ...), exit 1, and
    nothing is written unless every cell is valid. org.yaml keeps its comments,
    order and layout; only the changed values change, and a workbook with no
    edits changes nothing. Rows are matched by ID, so sorting and filtering are
    harmless. A deleted row is an error: import never deletes an entry (mark a
    commitment withdrawn, or delete it from org.yaml). A value changed in org.yaml
    since the export is kept, unless the workbook changed the same cell: that
    conflict is an error to resolve.
    Examples:
      briefpack register import output/contoso-ltd/2026-12-03-contoso-ltd-register-export.xlsx examples/contoso --dry-run
    """
    from briefpack.commands.register import WorkbookUnreadable, import_records

    try:
        report = import_records(workbook, _one_org(org_path, org_option), dry_run)
    except WorkbookUnreadable as exc:
        raise click.BadParameter(exc.message, param_hint="WORKBOOK") from None
    for line in report.changes:
        click.echo(line)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    from briefpack.errors import display_path

    shown = display_path(report.org_file)
    if dry_run:
        click.echo(f"{report.summary()}; dry run: {shown} left as it was", err=True)
    elif report.written:
        click.echo(f"{report.summary()}: {shown} written", err=True)
    else:
        click.echo(f"no changes: {shown} left as it was", err=True)


@main.command()
@click.argument("org_path", metavar="[ORG]", required=False, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The day to count from (default: today).")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="First day listed (default: --as-of).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Last day listed (default: the last renewal, MACC end or own deadline "
                   "ahead).")
@click.option("--format", "fmt", type=click.Choice(["text", "ics"]), default="text",
              show_default=True, help="text: list on stdout, nothing written; ics: write the "
                                      "internal calendar file.")
@output_option
@force_option
def calendar(org_path: Path | None, as_of, start, end, fmt: str, out_dir: Path,
             force: bool) -> None:
    """List the renewal milestones of ORG, or write them as an internal .ics.

    \b
    ORG is an organisation file or folder (default: the one you are in). From
    its agreement (an EA's renewal_date, an MCA-E's order_forms, CSP
    subscriptions, a MACC), its own deadlines (facts with a date) and the
    playbook's milestones (playbooks/microsoft/milestones.yaml, each sourced):
    start of preparation, Microsoft's proposal, reminders, internal approvals,
    our deadlines, Microsoft's quarter and year ends. Each line: date, days
    from --as-of, what, for which agreement or order form, kinds of source.
    Examples:
      briefpack calendar examples/contoso --as-of 2026-12-03
      briefpack calendar examples/contoso --from 2027-01-01 --to 2027-06-30
      briefpack calendar examples/contoso --format ics -o output
    --format ics writes OUT/<organisation>/<as-of>-<organisation>-calendar.ics:
    internal (the marking in every event, private, no attendees: never send
    it to the vendor), all-day events with reminders at 09:00.
    """
    if start and end and start > end:
        raise click.BadParameter("--from is after --to", param_hint="--from")
    from briefpack.commands.calendar import calendar as run

    text, paths = run(org_path, as_of and as_of.date(), start and start.date(),
                      end and end.date(), fmt, out_dir, force)
    if text:
        click.echo(text, nl=False)
    _echo_paths(paths)
