"""Write the .docx drafts of the blind2 corpus with python-docx.

Run from anywhere: python tests/drafts/blind2/make_b2_docx.py
"""
from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def table(doc, rows, style="Table Grid"):
    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = style
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    return t


def edr_pilot():
    # leak: Falcon pilot detail, to the technical specialist
    doc = Document()
    doc.add_heading("EDR pilot - summary for Tomás", level=1)
    doc.add_paragraph(
        "Tomás, you asked on the call why Chen's team is 'lukewarm' about standardising on "
        "Defender for the servers conversation. Rather than go round in circles, here is the "
        "summary we put together after the pilot in the summer. Same devices, both agents, "
        "same red-team scenario."
    )
    table(doc, [
        ["", "Defender for Endpoint", "Falcon"],
        ["Endpoints in pilot", "500", "500 (same devices)"],
        ["Red-team detections", "14 of 14", "14 of 14"],
        ["False positives (6 weeks)", "baseline", "22% fewer"],
        ["Estimated migration effort", "n/a", "about 6 weeks"],
    ])
    doc.add_paragraph("")
    doc.add_paragraph(
        "Long story short, we found them technically equivalent for our estate. That's not a "
        "decision, just where the data came out. If there's tuning that would close the "
        "false-positive gap, we're all ears."
    )
    doc.add_paragraph("Chen / Marta")
    doc.save(HERE / "b2-08-edr-pilot-summary.docx")


def commitments_escalation():
    # clean: the vendor's own commitments and current terms, to the AVP
    doc = Document()
    doc.add_heading("Open commitments - for Helen Brooks", level=1)
    doc.add_paragraph(
        "Helen, as requested before Wednesday's meeting, the commitments your team has made "
        "to us since 2025 and where each stands. We would like the deal desk to confirm C-01 "
        "and C-02 in writing by 24 February 2027."
    )
    table(doc, [
        ["Ref", "Made by", "What was promised", "Status"],
        ["C-01", "Alex Morgan, 14 Mar 2025",
         "M365 E5 price (18% below list) held at the 2027 renewal for a 3-year term", "Verbal only"],
        ["C-02", "Alex Morgan, 5 Nov 2025",
         "Endpoint Privilege Management included with E5 seats at no extra cost from the renewal",
         "Verbal only"],
        ["C-03", "Alex Morgan, 2 Apr 2025",
         "Funded Teams Phone deployment workshop, up to 20 partner days, by 31 Mar 2027",
         "Written; booked for w/c 15 Feb"],
        ["C-04", "Priya Shah, 10 Sep 2025", "Defender for Endpoint configuration health check",
         "Honoured (report 22 Oct 2025)"],
        ["C-05", "Tomás Novak, 18 Feb 2026",
         "Fix for Intune co-management sync failures (case #2602180040001234) by 30 Apr 2026",
         "BROKEN - still open, c. 600 devices"],
        ["C-06", "Alex Morgan, 12 Jun 2026", "10% off 300 Copilot seats if ordered by 30 Jun 2026",
         "Withdrawn 25 Jun 2026"],
        ["C-07", "Sam Rivera, 20 Oct 2026", "Licence-position report a week before each QBR",
         "Written; first one received"],
    ])
    doc.add_paragraph("")
    doc.add_paragraph(
        "For reference, the current EA (EA-61834207) renews on 30 June 2027: E5 at 18% below "
        "list, Windows Server Datacenter + SA on 2,400 cores at 12% below list, annual true-up "
        "each June."
    )
    doc.add_paragraph("Olivia Grant, CIO")
    doc.save(HERE / "b2-13-commitments-for-avp.docx")


def governance_memo():
    # leak: board date and approval thresholds, to the AVP
    doc = Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Contoso Ltd - prepared for Helen Brooks, Microsoft"
    doc.add_heading("How a renewal gets approved at Contoso", level=1)
    doc.add_paragraph(
        "Helen - you asked on Wednesday for a 'map' of how decisions get made here, so that "
        "Microsoft doesn't 'miss a step'. Fair enough. Here it is, informally."
    )
    doc.add_heading("Who signs", level=2)
    doc.add_paragraph(
        "Olivia can approve software spend on her own signature as long as it stays under "
        "seven figures. Anything with seven figures in it needs our Chief Financial Officer to "
        "countersign, and after her it goes to the Audit and Risk Committee, which is a "
        "committee of the board. An EA renewal of our size obviously goes the long way round."
    )
    doc.add_heading("When", level=2)
    doc.add_paragraph(
        "The board has to approve the renewal by 15/04/2027. That is its last sitting before "
        "the EA runs out, so there is no second chance: the committee papers go out about two "
        "weeks before, which means we need Microsoft's final proposal by the end of March at "
        "the very latest."
    )
    doc.add_paragraph(
        "Hope that helps. Please treat it as background for you and Sam, not something for a "
        "slide."
    )
    doc.add_paragraph("Ravi Patel, Procurement")
    doc.save(HERE / "b2-25-approval-map.docx")


