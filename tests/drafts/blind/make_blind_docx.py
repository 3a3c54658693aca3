"""Write the Word drafts of the blind check corpus (tests/drafts/blind and tests/drafts/holdout).

Written with python-docx from the README and examples/contoso only. Run from anywhere:

    python tests/drafts/blind/make_blind_docx.py

Each draft is a list of blocks: ("h", text) a heading, ("p", text) a paragraph,
("t", rows) a table whose first row is the header; optional header/footer text.
"""
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent
BLIND = HERE
HOLDOUT = HERE.parent / "holdout"

DRAFTS = {
    # leaking: commercial-strategy in table cells
    BLIND / "blind-14-renewal-scope-table.docx": dict(
        header="Contoso Ltd",
        blocks=[
            ("h", "Renewal scope - products and quantities"),
            ("p", "Sam - as promised, our first view of the renewal scope, so your team can start "
                  "on pricing. Quantities are as of 1 December 2026."),
            ("t", [
                ["Product", "Today", "At renewal", "Comment"],
                ["Microsoft 365 E5", "6,800", "6,800", "True-up count still being reconciled (7,150 in your report)"],
                ["Windows Server Datacenter + SA", "2,400 cores", "2,400 cores", "As today"],
                ["Visio Plan 2", "160", "0", "Drop at renewal unless bundled in at no extra cost"],
                ["Project Plan 3", "100", "0", "Same as Visio"],
                ["Microsoft 365 Copilot", "0", "300", "Pilot, Sales & Marketing"],
            ]),
            ("p", "Happy to talk it through on Thursday."),
            ("p", "Ravi Patel, Procurement Manager"),
        ]),
    # leaking: board-deadlines + renewal-urgency in a letter
    BLIND / "blind-08-letter-to-helen.docx": dict(
        blocks=[
            ("p", "Contoso Ltd, Contoso House, London"),
            ("p", "11 January 2027"),
            ("p", "Helen Brooks, Area Vice President, UK Enterprise, Microsoft"),
            ("p", "Dear Helen,"),
            ("p", "Thank you for agreeing to meet us on 10 February. Ahead of the meeting I want to "
                  "set out why the Intune co-management case matters so much to us."),
            ("p", "Support case #2602180040001234 has been open since February 2026. Tomás Novak "
                  "committed to a fix by the end of April 2026; it has not arrived, and about 600 "
                  "devices still fail to sync."),
            ("p", "We also need the commitments Alex Morgan made to us confirmed in writing. Our board "
                  "sits for the last time before the renewal in the middle of April, and I will not "
                  "take a renewal to it with verbal-only commitments in it. Nor can we let Software "
                  "Assurance on our server cores lapse, so time is short for both of us."),
            ("p", "I look forward to the meeting."),
            ("p", "Yours sincerely,"),
            ("p", "Olivia Grant, Chief Information Officer"),
        ]),
    # leaking: budget + board-deadlines in table cells (to the partner)
    HOLDOUT / "blind-28-renewal-planning-sheet.docx": dict(
        blocks=[
            ("h", "EA renewal - planning note for Northwind"),
            ("p", "Jordan - as discussed, the key dates and numbers for the renewal so you can plan "
                  "the order."),
            ("t", [
                ["Item", "Detail"],
                ["EA number", "EA-61834207"],
                ["Renewal date", "30 June 2027"],
                ["Budget we're working to", "approx. four point two mil (USD), all Microsoft spend"],
                ["Board sign-off", "15th April meeting - the only one before June"],
                ["Order placed by", "Northwind Licensing"],
            ]),
            ("p", "Please treat the budget line as confidential."),
            ("p", "Ravi"),
        ]),
    # leaking: commercial-strategy, position paper with header and footer
    BLIND / "blind-24-position-paper.docx": dict(
        header="Contoso Ltd - Microsoft EA renewal",
        footer="Draft v3 - Ravi Patel",
        blocks=[
            ("h", "EA renewal - how we see it"),
            ("p", "Sam, Helen - ahead of the kick-off, here is how we see the renewal."),
            ("p", "1. Scope: Microsoft 365 E5 for 6,800 users, Windows Server Datacenter + SA on "
                  "2,400 cores, and a Copilot pilot of 300 seats."),
            ("p", "2. Term: we are looking for a three-year term at today's E5 price."),
            ("p", "3. Frontline: the 1,200 frontline users should move from E3 to F3."),
            ("p", "4. If a three-year deal on those terms isn't possible, we would rather take a "
                  "one-year extension via CSP and revisit."),
            ("p", "5. Timetable: first written proposal by 1 April 2027."),
        ]),
    # leaking: renewal-timeline to the CSM in a table row
    BLIND / "blind-33-adoption-report.docx": dict(
        header="Contoso Ltd - adoption report for Microsoft",
        blocks=[
            ("h", "Adoption report - December 2026"),
            ("p", "Priya - our numbers for the month, ahead of the adoption review."),
            ("t", [
                ["Workstream", "Status", "Target date", "Note"],
                ["Intune co-management", "8,900 of 9,500", "", "About 600 devices failing sync (case open)"],
                ["FIDO2 for privileged accounts", "120 of 310", "31/03/2027", ""],
                ["Windows 11", "1,400 remaining", "31/05/2027", "ESU for 200 lab devices"],
                ["Teams Phone", "Pilot prep", "03/2027", "150 pilot users"],
                ["EA renewal", "-", "30/06/2027", "Adoption figures to be final before this"],
            ]),
            ("p", "Dana Lee"),
        ]),
    # clean: signature date
    BLIND / "blind-29-licence-report-receipt.docx": dict(
        blocks=[
            ("p", "Contoso Ltd"),
            ("h", "Acknowledgement of licence-position report"),
            ("p", "To: Sam Rivera, Account Executive, Microsoft"),
            ("p", "We acknowledge receipt of the licence-position report (entitlements vs. assigned "
                  "seats) sent on 26 November 2026, a week before the Q4 business review, as you "
                  "committed to in your email of 20 October 2026."),
            ("p", "The report counts 7,150 Microsoft 365 E5 users. Our own count is 6,800. Please send "
                  "a corrected report once the 350 disabled accounts have been removed."),
            ("p", "Signed by Dana Lee on 2 December 2026"),
            ("p", "Dana Lee, Head of Software Asset Management"),
        ]),
    # clean: table of safe facts with dates
    BLIND / "blind-40-adoption-tracker.docx": dict(
        blocks=[
            ("h", "Adoption tracker - January 2027"),
            ("p", "For the security and endpoint adoption review with Priya Shah, 20 January 2027."),
            ("t", [
                ["Workstream", "Scope", "Progress", "Target"],
                ["FIDO2 / Windows Hello for privileged accounts", "310 accounts", "140 done", "31/03/2027"],
                ["Intune co-management", "9,500 endpoints", "8,900 co-managed", "Autopatch rings next"],
                ["Windows 11", "1,400 devices left", "900 upgraded", "31/05/2027"],
                ["Teams Phone", "2,100 users", "Pilot of 150 in March 2027", "September 2027"],
            ]),
            ("p", "Please budget 30 minutes for this item at the review."),
        ]),
    # clean: renewal date to AE and AVP (no CSM), table
    HOLDOUT / "blind-23-escalation-agenda.docx": dict(
        footer="Contoso Ltd - agenda shared with Microsoft",
        blocks=[
            ("h", "Licensing and support escalation - agenda"),
            ("p", "Wednesday 10 February 2027, 16:00-16:45, Microsoft UK, Paddington - meeting room 4.12"),
            ("p", "Attendees: Helen Brooks, Sam Rivera (Microsoft); Olivia Grant, Dana Lee (Contoso)"),
            ("t", [
                ["Item", "Owner", "Minutes"],
                ["Unresolved support case and missed fix date", "Contoso", "15"],
                ["Written confirmation of outstanding commitments", "Contoso", "15"],
                ["Renewal timetable and next steps (EA renews 30 June 2027)", "Joint", "10"],
                ["Actions", "Joint", "5"],
            ]),
            ("p", "Approvals on our side follow our normal governance."),
        ]),
    # clean: Falconer Street, Microsoft products
    BLIND / "blind-37-security-roadmap.docx": dict(
        header="Contoso Ltd - security roadmap, shared with Microsoft",
        blocks=[
            ("h", "Security roadmap 2027 - for discussion with Tomás Novak"),
            ("p", "Defender for Endpoint: all 9,500 Windows endpoints onboarded; the health-check "
                  "findings from October 2025 are closed."),
            ("p", "Defender for Servers: 420 servers, Tier 0 first."),
            ("p", "Phishing-resistant MFA for the 310 privileged accounts by 31 March 2027."),
            ("p", "Purview DLP and insider-risk management for Legal and Finance (about 400 users): "
                  "we would like a proof of concept."),
            ("p", "Site note: the Falconer Street distribution centre has 240 shared devices for "
                  "frontline staff; please include it in the Intune shared-device design."),
            ("p", "Chen Wei, CISO"),
        ]),
    # clean: Visio/Project counts in a reconciliation table
    BLIND / "blind-43-licence-position.docx": dict(
        blocks=[
            ("h", "Licence position - Contoso reconciliation (December 2026)"),
            ("p", "Sam - our reconciliation against the report you sent on 26 November."),
            ("t", [
                ["Product", "Microsoft report", "Contoso count", "Difference"],
                ["Microsoft 365 E5", "7,150", "6,800", "350 (disabled accounts)"],
                ["Windows Server Datacenter (cores)", "2,400", "2,400", "0"],
                ["Visio Plan 2", "162", "158", "4"],
                ["Project Plan 3", "101", "97", "4"],
                ["Microsoft 365 Copilot", "0", "0", "0"],
            ]),
            ("p", "Please correct the E5 figure before the June true-up."),
            ("p", "Dana Lee"),
        ]),
}


def write(path: Path, spec: dict) -> None:
    doc = Document()
    section = doc.sections[0]
    if spec.get("header"):
        section.header.paragraphs[0].text = spec["header"]
    if spec.get("footer"):
        section.footer.paragraphs[0].text = spec["footer"]
    for kind, content in spec["blocks"]:
        if kind == "h":
            doc.add_heading(content, level=1)
        elif kind == "p":
            doc.add_paragraph(content)
        elif kind == "t":
            table = doc.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid"
            for r, row in enumerate(content):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            raise ValueError(kind)
    doc.core_properties.author = "Contoso Ltd"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)


if __name__ == "__main__":
    for path, spec in DRAFTS.items():
        write(path, spec)
        print(path.relative_to(HERE.parent))
