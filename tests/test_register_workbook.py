"""`briefpack register export` and `register import`: the organisation's records to one
workbook and back into org.yaml, changing only what was edited, every bad cell named, nothing
written unless all is valid."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from briefpack.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contoso"
ORG = yaml.safe_load((EXAMPLE / "org.yaml").read_text())
SHEETS = ["Commitments", "Advice", "Issues", "Facts"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def contoso(tmp_path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "contoso")
    return tmp_path / "contoso"


def export(org: Path, out: Path) -> Path:
    result = run("register", "export", org, "-o", out)
    assert result.exit_code == 0, result.stderr
    (path,) = [Path(line) for line in result.stdout.splitlines()]
    return path


def header(sheet) -> list[str]:
    return [c.value for c in sheet[2]]


def cell(sheet, record_id: str, label: str):
    """The cell of ``label``'s column in the row of ``record_id``, found by the header."""
    column = header(sheet).index(label) + 1
    row = next(r[0].row for r in sheet.iter_rows(min_row=3) if r[0].value == record_id)
    return sheet.cell(row, column)


def test_the_workbook_has_a_typed_marked_sheet_for_each_record_list(contoso, tmp_path):
    book = openpyxl.load_workbook(export(contoso, tmp_path / "out"))
    visible = [s.title for s in book.worksheets if s.sheet_state == "visible"]
    assert visible == SHEETS
    for sheet in (book[name] for name in SHEETS):
        assert sheet["A1"].value == ORG["marking"]
        assert sheet.oddHeader.center.text == ORG["marking"]
        assert sheet.print_title_rows == "$1:$2"  # printed on every page
        assert sheet.freeze_panes == "A3"
        assert sheet.auto_filter.ref.startswith("A2:")
    commitments = book["Commitments"]
    assert header(commitments) == ["ID", "Date", "Made by", "Summary", "Status", "Evidence",
                                   "Due", "Value"]
    assert [r[0] for r in commitments.iter_rows(min_row=3, values_only=True)] == [
        c["id"] for c in ORG["commitments"]]
    assert cell(commitments, "C-02", "Due").value == datetime(2027, 7, 1)
    assert cell(commitments, "C-02", "Due").is_date
    assert cell(commitments, "C-01", "Value").value == 2510000
    assert cell(book["Advice"], "A-02", "Verified").value is True
    assert cell(book["Facts"], "fy27-budget", "Known to vendor").value is False
    # drop-downs: status, impact and category offer exactly the allowed words
    lists = book["Lists"]

    def offered(sheet, label):
        letter = openpyxl.utils.get_column_letter(header(sheet).index(label) + 1)
        rule = next(dv for dv in sheet.data_validations.dataValidation
                    if any(str(r).startswith(f"{letter}3:") for r in dv.sqref.ranges))
        ref = rule.formula1.split("!")[1].replace("$", "")
        return [c.value for row in lists[ref] for c in row]

    assert offered(commitments, "Status") == ["verbal", "written", "honoured", "broken",
                                              "withdrawn"]
    assert offered(book["Advice"], "Impact") == ["low", "medium", "high"]
    assert offered(book["Issues"], "Status") == ["open", "in-progress", "resolved", "closed"]
    assert "budget" in offered(book["Facts"], "Category")


def test_an_organisation_without_a_marking_gets_the_packs_default(contoso, tmp_path):
    org = contoso / "org.yaml"
    org.write_text(org.read_text().replace(f'marking: "{ORG["marking"]}"\n', ""))
    book = openpyxl.load_workbook(export(contoso, tmp_path / "out"))
    assert book["Facts"]["A1"].value == "INTERNAL — NOT FOR DISTRIBUTION TO MICROSOFT"


def test_three_edited_cells_change_exactly_three_values_in_org_yaml(contoso, tmp_path):
    org = contoso / "org.yaml"
    before = org.read_text().splitlines()
    path = export(contoso, tmp_path / "out")
    book = openpyxl.load_workbook(path)
    status = cell(book["Commitments"], "C-02", "Status")
    value = cell(book["Commitments"], "C-01", "Value")
    verified = cell(book["Advice"], "A-03", "Verified")
    status.value, value.value, verified.value = "written", 2600000, True
    book.save(path)

    result = run("register", "import", path, contoso)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [  # sheet by sheet, row by row
        f"Commitments!{value.coordinate}: C-01 value: 2510000 -> 2600000",
        f"Commitments!{status.coordinate}: C-02 status: \"verbal\" -> \"written\"",
        f"Advice!{verified.coordinate}: A-03 verified: FALSE -> TRUE",
    ]
    assert "3 cells changed, 0 new entries" in result.stderr
    # line by line: the three lines of those values changed, every other line (comments
    # included) is as it was
    after = org.read_text().splitlines()
    assert len(after) == len(before)
    changed = {i: (b, a) for i, (b, a) in enumerate(zip(before, after)) if b != a}
    c01 = before.index("  - id: C-01")
    c02 = before.index("  - id: C-02")
    a03 = before.index("  - id: A-03")
    expected = {
        next(i for i in range(c02, len(before)) if before[i] == "    status: verbal"):
            "    status: written",
        next(i for i in range(c01, len(before)) if before[i].startswith("    value: ")):
            "    value: 2600000  # USD: 6,800 seats x E5 list x 18% x 36 months",
        next(i for i in range(a03, len(before)) if before[i] == "    verified: false"):
            "    verified: true",
    }
    assert {i: a for i, (_, a) in changed.items()} == expected
    assert yaml.safe_load(org.read_text())["commitments"][1]["status"] == "written"


