"""The `rectxl` command: the headless door. It reads, calls the core, and presents; nothing more.

One module per command group (start, check, drafts, importing, consolidating, bundle); the typer app in
rectxl.cli.app, what the commands share in rectxl.cli.common (their shared options in rectxl.cli.options),
the console script in rectxl.cli.main.
"""

from rectxl.cli.main import app, main

__all__ = ["app", "main"]
