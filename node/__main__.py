"""``python -m node`` runs the ``ncen`` command."""

from node.cli import run

run()
