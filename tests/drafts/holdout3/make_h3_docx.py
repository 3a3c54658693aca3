"""Write the three .docx drafts of the holdout3 corpus (python-docx).

Run from any folder: python make_h3_docx.py
"""
import datetime as dt
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent


def table(doc, rows, style="Table Grid"):
    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = style
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    return t


def stamp(doc, author, when):
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.created = when
    cp.modified = when


def h3_21():
    doc = Document()
    doc.add_heading("Contoso: licence position for the true-up review", level=1)
    doc.add_paragraph(
        "Jordan, as discussed on the phone, here is where we think we stand ahead of the "
        "June true-up. Our numbers come from the SAM tool as of 19 February; Microsoft's "
        "come from the licence report Priya sent in December."
    )
    table(doc, [
        ["Product", "Entitlement", "Assigned (our count)", "Comment"],
        ["Microsoft 365 E5", "6,800", "6,800", "Microsoft's report shows 7,150; 350 disabled accounts now removed"],
        ["Windows Server Datacenter + SA", "2,400 cores", "2,376 cores", "12% below list under the EA"],
        ["Visio Plan 2", "175", "158", ""],
        ["Project Plan 3", "85", "71", ""],
        ["Windows 10 ESU", "200 devices", "200 devices", "Lab devices only"],
        ["Defender for Servers", "0", "420 servers in scope", "Per your check against the Product Terms, Nov 2025"],
    ])
    doc.add_paragraph("")
    doc.add_paragraph(
        "As we read the EA there is no true-down until the renewal, so we'd like any "
        "over-count on E5 corrected before it is carried into the June figures. Could you "
        "check the Defender for Servers line in particular and tell us how it should be "
        "ordered?"
    )
    doc.add_paragraph("Dana Lee, Software Asset Management")
    stamp(doc, "Dana Lee", dt.datetime(2027, 2, 22, 10, 30))
    doc.save(HERE / "h3-21-summary.docx")


def h3_20():
    doc = Document()
    doc.add_heading("Purview workshop: data loss prevention and insider risk", level=1)
    doc.add_paragraph("Contoso and Microsoft | Thursday 15 April 2027 | Contoso House, Room 2.06")
    doc.add_paragraph(
        "Tomás, here is the running order we'd suggest. The scope is Legal and Finance, "
        "about 400 users between them. Everything in scope sits in the EU Data Boundary "
        "(Exchange Online, SharePoint, Teams) and needs to stay there."
    )
    table(doc, [
        ["Time", "Session", "Lead"],
        ["09:30", "Where we are today: sensitivity labels, current DLP rules", "Contoso"],
        ["10:15", "DLP for Finance: month-end budget packs, supplier bank details, card data", "Microsoft"],
        ["11:15", "Insider-risk management: Legal's matters and leavers", "Microsoft"],
        ["12:00", "Lunch", ""],
        ["12:45", "Data residency questions for EU staff", "Joint"],
        ["13:30", "Pilot scope, success measures and next steps", "Joint"],
    ])
    doc.add_paragraph("")
    doc.add_paragraph(
        "Attendees from Contoso: Chen Wei (CISO), Kofi Mensah (Security Engineering), "
        "plus one person each from Legal and Finance. Could you bring someone who knows "
        "the insider-risk analytics well?"
    )
    stamp(doc, "Kofi Mensah", dt.datetime(2027, 3, 10, 16, 5))
    doc.save(HERE / "h3-20-agenda.docx")


def h3_02():
    doc = Document()
    doc.add_heading("EA renewal: scope for discussion", level=1)
    doc.add_paragraph("For the kick-off with Sam Rivera, 5 March 2027")
    doc.add_paragraph(
        "Products and quantities we would like Microsoft's proposal to cover. Quantities "
        "are today's entitlements unless noted."
    )
    table(doc, [
        ["Product", "Current quantity", "Position at renewal"],
        ["Microsoft 365 E5", "6,800", "Renew"],
        ["Windows Server Datacenter + SA", "2,400 cores", "Renew"],
        ["Visio Plan 2", "175", "Drop, unless included at no extra cost"],
        ["Project Plan 3", "85", "Drop, unless included at no extra cost"],
        ["Microsoft 365 Copilot", "0", "300-seat pilot"],
    ])
    doc.add_paragraph("")
    doc.add_paragraph(
        "Please price each line separately so we can compare like for like with today's terms."
    )
    doc.add_paragraph("Ravi Patel, Procurement")
    stamp(doc, "Ravi Patel", dt.datetime(2027, 3, 1, 17, 45))
    doc.save(HERE / "h3-02-draft.docx")


if __name__ == "__main__":
    h3_21()
    h3_20()
    h3_02()
