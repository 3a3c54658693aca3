#!/usr/bin/env python3
"""How fast is briefpack? One run measures everything issues 6, 12 and 19 ask and prints each
ratio against its target.

    python benchmarks/bench.py [--meetings N] [--jobs N] [--repeat N] [--keep DIR]
                               [--pdf-meetings N] [--runs N] [--against SRC]
                               [--batch-runs N]

Needs briefpack installed (``pip install .`` or ``pip install -e .``). pandoc and LibreOffice
are optional, each comparison skipped (saying how to install it) when its program is missing:
pandoc from https://pandoc.org/installing.html (Debian/Ubuntu: ``apt-get install pandoc``;
macOS: ``brew install pandoc``), LibreOffice as the README says for ``--format pdf``.
Everything is written in a temporary folder. briefpack's processes run as on a user's machine,
writing compiled code to ``__pycache__``: ``PYTHONDONTWRITEBYTECODE`` is left out of their
environment.

1. N synthetic meetings (default 200) of all eight meeting types for examples/contoso.
2. ``briefpack batch`` on them, in a subprocess: documents per second, seconds per meeting (its
   briefing, agenda and card), and the peak memory of its process tree (sum of every process's
   proportional set size, sampled from /proc) and of its largest process (``ru_maxrss``).
3. pandoc converting each meeting's briefing alone (the Markdown briefpack renders for it, by
   its own plan functions) to .docx, with briefpack's reference.docx, one process per
   document, two at a time: seconds per meeting, against the batch's. The batch and pandoc
   run alternately, --runs times each (default 3), best of each kept, so that a slow spell of
   a shared machine falls on both. Also shown, not a target: documents a second of each (the
   batch writes three a meeting, pandoc one), the measure before issue 19.
4. PDF: ``briefpack batch --format pdf`` of the first --pdf-meetings meetings (default 20)
   against one plain ``soffice --headless --convert-to pdf`` of the same .docx files (those the
   batch wrote), each with a new LibreOffice profile (as briefpack makes one per run), run
   alternately --runs times each, best of each kept. A plain conversion leaves the contents
   without page numbers; it is the floor, the cost of LibreOffice itself.
5. A cold ``briefpack brief`` of the example QBR, its meeting file edited before every run
   (as when preparing a meeting), against ``python -c "import docx, jinja2, yaml"``: new
   processes, run alternately, best of --repeat runs each, after one untimed run of each (so
   both start with their compiled-code caches warm: Python's __pycache__ and briefpack's
   compiled built-in templates). Also shown: the files unchanged, and nothing cached (a new,
   empty cache folder every run).
6. One meeting for an organisation with 2,000 commitments and 2,000 facts against one with
   200: validate and render both documents (.docx bytes, not written), in this process after a
   warm-up, the organisation loaded and validated every run, garbage collection paused during
   each run as in batch workers, best of --repeat.
7. With ``--against SRC`` (the ``src`` folder of another checkout, e.g. one made with
   ``git worktree add /tmp/before COMMIT``): ``batch --jobs 1`` of the same meetings with that
   code and with this one, alternately, --batch-runs times each; CPU seconds per meeting and
   their ratio, pair by pair (median).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
QBR = EXAMPLE / "meetings" / "2026-12-03-q4-qbr.yaml"
TYPES = ["qbr", "renewal-kickoff", "adoption-review", "technical-deep-dive", "escalation",
         "negotiation", "new-ae-introduction", "roadmap-briefing"]
VENDOR_TEAMS = [["Sam Rivera", "Priya Shah"], ["Sam Rivera"], ["Priya Shah", "Tomás Novak"],
                ["Helen Brooks", "Sam Rivera"], ["Sam Rivera", "Jordan Blake"],
                ["Sam Rivera", "Priya Shah", "Tomás Novak", "Helen Brooks"]]
CATEGORIES = ["technical-requirements", "deployment-plans", "organisation-size",
              "technical-interest", "renewal-timeline", "renewal-urgency", "budget",
              "budget-cycle", "commercial-strategy", "competitive-evaluation",
              "competitive-technology-depth", "approval-constraints", "board-deadlines",
              "strategic-initiatives"]
STATUSES = ["verbal", "written", "honoured", "broken", "withdrawn"]
MIB = 1024 * 1024


# --------------------------------------------------------------------------- inputs


def user_environment(cache: Path) -> dict[str, str]:
    """The environment of a briefpack process: this one's, with briefpack's cache in
    ``cache`` (the user's own is neither read nor filled), as a user's Python would run it,
    writing compiled code to ``__pycache__`` (``PYTHONDONTWRITEBYTECODE``, which some
    containers and CI images set, is left out; with it every run compiles briefpack's modules
    again, a fifth of a cold brief's instructions, where the import floor's libraries are
    compiled at install)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "BRIEFPACK_CACHE_DIR": str(cache)}


