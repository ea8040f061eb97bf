"""SHA256SUMS: every file of a bundle but itself, in `sha256sum` format (lowercase hex, two
spaces, the path relative to the bundle's root with "/"), so that `sha256sum -c SHA256SUMS` on
Linux, and the PowerShell lines of install.bat on Windows, find a file damaged on its way."""

from __future__ import annotations

import hashlib
from pathlib import Path

SUMS = "SHA256SUMS"


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_sums(root: Path) -> Path:
    """SHA256SUMS in root over every other file under it, sorted by path."""
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != SUMS)
    lines = "".join(f"{digest(root / name)}  {name}\n" for name in files)
    out = root / SUMS
    out.write_text(lines, encoding="utf-8", newline="\n")
    return out

