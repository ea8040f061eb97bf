"""Outcome columns of a flat ledger (成效类型, 数量, 计量单位, 成效说明, 成效日期) → 整改成效 rows.

A flat sheet that records what each measure produced gets one outcome row per measure row with a
type or a quantity, tied to that measure's ID; types are kept as typed (the validator knows their
spellings). A sheet without outcome columns leaves 整改成效 empty, without a word.
"""

from __future__ import annotations

from rectxl.core import schema

# Flat-sheet names only: the outcome sheet's generic aliases (日期, 单位, 说明) name other columns
# in a one-sheet ledger. Field → the 整改成效 column key it fills.
OUTCOME_FIELDS = {"outcome_type": "type", "outcome_quantity": "quantity", "outcome_unit": "unit",
                  "outcome_description": "description", "outcome_date": "date"}
FLAT_NAMES: dict[str, tuple[str, ...]] = {
    "outcome_type": ("成效类型", "整改成效类型", "成效类别"),
    "outcome_quantity": ("成效数量", "数量"),
    "outcome_unit": ("计量单位",),
    "outcome_description": ("成效说明", "成效名称", "整改成效说明"),
    "outcome_date": ("成效日期", "取得成效日期"),
}


def target_label(field: str) -> str:
    return f"{schema.OUTCOMES_SHEET.name}·{schema.OUTCOMES_SHEET.column(OUTCOME_FIELDS[field]).header}"


def outcome_rows(get, columns: dict, measures: list[dict], rows: list[int], warnings: list[str]) -> list[dict]:
    """The 整改成效 rows of the measure rows (`rows`, in the order of `measures`); get(row, field)
    reads a cell of the flat sheet."""
    mapped = [f for f in OUTCOME_FIELDS if f in columns]
    if not mapped:
        return []
    if "outcome_type" not in columns or "outcome_quantity" not in columns:
        warnings.append("源表有整改成效的列，但缺少“成效类型”或“数量”列，成效未导入：请导入后在“整改成效”表中填写。")
        return []
    out = []
    for measure, row in zip(measures, rows):
        values = {OUTCOME_FIELDS[f]: get(row, f) for f in mapped}
        if values.get("type") is None and values.get("quantity") is None:
            continue
        out.append({"measure_id": measure["measure_id"], **values})
    return out