def make_meetings(folder: Path, count: int) -> Path:
    """A copy of the example organisation with ``count`` synthetic meetings; its folder."""
    org = folder / "contoso"
    shutil.copytree(EXAMPLE, org, ignore=shutil.ignore_patterns("meetings"))
    meetings = org / "meetings"
    meetings.mkdir()
    for i in range(count):
        kind = TYPES[i % len(TYPES)]
        vendor = VENDOR_TEAMS[i % len(VENDOR_TEAMS)]
        day = date(2027, 1, 4) + timedelta(days=i % 360)
        leverage = "[competitive-eval-crowdstrike]" if i % 3 == 0 else "[]"
        (meetings / f"{day.isoformat()}-meeting-{i:04d}.yaml").write_text(f"""\
org: ../org.yaml
type: {kind}
title: "{kind.replace('-', ' ').capitalize()} {i}"
date: {day.isoformat()}
time: "{9 + i % 8:02d}:30"
location: Microsoft Teams
attendees:
  vendor: [{", ".join(vendor)}]
  ours: [Dana Lee{", Ravi Patel" if i % 2 else ""}]
objectives:
  - "Objective A of meeting {i}: get the open commitments confirmed in writing."
  - "Objective B of meeting {i}: agree owners and dates for the open issues."
agenda:
  - {{title: "Our item for meeting {i}", minutes: 10, owner: us, note: "internal note {i}"}}
  - {{title: "Joint review {i}", minutes: 5, owner: joint}}
leverage: {leverage}
share: [org-size-users, deploy-teams-phone]
""", encoding="utf-8")
    return org


def make_scaled_org(folder: Path, count: int) -> Path:
    """The example organisation with ``count`` facts and ``count`` commitments, and the
    example QBR for it; the meeting file."""
    data = yaml.safe_load((EXAMPLE / "org.yaml").read_text(encoding="utf-8"))
    facts, commitments = list(data["facts"]), list(data["commitments"])
    people = [m["name"] for m in data["account_team"]]
    for i in range(len(facts), count):
        category = CATEGORIES[i % len(CATEGORIES)]
        facts.append({"id": f"fact-{i:05d}", "category": category,
                      "text": f"Fact {i} ({category}): {i * 7} units in site {i % 40}"})
    for i in range(len(commitments), count):
        commitments.append({
            "id": f"C-{i:05d}", "date": date(2024, 1, 1) + timedelta(days=i % 700),
            "made_by": people[i % len(people)], "status": STATUSES[i % len(STATUSES)],
            "summary": f"Commitment {i}: deliver item {i} at no extra cost before renewal",
            "evidence": "" if i % 5 == 0 else f"email of {i % 28 + 1} March"})
    data["facts"], data["commitments"] = facts[:count], commitments[:count]
    folder.mkdir(parents=True)
    (folder / "org.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    meeting = folder / "meeting.yaml"
    meeting.write_text(QBR.read_text(encoding="utf-8").replace("org: ../org.yaml",
                                                               "org: org.yaml"), encoding="utf-8")
    return meeting


# --------------------------------------------------------------------------- measuring


def briefpack_command() -> list[str]:
    """How a user runs briefpack: its console script (beside this Python, or on PATH)."""
    beside = Path(sys.executable).with_name("briefpack")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("briefpack")
    if found:
        return [found]
    return [sys.executable, "-m", "briefpack"]


class TreeMemory:
    """Samples the memory of a process and its descendants from /proc (Linux): the peak of
    the sum of their proportional set sizes (shared pages counted once in all)."""

    def __init__(self, pid: int, interval: float = 0.02):
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.available = Path(f"/proc/{pid}").exists()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self.available:
            self._thread.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += children.get(pid, [])
        return tree

    @staticmethod
    def _pss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
        except (OSError, ValueError):
            pass
        try:  # no smaps_rollup: resident set size
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf(
                "SC_PAGE_SIZE")
        except (OSError, ValueError):
            return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._pss(pid) for pid in self._tree()))
            self._stop.wait(self.interval)


