"""Write the .docx drafts of the check corpus (run from anywhere: python tests/drafts/make_docx.py).

Each document is an agenda or note a user might send to the vendor. Leaks are planted in body
paragraphs, table cells, headers and footers; see expected.yaml for where each one is.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent


def document(header: str, footer: str, blocks: list) -> Document:
    """A document with one header and footer paragraph; blocks are str, ("h", str) or a table
    given as a list of rows."""
    doc = Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer
    for block in blocks:
        if isinstance(block, tuple):
            doc.add_heading(block[1], level=1)
        elif isinstance(block, list):
            table = doc.add_table(rows=len(block), cols=len(block[0]))
            table.style = "Table Grid"
            for r, row in enumerate(block):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        else:
            doc.add_paragraph(block)
    return doc


DRAFTS = {
    "clean-07-agenda.docx": document(
        "Contoso Ltd — agenda for Microsoft", "Shareable — page 1", [
            ("h", "Technical deep dive: identity and endpoint"),
            "Date: 10 February 2027, 10:00–11:30",
            ("We're assessing several approaches against our requirements; here are the "
             "requirements."),
            [["Time", "Item", "Owner"],
             ["10:00", "Phishing-resistant MFA for 310 privileged accounts by 31 March 2027",
              "Contoso"],
             ["10:30", "Intune co-management of 9,500 Windows endpoints; Autopatch rings",
              "Microsoft"],
             ["11:00", "EU Data Boundary for Exchange Online, SharePoint and Teams", "Joint"]],
            "Please send any pre-reading by 5 February.",
        ]),
    "clean-10-csm-adoption.docx": document(
        "Adoption review — Contoso and Microsoft", "Contoso Ltd · prepared by Dana Lee", [
            ("h", "Adoption review, 20 January 2027"),
            [["Topic", "Detail"],
             ["Teams Phone", "Pilot readiness for 150 users in March 2027"],
             ["Copilot", "Success measures for the pilot with 300 knowledge workers"],
             ["Frontline", "About 1,200 staff on shared devices: sign-in and kiosk mode"],
             ["Purview", "DLP policies for Legal and Finance (about 400 users)"]],
            "Renewal timing is something we handle with the account executive.",
            "Actions will be confirmed in writing after the meeting.",
        ]),
    "leak-07-table.docx": document(
        "Contoso Ltd", "Page 1", [
            ("h", "Renewal kick-off — agenda"),
            "Date: 5 March 2027",
            "Attendees: Sam Rivera, Helen Brooks; Dana Lee, Ravi Patel",
            [["Item", "Notes"],
             ["Current agreement", "EA-61834207, E5 and Windows Server Datacenter"],
             ["Commercial envelope", "USD 4,200,000 for FY27"],
             ["Approvals", "Anything above $1 million needs CFO sign-off"],
             ["Next steps", "Proposal from Microsoft"]],
            "Please confirm attendance.",
        ]),
    "leak-08-header-footer.docx": document(
        "Contoso renewal — board sign-off due 15 April 2027",
        "Draft 3 · Azure plan: 2.5 million USD over three years", [
            ("h", "Roadmap briefing — agenda"),
            "Date: 12 February 2027",
            [["Item", "Owner"],
             ["Azure data platform roadmap", "Microsoft"],
             ["Our questions on SQL Server migration tooling", "Contoso"]],
            "Please send the slides in advance.",
        ]),
    "leak-14-falcon-specialist.docx": document(
        "Technical deep dive — Contoso", "Confidential draft", [
            ("h", "Detection tuning session"),
            "Purpose: review detection tuning for Defender for Endpoint.",
            [["Topic", "Detail"],
             ["Falcon pilot", "500 endpoints, detection parity in the red-team exercise"]],
            "Our proof of concept with CrowdStrike showed detection parity.",
        ]),
    "leak-20-avp-agenda.docx": document(
        "Contoso — negotiation", "Approval: CFO sign-off above 1,000,000 USD", [
            ("h", "Negotiation meeting"),
            "Date: 24 March 2027",
            [["Item", "Owner"],
             ["Counter-proposal on E5 and server cores", "Contoso"],
             ["Timing: we have to report a signed deal at the next board meeting", "Contoso"]],
        ]),
}


def main() -> None:
    """Write every .docx draft next to this script."""
    for name, doc in DRAFTS.items():
        doc.save(str(HERE / name))
        print(HERE / name)


if __name__ == "__main__":
    main()
