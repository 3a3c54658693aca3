"""Workbooks (.xlsx) of an organisation's records: written for people who keep the register in
Excel, and read back into org.yaml (``briefpack register export`` and ``import``).

``columns`` says which sheet holds which part of org.yaml and how each column is typed (taken
from the models, so a field added to a record is a column without more code); ``workbook``
writes workbooks, ``read`` reads an edited one into typed values with the cell of each, and
``merge`` turns those values into the changes to make in org.yaml, checked cell by cell.
"""