MAXRSS_WRAPPER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(kib * (1 if sys.platform != "darwin" else 1 / 1024), code)
"""


def time_batch(org: Path, out: Path, jobs: int | None) -> dict:
    """Run ``briefpack batch`` once; documents, seconds, peak memory. briefpack's cache is a
    new folder in the work folder: the user's own is neither read nor filled."""
    cmd = briefpack_command() + ["batch", str(org), "-o", str(out)]
    env = user_environment(out.parent / "batch-cache")
    if jobs:
        cmd += ["--jobs", str(jobs)]
    start = time.perf_counter()
    wrapper = subprocess.Popen([sys.executable, "-c", MAXRSS_WRAPPER, *cmd], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(wrapper.pid) as memory:
        stdout, stderr = wrapper.communicate()
    seconds = time.perf_counter() - start
    maxrss_kib, code = stdout.split()
    if code != "0":
        sys.exit(f"briefpack batch failed:\n{stderr}")
    documents = sum(1 for _ in out.rglob("*.docx"))
    # the wrapper is a small Python process of its own: count only what it started
    return {"documents": documents, "seconds": seconds, "summary": stderr.strip().splitlines()[-1],
            "tree_peak": memory.peak - _own_python_pss() if memory.available else None,
            "largest_process": float(maxrss_kib) * 1024}


_OWN_PSS: int | None = None


def _own_python_pss() -> int:
    """Memory of an idle ``python -c`` like the wrapper (subtracted from the tree's peak)."""
    global _OWN_PSS
    if _OWN_PSS is None:
        idle = subprocess.Popen([sys.executable, "-c",
                                 "import resource, subprocess, sys, time; time.sleep(0.5)"])
        time.sleep(0.3)
        _OWN_PSS = TreeMemory._pss(idle.pid)
        idle.wait()
    return _OWN_PSS


def pandoc_sources(folder: Path, meetings: list[Path]) -> list[Path]:
    """The Markdown of each meeting's briefing, as briefpack renders it, one file each."""
    from briefpack.commands.brief import plan_brief

    sources = []
    for meeting in meetings:
        docs, _ = plan_brief(meeting)
        briefing = next(doc for doc in docs if doc.kind == "briefing")
        source = folder / f"{meeting.stem}-briefing.md"
        source.write_text(briefing.markdown, encoding="utf-8")
        sources.append(source)
    return sources


def time_pandoc(sources: list[Path], pandoc: str) -> float:
    """Seconds for pandoc to convert ``sources`` to .docx with briefpack's reference.docx: one
    process per document, two at a time."""
    from briefpack.resources import templates_dir

    reference = templates_dir() / "reference.docx"
    extra = ["--reference-doc", str(reference)] if reference.is_file() else []

    def convert(source: Path) -> None:
        subprocess.run([pandoc, str(source), "-o", str(source.with_suffix(".docx")), *extra],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(convert, sources))
    return time.perf_counter() - start


def time_pdf(folder: Path, org: Path, count: int, jobs: int | None, runs: int,
             soffice: str) -> dict:
    """``briefpack batch --format pdf`` of ``count`` meetings against one plain ``soffice
    --convert-to pdf`` of the .docx it wrote, alternately, ``runs`` times each, each run with
    a new LibreOffice profile (briefpack makes its own); the best of each."""
    pdf_org = folder / "pdf-org"
    shutil.copytree(org, pdf_org, ignore=shutil.ignore_patterns("meetings"))
    (pdf_org / "meetings").mkdir()
    for meeting in sorted((org / "meetings").glob("*.yaml"))[:count]:
        shutil.copy(meeting, pdf_org / "meetings" / meeting.name)
    env = user_environment(folder / "pdf-cache")
    best = {"batch": float("inf"), "plain": float("inf")}
    summary = ""
    for run in range(runs):
        out = folder / f"pdf-out-{run}"
        cmd = briefpack_command() + ["batch", str(pdf_org), "-o", str(out), "--format", "pdf"]
        cmd += ["--jobs", str(jobs)] if jobs else []
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, check=False)
        best["batch"] = min(best["batch"], time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"briefpack batch --format pdf failed:\n{done.stderr}")
        summary = done.stderr.strip().splitlines()[-1]
        documents = sorted(out.rglob("*.docx"))
        plain = folder / f"plain-{run}"
        plain.mkdir()
        for document in documents:
            shutil.copy(document, plain / document.name)
        profile = (folder / f"plain-profile-{run}").resolve().as_uri()
        best["plain"] = min(best["plain"], _wall(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(plain / "pdf"), *sorted(str(p) for p in plain.glob("*.docx"))],
            folder, env))
        if len(list((plain / "pdf").glob("*.pdf"))) != len(documents):
            sys.exit("soffice --convert-to pdf did not convert every document")
        shutil.rmtree(out)
        shutil.rmtree(plain)
    return {**best, "meetings": count, "documents": len(documents), "summary": summary}


