"""``python -m briefpack``: the same as the ``briefpack`` command."""

from briefpack.cli import run

run()
