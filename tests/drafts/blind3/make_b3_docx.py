"""Write the .docx drafts of the third blind corpus (b3-*.docx).

Run from this folder:  python make_b3_docx.py
Each document is written the way its author would have typed it in Word.
"""
from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def table(doc, rows, header=True):
    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = t.cell(r, c)
            cell.text = text
            if header and r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    return t


def b3_12():
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Contoso Ltd — prepared for Priya Shah (Microsoft)"
    doc.add_heading("Security and endpoint adoption — status for the January review", 1)
    doc.add_paragraph(
        "Author: Marta Kowalski, End-User Computing Lead. With input from Chen Wei (CISO) and "
        "Dana Lee (SAM). For the adoption review on 20 January 2027."
    )
    doc.add_heading("Where each workload stands", 2)
    table(doc, [
        ["Workload", "Target", "Today", "Owner"],
        ["Intune co-management + Autopatch", "All 9,500 Windows endpoints", "About 7,900; 600 blocked by the sync case", "Marta"],
        ["Phishing-resistant MFA", "310 privileged accounts by 31 March 2027", "190 enrolled (FIDO2 and WHfB)", "Chen"],
        ["Windows 11", "Last 1,400 devices by 31 May 2027", "ESU for 200 lab devices only", "Marta"],
        ["Frontline shared devices", "About 1,200 store and warehouse staff", "Shared device mode piloted in two stores", "Marta"],
        ["Purview DLP (Legal & Finance)", "About 400 users", "Policies in simulation mode", "Chen"],
    ])
    doc.add_heading("What we need from Microsoft", 2)
    doc.add_paragraph("A named FastTrack engineer for the FIDO2 roll-out from February.", style="List Bullet")
    doc.add_paragraph("An engineering date for case #2602180040001234 (open since 18 February 2026).", style="List Bullet")
    doc.add_paragraph("Confirmation that the Defender health-check findings from October 2025 are closed.", style="List Bullet")
    doc.add_paragraph(
        "Note: the change advisory board freeze runs 20 December to 4 January, so nothing new "
        "goes live in that window."
    )
    doc.save(HERE / "b3-12-adoption-status.docx")


def b3_22():
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Contoso Security — endpoint posture review"
    doc.add_heading("Endpoint security posture review, December 2026", 1)
    doc.add_paragraph(
        "Prepared by the Security Operations team for the review with Tomás Novak and Priya Shah. "
        "Purpose: agree where Defender for Endpoint needs tuning before the next red-team exercise."
    )
    doc.add_heading("Summary", 2)
    doc.add_paragraph(
        "Coverage is good: every user device is onboarded, and the 420 servers are moving to "
        "Defender for Servers in three waves from January. The problem is noise. Analysts spend "
        "most of the morning closing alerts that turn out to be benign."
    )
    doc.add_heading("Findings", 2)
    table(doc, [
        ["Area", "Observation", "Evidence"],
        ["Alert volume", "About 140 alerts a day, 70% closed as benign", "SOC ticket export, Nov 2026"],
        ["Comparison point", "The other EDR we piloted on 500 endpoints this autumn raised about 22% fewer false positives", "Pilot report, Oct 2026"],
        ["Detection", "Red-team exercise: both products caught every scenario", "Red-team report"],
        ["Switching cost", "Migration to the alternative estimated at six weeks", "Pilot report"],
        ["ASR rules", "Nine of sixteen rules still in audit mode", "Defender portal"],
    ])
    doc.add_heading("Asks", 2)
    doc.add_paragraph("A tuning workshop with Microsoft before the end of January.", style="List Number")
    doc.add_paragraph("A plan to move the remaining ASR rules to block mode.", style="List Number")
    doc.save(HERE / "b3-22-endpoint-posture-review.docx")


def b3_23():
    doc = Document()
    doc.add_heading("EA renewal kick-off — agenda", 1)
    doc.add_paragraph("Friday 5 March 2027, 11:00–12:00, Microsoft Teams")
    doc.add_paragraph("Microsoft: Sam Rivera. Contoso: Ravi Patel, Dana Lee.")
    table(doc, [
        ["Time", "Item", "Lead"],
        ["11:00", "Introductions and objectives", "Sam"],
        ["11:05", "Renewal scope: products and quantities", "Contoso"],
        ["11:20", "Copilot pilot licensing options (300 seats, Sales & Marketing)", "Contoso"],
        ["11:30", "Open commitments: E5 price hold, Endpoint Privilege Management", "Joint"],
        ["11:45", "Timetable and next steps", "Joint"],
    ])
    doc.add_heading("Background for the discussion", 2)
    doc.add_paragraph(
        "Our Enterprise Agreement EA-61834207 renews on 30 June 2027; the renewal order is placed "
        "through Northwind Licensing."
    )
    doc.add_paragraph(
        "Scope today: Microsoft 365 E5 for 6,800 users (about 1,200 of them frontline staff on "
        "shared devices), Windows Server Datacenter with Software Assurance on 2,400 cores, Azure "
        "pay-as-you-go through the EA."
    )
    doc.add_paragraph(
        "We would like a first written renewal proposal by 1 April 2027, so that there is time "
        "to go through it properly with our licensing partner."
    )
    doc.save(HERE / "b3-23-renewal-kickoff-agenda.docx")


