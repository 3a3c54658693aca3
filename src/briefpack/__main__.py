"""``python -m briefpack``: the same as the ``briefpack`` command."""

from .cli import run

run()
