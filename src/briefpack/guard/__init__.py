"""Guard: everything behind `briefpack check`, which reads a draft before it is sent.

- :mod:`~briefpack.guard.drafts` reads a draft (.txt, .md, .eml, .docx) into located lines;
- :mod:`~briefpack.guard.figures` finds amounts, percentages, dates and counts, by value;
- :mod:`~briefpack.guard.phrases` matches phrases and fact clauses fuzzily;
- :mod:`~briefpack.guard.protected_facts` finds what would give each protected fact away;
- :mod:`~briefpack.guard.check` applies the rules to every line and reports the findings.
"""
