"""Write the rule catalogue (rectxl/core/findings.py) into README.md between its findings markers.

    python docs/update_findings_list.py          # rewrite the list
    python docs/update_findings_list.py --check  # exit 1 when the README's list is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from rectxl.core.findings import catalogue_markdown

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- findings:start -->", "<!-- findings:end -->"


def updated(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{catalogue_markdown()}\n{END}{tail}"


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in sys.argv[1:]:
        sys.exit(0 if new == text else 1)
    README.write_text(new, encoding="utf-8")