def b3_31():
    doc = Document()
    doc.sections[0].footer.paragraphs[0].text = "Contoso Ltd — shared with Priya Shah, Microsoft"
    doc.add_heading("2027 user adoption and training plan", 1)
    doc.add_paragraph(
        "From Marta Kowalski (EUC) and the Digital Workplace team. Priya, this is the plan we "
        "talked about; we'd welcome Microsoft's adoption material for anything marked 'kit'."
    )
    table(doc, [
        ["Product", "Audience", "Training", "Timing"],
        ["Teams Phone", "150 pilot users, then 2,100 UK & Ireland", "Floor-walkers + kit", "Mar–Sep 2027"],
        ["Windows 11", "Last 1,400 devices", "Self-service videos", "By 31 May 2027"],
        ["Microsoft 365 Copilot", "300 Sales & Marketing", "Champions programme + kit", "Q2 2027"],
        ["Visio Plan 2 / Project Plan 3", "About 260 current users", "None planned — we are not keeping these after the EA renewal unless they come bundled", "—"],
        ["Purview (labels)", "Legal and Finance, about 400 users", "Short e-learning", "Q1 2027"],
    ])
    doc.add_paragraph()
    doc.add_paragraph(
        "Frontline staff on shared devices get a one-page guide only; store managers sign the "
        "acknowledgement form for their teams."
    )
    doc.save(HERE / "b3-31-adoption-training-plan.docx")


def b3_34():
    doc = Document()
    doc.add_heading("Licence reconciliation for Northwind", 1)
    p = doc.add_paragraph("Prepared by Aisha Raman (Finance) and Ben Okafor (SAM), February 2027. For Jordan Blake.")
    p.runs[0].font.size = Pt(9)
    doc.add_paragraph(
        "Jordan — as agreed, here is our count against Microsoft's report, so Northwind can check "
        "it before the renewal order for 30 June 2027 is prepared."
    )
    table(doc, [
        ["Product", "Our count", "Microsoft's report", "Comment"],
        ["Microsoft 365 E5", "6,800", "7,150 → 6,800", "350 disabled accounts removed in the corrected report"],
        ["Windows Server Datacenter + SA", "2,400 cores", "2,400 cores", "Agreed; 12% below list"],
        ["Defender for Servers", "420 servers", "Not on the report", "Needed per Product Terms; added from January"],
        ["Windows 10 ESU", "200 lab devices", "200", "Lab only"],
        ["Copilot (pilot)", "0", "0", "300-seat pilot under discussion"],
    ])
    doc.add_paragraph()
    doc.add_paragraph(
        "Open question for you: true-up each June, no true-down until the renewal — does the "
        "corrected E5 count change anything in the June 2026 true-up we already paid?"
    )
    doc.save(HERE / "b3-34-licence-reconciliation.docx")


def b3_40():
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Contoso Ltd — Office of the CIO"
    doc.add_heading("Contoso and Microsoft: where we want to go together in 2027", 1)
    doc.add_paragraph(
        "A note for Helen Brooks from Tom Ashworth, Chief of Staff to the CIO, following "
        "Olivia's conversation with Helen. It sets out the themes on our side so that Helen's "
        "team can bring the right people to the spring meetings."
    )
    table(doc, [
        ["Theme", "What we are planning", "What would help from Microsoft"],
        ["Secure identity", "Phishing-resistant MFA for 310 privileged accounts by 31 March 2027", "FastTrack engineer"],
        ["Frontline", "1,200 store and warehouse staff: moving them from E3 to F3 as part of the renewal", "Shared-device guidance"],
        ["Data platform", "Retire on-premises SQL Server; about 2.5 million dollars of Azure over three years", "Funding for a proof of concept; advice on commitment options"],
        ["Telephony", "Teams Phone for 2,100 users, pilot of 150 in March", "Workshop already agreed (20 partner days)"],
    ])
    doc.add_paragraph()
    doc.add_paragraph(
        "Olivia would be glad to talk through any of this with Helen; Grace Whitfield can find a time."
    )
    doc.save(HERE / "b3-40-themes-for-2027.docx")


if __name__ == "__main__":
    for make in (b3_12, b3_22, b3_23, b3_31, b3_34, b3_40):
        make()
