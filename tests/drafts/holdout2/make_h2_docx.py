"""Writes the three .docx drafts of the second held-out corpus (h2-09, h2-14, h2-20).

Run from anywhere: python make_h2_docx.py
"""
import datetime as dt
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent


def _save(doc, name, author, when):
    doc.core_properties.author = author
    doc.core_properties.last_modified_by = author
    doc.core_properties.created = when
    doc.core_properties.modified = when
    doc.save(HERE / name)


def _table(doc, rows, style="Table Grid"):
    table = doc.add_table(rows=0, cols=len(rows[0]))
    table.style = style
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    return table


def escalation_agenda():
    doc = Document()
    doc.add_heading("Licensing and support escalation", level=1)
    doc.add_paragraph("Wednesday 10 February 2027, 16:00–16:45")
    doc.add_paragraph("Microsoft UK, Paddington – meeting room 4.12")
    doc.add_paragraph(
        "Microsoft: Helen Brooks (Area Vice President, UK Enterprise), Sam Rivera (Account "
        "Executive), Lena Fischer (Deal Desk Manager, UK)")
    doc.add_paragraph(
        "Contoso: Olivia Grant (Chief Information Officer), Dana Lee (Head of Software Asset "
        "Management)")
    doc.add_heading("Agenda", level=2)
    _table(doc, [
        ("Time", "Item", "Lead"),
        ("16:00", "Unresolved support case and missed fix date", "Contoso"),
        ("16:15", "Written confirmation of outstanding commitments", "Contoso"),
        ("16:30", "Renewal timetable and next steps", "Joint"),
        ("16:40", "Summary of actions and owners", "All"),
    ])
    doc.add_heading("Background", level=2)
    doc.add_paragraph(
        "Support case #2602180040001234 (Intune co-management sync failures, about 600 "
        "devices) was opened on 18 February 2026. A fix was committed in writing for "
        "30 April 2026 and has not been delivered; the deadline has now been missed by more "
        "than nine months.")
    doc.add_paragraph(
        "We would like the deal desk to confirm in writing two commitments made verbally by "
        "Alex Morgan: Microsoft 365 E5 held at 18% below list for a three-year term at the "
        "renewal, and Endpoint Privilege Management included with our E5 seats at no extra "
        "cost from the renewal.")
    doc.add_paragraph(
        "For the renewal timetable: Enterprise Agreement EA-61834207 renews on 30 June 2027. "
        "All 9,500 Windows endpoints must be co-managed with Autopatch rings before the "
        "Configuration Manager servers can be retired, and customer data for EU staff must "
        "remain in the EU Data Boundary.")
    doc.add_heading("What we are asking for", level=2)
    doc.add_paragraph(
        "A named Microsoft executive owner for the Intune case, and the deal desk's written "
        "confirmation of both commitments by 24 February 2027.", style="List Bullet")
    _save(doc, "h2-09-escalation-agenda.docx", "Dana Lee", dt.datetime(2027, 2, 3, 9, 15))


def licensing_minutes():
    doc = Document()
    doc.add_heading("Licensing working session – notes", level=1)
    doc.add_paragraph("Date: 24 February 2027   Location: Microsoft Teams")
    doc.add_paragraph("Present: Sam Rivera (Microsoft); Ravi Patel, Dana Lee (Contoso)")
    doc.add_paragraph("Notes: Dana Lee. Sam – please correct anything I've got wrong.")
    doc.add_heading("1. True-up reconciliation", level=2)
    doc.add_paragraph(
        "Microsoft's report still shows 7,150 E5 users against our 6,800. Priya's corrected "
        "report removed 350 disabled accounts; Sam to confirm the June true-up will be based "
        "on the corrected figure.")
    doc.add_heading("2. Product scope for the renewal", level=2)
    doc.add_paragraph(
        "E5 and Windows Server Datacenter + SA to be quoted on current quantities. Copilot to "
        "be shown separately as a 300-seat pilot option.")
    doc.add_paragraph(
        "Visio and Project: Contoso explained that Visio Plan 2 and Project Plan 3, around 260 "
        "licences between them, will not be renewed unless Microsoft bundles them in at no "
        "additional cost.")
    doc.add_heading("3. Endpoint Privilege Management", level=2)
    doc.add_paragraph(
        "Sam has raised Alex Morgan's commitment (EPM included with E5 from the renewal) with "
        "the deal desk and expects an answer within two weeks.")
    doc.add_heading("Actions", level=2)
    for text in (
            "Sam: confirm the true-up basis in writing – 3 March",
            "Sam: deal desk answer on EPM – 10 March",
            "Dana: send the SAM tool extract by business unit – 26 February"):
        doc.add_paragraph(text, style="List Bullet")
    _save(doc, "h2-14-licensing-session-minutes.docx", "Dana Lee",
          dt.datetime(2027, 2, 24, 16, 40))


def endpoint_briefing():
    doc = Document()
    doc.add_heading("Contoso endpoint security – status summary", level=1)
    doc.add_paragraph(
        "Prepared for Helen Brooks ahead of the escalation meeting on 10 February 2027.")
    doc.add_paragraph(
        "This note summarises where our endpoint estate stands, so the meeting can focus on "
        "the open case and the outstanding commitments.")
    _table(doc, [
        ("Area", "Status", "Comment"),
        ("Defender for Endpoint", "Deployed on user devices",
         "Health check delivered October 2025; 14 of 19 findings closed."),
        ("Defender for Servers", "Onboarding in progress",
         "420 servers via Defender for Cloud, in waves of about 80."),
        ("Intune co-management", "Blocked",
         "About 600 devices failing to sync; case open since February 2026, fix date missed."),
        ("Alternative EDR", "Pilot completed",
         "Ran on 500 endpoints: matched Defender on detections in our red-team test, with "
         "roughly a fifth fewer false positives. Migration sized at about six weeks."),
        ("Privileged access", "On track",
         "FIDO2 / Windows Hello for Business for 310 privileged accounts by 31 March 2027."),
    ])
    doc.add_paragraph("")
    doc.add_paragraph(
        "We would welcome your help in getting the co-management case to a fix and a date.")
    doc.add_paragraph("Chen Wei, Chief Information Security Officer")
    _save(doc, "h2-20-endpoint-status-briefing.docx", "Chen Wei",
          dt.datetime(2027, 2, 5, 11, 5))


if __name__ == "__main__":
    escalation_agenda()
    licensing_minutes()
    endpoint_briefing()