def _wall(cmd: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def time_cold(folder: Path, repeat: int, against: Path | None = None) -> dict:
    """A cold ``brief`` of the example QBR and the import floor, each in a new process.

    The runs alternate (floor, brief, floor, brief, ...) so that a slow spell of a shared
    machine falls on both; the best of ``repeat`` of each is kept, after one untimed run of
    each. briefpack uses a cache folder of its own here, so the first run fills it as a user's
    first run would. ``edited``: the meeting file changed before every run (the target);
    ``brief``: the files unchanged; ``uncached``: a new, empty cache folder every run. With
    ``against`` (another checkout's ``src``), that code's brief of the edited meeting too, its
    own caches warm (``against``) and off (``against_uncached``), in the same alternation.
    """
    example = folder / "cold-example"
    shutil.copytree(EXAMPLE, example)
    meeting = example / "meetings" / QBR.name
    text = meeting.read_text(encoding="utf-8")
    env = user_environment(folder / "cold-cache")
    brief = briefpack_command() + ["brief", str(meeting), "-o", str(folder / "cold"), "--force"]
    floor = [sys.executable, "-c", "import docx, jinja2, yaml"]
    _wall(floor, folder, env)
    _wall(brief, folder, env)
    best = {"floor": float("inf"), "brief": float("inf"), "edited": float("inf"),
            "uncached": float("inf")}
    if against is not None:
        other = [sys.executable, "-m", "briefpack", "brief", str(meeting), "-o",
                 str(folder / "cold-against"), "--force"]
        other_env = {**env, "PYTHONPATH": str(against),
                     "BRIEFPACK_CACHE_DIR": str(folder / "cold-against-cache")}
        other_off = {**other_env, "BRIEFPACK_CACHE_DIR": ""}
        _wall(other, folder, other_env)
        best.update(against=float("inf"), against_uncached=float("inf"))
    for run in range(repeat):
        best["floor"] = min(best["floor"], _wall(floor, folder, env))
        meeting.write_text(f"{text}\n# edited before run {run}\n", encoding="utf-8")
        best["edited"] = min(best["edited"], _wall(brief, folder, env))
        meeting.write_text(text, encoding="utf-8")
        best["brief"] = min(best["brief"], _wall(brief, folder, env))
        empty = {**env, "BRIEFPACK_CACHE_DIR": str(folder / f"cold-empty-{run}")}
        best["uncached"] = min(best["uncached"], _wall(brief, folder, empty))
        if against is not None:
            meeting.write_text(f"{text}\n# edited before its run {run}\n", encoding="utf-8")
            best["against"] = min(best["against"], _wall(other, folder, other_env))
            meeting.write_text(f"{text}\n# edited before its uncached run {run}\n",
                               encoding="utf-8")
            best["against_uncached"] = min(best["against_uncached"],
                                           _wall(other, folder, other_off))
            meeting.write_text(text, encoding="utf-8")
    return best


def time_scale(folder: Path, repeat: int) -> dict:
    """Validate and render one meeting (both documents as .docx bytes) for an organisation
    of 200 and one of 2,000 facts and commitments, in this process, the organisation parsed
    and validated every time."""
    import gc

    from briefpack.commands.brief import plan_brief
    from briefpack.data import context

    def once(meeting: Path) -> float:
        context._ORG_CACHE.clear()  # validate the organisation every time
        gc.disable()  # as batch workers do: no collection during a meeting (they collect the
        # youngest generation after it; here a full collection, outside the timing)
        start = time.perf_counter()
        docs, _ = plan_brief(meeting)
        for doc in docs:
            doc.docx_bytes()
        seconds = time.perf_counter() - start
        gc.enable()
        gc.collect()
        return seconds

    small = make_scaled_org(folder / "org-200", 200)
    large = make_scaled_org(folder / "org-2000", 2000)
    once(QBR)  # warm: imports, playbook, templates, reference
    return {"200": min(once(small) for _ in range(repeat)),
            "2000": min(once(large) for _ in range(repeat))}


def time_against(org: Path, out: Path, source: Path, runs: int) -> dict:
    """``batch --jobs 1`` of the same meetings with the code in ``source`` (another
    checkout's ``src``) and with this one, alternately: CPU seconds of each run (user + system
    of the process), and the ratio this/that of each pair."""
    meetings = len(list((org / "meetings").glob("*.yaml")))

    def cpu(pythonpath: str | None, tag: str) -> float:
        env = user_environment(out / f"cache-{tag}")
        if pythonpath:
            env["PYTHONPATH"] = pythonpath
        else:
            env.pop("PYTHONPATH", None)
        target = out / tag
        shutil.rmtree(target, ignore_errors=True)
        code = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], "
                "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
                "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
                "print(u.ru_utime + u.ru_stime, r)")
        cmd = [sys.executable, "-m", "briefpack", "batch", str(org), "-o", str(target),
               "--jobs", "1"]
        done = subprocess.run([sys.executable, "-c", code, *cmd], env=env, cwd=out,
                              capture_output=True, text=True, check=True)
        seconds, status = done.stdout.split()
        if status != "0":
            sys.exit(f"batch with {pythonpath or 'this code'} failed")
        return float(seconds)

    out.mkdir(parents=True, exist_ok=True)
    cpu(str(source), "before")  # warm-up of both: compiled code and templates
    cpu(None, "now")
    pairs = [(cpu(str(source), "before"), cpu(None, "now")) for _ in range(runs)]
    ratios = sorted(now / before for before, now in pairs)
    return {"meetings": meetings, "before": min(b for b, _ in pairs) / meetings,
            "now": min(n for _, n in pairs) / meetings, "ratio": ratios[len(ratios) // 2]}


def compare_pandoc(work: Path, org: Path, meetings: list[Path], first_batch: float,
                   pandoc: str, args: argparse.Namespace, documents: int = 0) -> tuple:
    """pandoc's seconds per meeting (the briefing alone) against the batch's (briefing,
    agenda and card), the two run alternately; the target's line."""
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                             check=False).stdout.splitlines()[0]
    (work / "pandoc").mkdir()
    sources = pandoc_sources(work / "pandoc", meetings[:args.pandoc_meetings])
    batch_best, pandoc_best = first_batch, float("inf")
    for run in range(args.runs):
        if run:
            out = work / f"out-{run}"
            batch_best = min(batch_best, time_batch(org, out, args.jobs)["seconds"])
            shutil.rmtree(out)
        pandoc_best = min(pandoc_best, time_pandoc(sources, pandoc))
    batch_each, pandoc_each = batch_best / len(meetings), pandoc_best / len(sources)
    print(f"pandoc ({version}): the briefings alone of {len(sources)} meetings in "
          f"{pandoc_best:.2f} s = {pandoc_each * 1000:.0f} ms a meeting (one process per "
          f"document, two at a time); batch: {batch_each * 1000:.0f} ms a meeting (briefing, "
          f"agenda and card; best of {args.runs} each, alternating)")
    if documents:  # the earlier measure, documents a second, as issue 19's "about 5x" counted
        print(f"  per document: batch {documents / batch_best:.1f} documents/s, pandoc "
              f"{len(sources) / pandoc_best:.1f} documents/s = "
              f"{(documents / batch_best) / (len(sources) / pandoc_best):.1f}x (not the target)")
    ratio = pandoc_each / batch_each
    return ("pandoc s/meeting (briefing alone) ÷ batch s/meeting", ratio, ">= 3", ratio >= 3)


# --------------------------------------------------------------------------- report


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=200,
                        help="synthetic meetings for the batch (default 200; the memory target "
                             "is for 1000)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="briefpack batch --jobs (default: its own, one per core)")
    parser.add_argument("--repeat", type=int, default=10, help="runs of each timing, best kept")
    parser.add_argument("--pandoc-meetings", type=int, default=None, metavar="N",
                        help="give pandoc only the first N meetings' briefings (its time per "
                             "meeting is compared; default: all)")
    parser.add_argument("--pdf-meetings", type=int, default=20, metavar="N",
                        help="meetings for batch --format pdf against plain soffice (default "
                             "20; 0 skips it)")
    parser.add_argument("--runs", type=int, default=3, metavar="N",
                        help="alternating runs of each comparison (batch and pandoc; batch "
                             "--format pdf and plain soffice), best of each kept (default 3)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--against", type=Path, metavar="SRC",
                        help="also time batch --jobs 1 with the code in SRC (another "
                             "checkout's src folder) against this code")
    parser.add_argument("--batch-runs", type=int, default=3, metavar="N",
                        help="pairs of batch runs for --against (default 3)")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="briefpack-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    import briefpack

    pandoc = shutil.which("pandoc")
    print(f"briefpack {briefpack.__version__} benchmark, {machine()}")
    org = make_meetings(work, args.meetings)
    meetings = sorted((org / "meetings").glob("*.yaml"))
    print(f"{len(meetings)} synthetic meetings of {len(TYPES)} types for examples/contoso")

    batch = time_batch(org, work / "out", args.jobs)
    print(f"\nbatch: {batch['documents']} documents in {batch['seconds']:.2f} s = "
          f"{batch['documents'] / batch['seconds']:.1f} documents/s  (briefpack: "
          f"{batch['summary']})")
    if batch["tree_peak"] is not None:
        print(f"  peak memory of the batch's processes together: {batch['tree_peak'] / MIB:.0f} MiB"
              f" (sum of proportional set sizes)")
    print(f"  peak memory of its largest process: {batch['largest_process'] / MIB:.0f} MiB "
          "(ru_maxrss)")

    results = []
    if pandoc:
        results.append(compare_pandoc(work, org, meetings, batch["seconds"], pandoc, args,
                                      batch["documents"]))
    else:
        print("pandoc: not on PATH, skipped (https://pandoc.org/installing.html; Debian/Ubuntu: "
              "apt-get install pandoc; macOS: brew install pandoc)")

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice and args.pdf_meetings:
        pdf = time_pdf(work, org, min(args.pdf_meetings, len(meetings)), args.jobs,
                       args.runs, soffice)
        print(f"PDF, {pdf['meetings']} meetings ({pdf['documents']} .docx): batch --format pdf "
              f"{pdf['batch']:.2f} s (briefpack: {pdf['summary']}); plain `soffice "
              f"--convert-to pdf` of the same .docx {pdf['plain']:.2f} s (best of {args.runs}, "
              "alternating)")
        ratio = pdf["batch"] / pdf["plain"]
        results.append(("batch --format pdf ÷ plain soffice --convert-to", ratio, "<= 1.5",
                        ratio <= 1.5))
    elif args.pdf_meetings:
        print("PDF: LibreOffice (soffice) not on PATH, skipped (Debian/Ubuntu: apt-get install "
              "libreoffice-writer-nogui)")

    cold = time_cold(work, args.repeat, args.against.resolve() if args.against else None)
    print(f"cold `briefpack brief` of the example QBR, meeting file edited before each run: "
          f"{cold['edited']:.3f} s; `python -c \"import docx, jinja2, yaml\"`: "
          f"{cold['floor']:.3f} s (best of {args.repeat}, alternating)")
    print(f"  also: files unchanged {cold['brief']:.3f} s "
          f"({cold['brief'] / cold['floor']:.2f}x the floor); nothing cached "
          f"{cold['uncached']:.3f} s ({cold['uncached'] / cold['floor']:.2f}x)")
    if args.against:
        print(f"  {args.against}, meeting edited: {cold['against']:.3f} s "
              f"({cold['against'] / cold['floor']:.2f}x) with its caches, "
              f"{cold['against_uncached']:.3f} s "
              f"({cold['against_uncached'] / cold['floor']:.2f}x) with none")
    ratio = cold["edited"] / cold["floor"]
    results.append(("cold brief of an edited meeting ÷ import floor", ratio, "<= 3",
                    ratio <= 3))

    scale = time_scale(work, args.repeat)
    print(f"validate + render one meeting, in-process: org of 200 facts and commitments "
          f"{scale['200']:.3f} s; of 2,000: {scale['2000']:.3f} s (best of {args.repeat})")
    ratio = scale["2000"] / scale["200"]
    results.append(("time with 10x the data ÷ time with 1x", ratio, "<= 12", ratio <= 12))

    if args.against:
        against = time_against(org, work / "against", args.against.resolve(), args.batch_runs)
        print(f"batch --jobs 1 of {against['meetings']} meetings, CPU per meeting (best of "
              f"{args.batch_runs}): {args.against}: {against['before'] * 1000:.0f} ms; this "
              f"code: {against['now'] * 1000:.0f} ms")
        results.append(("batch CPU per meeting ÷ that of --against", against["ratio"],
                        "<= 1.10", against["ratio"] <= 1.10))

    peak = batch["tree_peak"] if batch["tree_peak"] is not None else batch["largest_process"]
    results.append((f"peak memory of a batch of {len(meetings)} meetings, MiB", peak / MIB,
                    "< 200" + ("" if len(meetings) >= 1000 else " (target: 1,000 meetings; "
                               "run --meetings 1000)"), peak < 200 * MIB))

    print("\ntargets")
    for name, value, target, ok in results:
        print(f"  {name:<48} {value:8.2f}   target {target:<12} {verdict(ok)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
