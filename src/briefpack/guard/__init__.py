"""Guard: everything behind `briefpack check`, which reads a draft before it is sent.

- :mod:`~briefpack.guard.drafts` reads a draft (.txt, .md, .docx, standard input) into located
  lines and tells its date; :mod:`~briefpack.guard.mail` reads e-mails (.eml, Outlook .msg);
  :mod:`~briefpack.guard.lines` holds what both share;
- :mod:`~briefpack.guard.figures` finds amounts, percentages, dates and counts, by value,
  exact or approximate;
- :mod:`~briefpack.guard.phrases` matches phrases to avoid and fact clauses fuzzily;
- :mod:`~briefpack.guard.reveals` matches the playbook's ``reveals`` wording;
- :mod:`~briefpack.guard.competitors` finds the playbook's competitors, plain words aside;
- :mod:`~briefpack.guard.protected_facts` finds what would give each protected fact away, and
  what the vendor already knows;
- :mod:`~briefpack.guard.rules` gathers what to look for and explains why a finding matters;
- :mod:`~briefpack.guard.check` applies the rules to every line and reports the findings;
- :mod:`~briefpack.guard.fields` checks a meeting's fields that reach a shareable document.
"""
