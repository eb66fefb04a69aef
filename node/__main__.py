"""``python -m node`` runs the ``ncen`` command."""

from node.cli import run

if __name__ == "__main__":  # a worker process started with "spawn" imports this module again: it must not run
    run()
