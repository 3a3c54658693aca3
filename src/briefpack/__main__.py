"""``python -m briefpack``: the same as the ``briefpack`` command."""

from .cli import main

main(prog_name="briefpack")
