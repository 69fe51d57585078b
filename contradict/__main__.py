"""``python -m contradict`` runs the CLI."""

from .cli import main

main()
