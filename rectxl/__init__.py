"""rectxl: the rectification ledger (整改台账) for Excel — validate, figures, Word drafts."""

__version__ = "0.1.0"
