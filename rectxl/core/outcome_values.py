"""Values of the outcomes sheet (整改成效): an outcome type by its name or an alias, a quantity."""

from __future__ import annotations

import difflib
import re

from rectxl.core.schema import OUTCOME_TYPES
from rectxl.core.values import BadValue, norm, text_of


_OUTCOME_OF = {norm(alias): t.name for t in OUTCOME_TYPES for alias in (t.name, *t.aliases)}
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def parse_outcome_type(value: object) -> str:
    """An outcome type (schema.OUTCOME_TYPES) by its name or an alias; BadValue with the closest
    type as a suggestion otherwise."""
    text = norm(text_of(value))
    if (name := _OUTCOME_OF.get(text)) is not None:
        return name
    close = difflib.get_close_matches(text, list(_OUTCOME_OF), n=1, cutoff=0.4)
    raise BadValue("outcome-type-unknown", suggestion=_OUTCOME_OF[close[0]] if close else "",
                   expected="、".join(t.name for t in OUTCOME_TYPES))


def parse_number(value: object) -> float:
    """A quantity of at least 0: a number cell, or text such as "12.5" or "1,200"; BadValue otherwise."""
    if isinstance(value, bool):
        raise BadValue("number-unreadable")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = norm(text_of(value))
        if not _NUMBER.fullmatch(text):
            raise BadValue("number-unreadable")
        number = float(text.replace(",", ""))
    if number != number or number in (float("inf"), float("-inf")):
        raise BadValue("number-unreadable")
    if number < 0:
        raise BadValue("number-negative")
    return number
