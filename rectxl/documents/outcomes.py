"""Outcomes (整改成效) in words, as briefings and notices say them: "建立完善制度20项（新制定14项、
修订6项），追缴资金12.5万元，诫勉谈话2人". Every number is a total of rectxl.core.figures (the
{type, unit, total} rows), so the words agree with `rectxl status` exactly.
"""

from __future__ import annotations

from rectxl.core import schema
from rectxl.core.figures import amount

RULES_UNIT = "项"


def number(total: float) -> str:
    """14 → "14", 12.5 → "12.5"."""
    return str(amount(total))


def outcomes_in_words(rows: list[dict]) -> str:
    """The totals ({type, unit, total}) as one phrase, joined by "，"; "" when there are none.

    Rules made and revised (counted in 项) are said together first, as reports do; every other
    type by its phrase (schema.OutcomeType.phrase) with its number and unit."""
    totals = {(r["type"], r["unit"]): r["total"] for r in rows}
    made = totals.pop((schema.RULES_MADE, RULES_UNIT), 0)
    revised = totals.pop((schema.RULES_REVISED, RULES_UNIT), 0)
    parts = []
    if made and revised:
        parts.append(f"建立完善制度{number(made + revised)}项（新制定{number(made)}项、修订{number(revised)}项）")
    elif made:
        parts.append(f"新制定制度{number(made)}项")
    elif revised:
        parts.append(f"修订完善制度{number(revised)}项")
    for (kind, unit), total in totals.items():  # (in the figures' order: the schema's order of types)
        phrase = {schema.RULES_MADE: "新制定制度", schema.RULES_REVISED: "修订完善制度", schema.RULES_ABOLISHED: "废止制度"}.get(
            kind, schema.OUTCOME_TYPES_BY_NAME[kind].phrase)
        parts.append(f"{phrase}{number(total)}{unit}")
    return "，".join(parts)
