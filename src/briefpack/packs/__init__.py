"""Packs: one module per document family, each with its own view models; flow.py is the
only way a fact reaches a view."""