def test_a_round_trip_with_no_edits_changes_nothing(contoso, tmp_path):
    org = contoso / "org.yaml"
    before = org.read_bytes()
    path = export(contoso, tmp_path / "out")
    openpyxl.load_workbook(path).save(path)  # opened and saved, nothing edited
    result = run("register", "import", path, contoso)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and "no changes" in result.stderr
    assert org.read_bytes() == before


def test_a_bad_status_names_the_cell_and_nothing_is_written(contoso, tmp_path):
    org = contoso / "org.yaml"
    before = org.read_bytes()
    path = export(contoso, tmp_path / "out")
    book = openpyxl.load_workbook(path)
    bad = cell(book["Commitments"], "C-03", "Status")
    bad.value = "promised"
    fine = cell(book["Commitments"], "C-01", "Status")
    fine.value = "written"  # valid, but not written either: all or nothing
    book.save(path)
    result = run("register", "import", path, contoso)
    assert result.exit_code == 1
    assert (f"Commitments!{bad.coordinate}: status 'promised' is not one of: verbal, written, "
            "honoured, broken, withdrawn") in result.stderr
    assert "nothing was written" in result.stderr
    assert org.read_bytes() == before


def test_bad_cells_of_every_type_are_named_with_what_is_expected(contoso, tmp_path):
    path = export(contoso, tmp_path / "out")
    book = openpyxl.load_workbook(path)
    cells = {
        cell(book["Commitments"], "C-01", "Date"): ("31/10/2025", "write dates as YYYY-MM-DD"),
        cell(book["Commitments"], "C-02", "Value"): ("lots", "expected a number"),
        cell(book["Commitments"], "C-03", "Summary"): ("=A1", "holds a formula"),
        cell(book["Advice"], "A-01", "Verified"): ("maybe", "expected TRUE or FALSE"),
        cell(book["Advice"], "A-02", "Impact"): ("huge", "is not one of: low, medium, high"),
        cell(book["Facts"], "fy27-budget", "Category"): ("budgets", "is not one of"),
        cell(book["Issues"], "I-01", "Summary"): (None, "summary is required"),
    }
    book["Commitments"].append([None, date(2026, 12, 3), "Sam Rivera", "No id", "verbal"])
    cells[book["Commitments"]["A10"]] = (None, "no ID: a new commitments entry needs an id not "
                                               "used on this sheet, such as C-08")
    for target, (value, _) in cells.items():
        if target.row != 10:
            target.value = value
    book.save(path)
    result = run("register", "import", path, contoso)
    assert result.exit_code == 1
    for target, (_, expected) in cells.items():
        line = next(line for line in result.stderr.splitlines()
                    if f"{target.parent.title}!{target.coordinate}:" in line)
        assert expected in line, line
    assert "8 problems" in result.stderr


def test_a_new_row_is_a_new_entry_in_the_style_of_its_neighbours(contoso, tmp_path):
    org = contoso / "org.yaml"
    path = export(contoso, tmp_path / "out")
    book = openpyxl.load_workbook(path)
    book["Commitments"].append(["C-08", date(2026, 12, 3), "Sam Rivera",
                                "Licence report: a week before each QBR", "verbal"])
    book.save(path)
    dry = run("register", "import", path, contoso, "--dry-run")
    assert dry.exit_code == 0 and "dry run" in dry.stderr
    assert dry.stdout.startswith("Commitments!A10: new entry C-08 in commitments")
    assert "C-08" not in org.read_text()
    result = run("register", "import", path, contoso)
    assert result.exit_code == 0, result.stderr
    tail = org.read_text().split('    evidence: "email 2026-10-20 from Sam Rivera"\n')[1]
    assert tail.startswith("  - id: C-08\n    date: 2026-12-03\n    made_by: Sam Rivera\n"
                           '    summary: "Licence report: a week before each QBR"\n'
                           "    status: verbal\n\nadvice:\n")  # the blank line stays
    check = run("register", contoso, "--format", "json", "--as-of", "2026-12-03")
    assert "C-08" in check.stdout