def cost_table():
    # leak: the FY27 budget in a table cell, to the AE and the partner
    doc = Document()
    doc.add_heading("Renewal cost picture (draft v0.3)", level=1)
    doc.add_paragraph(
        "Sam, Jordan - as discussed, a rough picture of the run-rate so you can both sanity-"
        "check the first quote before it comes to us. Figures are approximate and in USD."
    )
    t = table(doc, [
        ["Line", "Today (approx.)", "Comment"],
        ["M365 E5 (6,800 users)", "see licence report", "18% below list"],
        ["Windows Server DC + SA", "2,400 cores", "12% below list"],
        ["Azure PAYG", "varies", "no MACC today"],
        ["Available FY27 envelope", "USD4.2mm", "hard cap, all Microsoft spend"],
    ])
    for cell in t.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    doc.add_paragraph("")
    doc.add_paragraph(
        "Anything that comes in above the envelope line goes straight back, so it's in "
        "everyone's interest to start inside it."
    )
    doc.add_paragraph("Ravi")
    doc.save(HERE / "b2-30-cost-picture.docx")


def at_a_glance():
    # clean: safe facts with figures, to the new AE
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    doc.add_heading("Contoso at a glance - for Sam", level=1)
    doc.add_paragraph(
        "Welcome aboard. Alex used to keep this in his head, so here it is on one page."
    )
    table(doc, [
        ["", ""],
        ["Users", "6,800 in 14 countries"],
        ["Business units", "Retail, Logistics, Corporate"],
        ["Frontline", "About 1,200 store and warehouse staff on shared devices"],
        ["Windows endpoints", "9,500, all to be Intune co-managed with Autopatch rings"],
        ["Data residency", "EU staff data stays in the EU Data Boundary"],
        ["Logistics volume", "About 1 million parcels a week through 3 hubs"],
        ["Agreement", "EA-61834207, renews 30 June 2027, ordered through Northwind Licensing"],
    ])
    doc.add_paragraph("")
    doc.add_paragraph(
        "Board-level sponsor for the Microsoft relationship is Olivia Grant (CIO). Day to day: "
        "Dana for licensing, Ravi for commercial, Chen for security."
    )
    doc.save(HERE / "b2-32-contoso-at-a-glance.docx")


def kickoff_agenda():
    # clean: shareable agenda with safe facts, to the AE and the partner
    doc = Document()
    doc.add_heading("EA renewal kick-off - agenda", level=1)
    doc.add_paragraph("Friday 5 March 2027, 11:00-12:00 UK time, Microsoft Teams")
    doc.add_paragraph(
        "Attendees: Sam Rivera (Microsoft), Jordan Blake (Northwind Licensing), "
        "Ravi Patel and Dana Lee (Contoso)"
    )
    table(doc, [
        ["Time", "Item", "Lead"],
        ["11:00", "Introductions and the renewal timetable (EA renews 30 June 2027)", "Contoso"],
        ["11:10", "Renewal scope: products and quantities, incl. about 1,200 frontline users on "
                  "shared devices", "Contoso"],
        ["11:25", "Copilot: licensing options for a pilot with 300 knowledge workers", "Microsoft"],
        ["11:35", "Ordering through Northwind", "Northwind"],
        ["11:45", "Next steps", "All"],
    ])
    doc.add_paragraph("")
    doc.add_paragraph(
        "Our ask: a first written renewal proposal, covering E5, F3 and a 300-seat Copilot "
        "pilot, by 1 April 2027."
    )
    doc.save(HERE / "b2-40-kickoff-agenda.docx")


if __name__ == "__main__":
    edr_pilot()
    commitments_escalation()
    governance_memo()
    cost_table()
    at_a_glance()
    kickoff_agenda()
