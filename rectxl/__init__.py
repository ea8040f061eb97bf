"""rectxl: the rectification ledger (整改台账) — validate it, count it, draft its documents.

The Python API, for analysts (a Jupyter notebook, a script)::

    import rectxl

    ledger = rectxl.load("台账.xlsx")           # rectxl.RectxlError if it can't be read
    findings = ledger.validate()               # [rectxl.Finding]: .severity .sheet .cell .message()
    figures = ledger.figures(as_of="2023-03-31")
    figures.overall["completion_rate"]         # 0.724…
    figures.to_pandas()                        # one row per responsible person
    figures.to_pandas(by="unit")               # … per unit ("aspect": per aspect)
    ledger.to_pandas()                         # the measures, one row each

Public names: load, Ledger, Figures, Finding, RectxlError (see help(rectxl.api) for the classes).
They are imported on first use, so that `import rectxl` (and the `rectxl` command) stays instant.
The same core runs behind the `rectxl` command, the Excel ribbon and the local web page.
"""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING

from rectxl.errors import RectxlError
from rectxl.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from rectxl.api import Figures, Ledger
    from rectxl.core.findings import Finding

__all__ = ["Figures", "Finding", "Ledger", "RectxlError", "load", "__version__"]

_LAZY = {"Ledger": "rectxl.api", "Figures": "rectxl.api", "Finding": "rectxl.core.findings"}


def load(path: str | PathLike) -> Ledger:
    """Read a ledger workbook (.xlsx/.xlsm/.xls/.ods) into a rectxl.Ledger.

    Raises RectxlError (unreadable file, no ledger sheet) with a Chinese and an English message.
    Findings about the content are not errors: see Ledger.validate()."""
    from rectxl.api import load as _load

    return _load(path)


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'rectxl' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
