"""Where the files rectxl ships live: the Word templates and the workbook with its sources.

In a checkout (and an editable install) they are the repository's templates/ and workbook/, where
they are edited and rebuilt; an installed wheel carries copies as rectxl/_data/…
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped(folder: str) -> Path:
    """templates/ or workbook/: the checkout's if there is one, else the installed copy."""
    checkout = _PACKAGE.parent / folder
    return checkout if checkout.is_dir() else _PACKAGE / "_data" / folder