def test_an_emptied_cell_removes_its_key_and_the_layout_around_it_stays(contoso, tmp_path):
    org = contoso / "org.yaml"
    last = '    evidence: "email 2026-10-20 from Sam Rivera"\n'
    org.write_text(org.read_text().replace(last, last + "    due: 2027-01-15  # agreed\n"))
    before = org.read_text()
    path = export(contoso, tmp_path / "out")
    book = openpyxl.load_workbook(path)
    cell(book["Commitments"], "C-07", "Due").value = None  # the last key of the last entry
    cell(book["Commitments"], "C-03", "Value").value = None  # a key with a comment
    book.save(path)
    result = run("register", "import", path, contoso)
    assert result.exit_code == 0, result.stderr
    assert "C-07 due: 2027-01-15 -> (empty)" in result.stdout
    removed = ["    due: 2027-01-15  # agreed", "    value: 30000  # USD: 20 partner days"]
    assert org.read_text().splitlines() == [
        line for line in before.splitlines() if line not in removed]


def test_a_deleted_row_is_an_error_never_a_deletion(contoso, tmp_path):
    org = contoso / "org.yaml"
    before = org.read_bytes()
    path = export(contoso, tmp_path / "out")
    book = openpyxl.load_workbook(path)
    sheet = book["Commitments"]
    sheet.delete_rows(cell(sheet, "C-04", "ID").row)
    book.save(path)
    result = run("register", "import", path, contoso)
    assert result.exit_code == 1
    assert "Commitments: C-04 is in org.yaml but has no row: import never deletes" in (
        result.stderr)
    assert org.read_bytes() == before


def test_sorted_rows_are_matched_by_id(contoso, tmp_path):
    org = contoso / "org.yaml"
    before = org.read_bytes()
    path = export(contoso, tmp_path / "out")
    book = openpyxl.load_workbook(path)
    sheet = book["Issues"]
    rows = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    for offset, values in enumerate(reversed(rows)):
        for col, value in enumerate(values, 1):
            sheet.cell(3 + offset, col, value)
    book.save(path)
    result = run("register", "import", path, contoso)
    assert result.exit_code == 0 and result.stdout == "", result.stderr
    assert org.read_bytes() == before


def test_an_edit_made_to_org_yaml_since_the_export_is_kept_or_is_a_conflict(contoso, tmp_path):
    org = contoso / "org.yaml"
    path = export(contoso, tmp_path / "out")
    # after the export, someone records C-02 as written in org.yaml itself
    text = org.read_text()
    c02 = text.index("  - id: C-02")
    org.write_text(text[:c02] + text[c02:].replace("status: verbal", "status: written", 1))
    book = openpyxl.load_workbook(path)
    cell(book["Commitments"], "C-01", "Evidence").value = "email 2026-12-03 from Sam Rivera"
    book.save(path)
    # the workbook still says verbal for C-02, as exported: org.yaml's change is kept
    result = run("register", "import", path, contoso)
    assert result.exit_code == 0, result.stderr
    assert [line.split(":")[1].split()[0] for line in result.stdout.splitlines()] == ["C-01"]
    data = yaml.safe_load(org.read_text())["commitments"]
    assert data[0]["evidence"] == "email 2026-12-03 from Sam Rivera"
    assert data[1]["status"] == "written"
    # the same cell edited in both: a conflict, nothing written
    conflict = cell(book["Commitments"], "C-02", "Status")
    conflict.value = "broken"
    book.save(path)
    before = org.read_bytes()
    result = run("register", "import", path, contoso)
    assert result.exit_code == 1
    assert f"Commitments!{conflict.coordinate}: C-02 status was changed in org.yaml too" in (
        result.stderr)
    assert org.read_bytes() == before


def test_a_workbook_of_another_organisation_or_not_a_workbook_is_refused(contoso, tmp_path):
    path = export(contoso, tmp_path / "out")
    org = contoso / "org.yaml"
    org.write_text(org.read_text().replace("name: Contoso Ltd", "name: Fabrikam", 1))
    result = run("register", "import", path, contoso)
    assert result.exit_code == 1 and "exported for Contoso Ltd, not Fabrikam" in result.stderr
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    result = run("register", "import", junk, contoso)
    assert result.exit_code == 2 and "not an Excel workbook" in result.stderr


@pytest.mark.slow
def test_libreoffice_opens_the_workbook_and_its_save_imports_unchanged(contoso, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    program = Path(soffice).resolve().parent
    if program.name == "program" and not any(program.glob("libsclo.*")):
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    path = export(contoso, tmp_path / "out")
    profile = (tmp_path / "profile").as_uri()
    for target in ("csv", "xlsx"):
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", target, "--outdir", str(tmp_path / "lo"), str(path)],
                       check=True, capture_output=True, timeout=180)
    csv = (tmp_path / "lo" / path.with_suffix(".csv").name).read_text(encoding="latin-1")
    lines = csv.splitlines()
    assert lines[1].startswith("ID,Date,Made by,Summary,Status")
    assert lines[2].startswith("C-01,2025-03-14,Alex Morgan,")
    # the workbook as LibreOffice saves it reads back with no change
    before = (contoso / "org.yaml").read_bytes()
    result = run("register", "import", tmp_path / "lo" / path.name, contoso)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and (contoso / "org.yaml").read_bytes() == before
