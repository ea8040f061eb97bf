"""A ledger split over sheets, one per aspect ("一、政治建设" | "二、作风建设" | …), as one ledger.

Some offices keep each aspect of the feedback on its own sheet, every sheet with the same header
and no aspect rows: the sheet's name is the aspect. The sheets are read one by one
(rectxl.importing.flat) and joined here: aspect k is the k-th such sheet, its IDs renumbered
k-problem-measure, each non-data row named with its sheet. Sheets are joined only when the case is
plain (names numbered or naming a 方面, the same columns, no aspect of their own); else the one
naming most columns is imported and the others are named, as before. Pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rectxl.core import schema
from rectxl.importing.assemble import Import, settings_rows
from rectxl.importing.structure import clean_aspect, is_aspect_heading

NO_ASPECT = "没有找到方面"  # the opening of the warning of a sheet without aspects (rectxl.importing.shortfalls)


def by_aspect(found: list[tuple], read: Callable[..., Import]) -> Import | None:
    """The sheets with a ledger header (found: (grid, (cells, header))) as one ledger when it is split
    by aspect: two or more sheets named for an aspect, with the same columns, the most any sheet
    names (a 填表说明 sheet is left out); else None. read(grid, (cells, header)) imports one sheet."""
    most = max(len(h.columns) for _, (_, h) in found)
    found = [(g, h) for g, h in found if is_aspect_heading(g.name.strip()) and len(h[1].columns) == most]
    if len(found) < 2 or len({frozenset(h.columns) for _, (_, h) in found}) != 1:
        return None
    return joined([read(g, h) for g, h in found])


def joined(parts: list[Import]) -> Import | None:
    """The sheets' imports as one, each sheet's name its aspect; None when a sheet has aspects of its own."""
    if any(p["aspect"] for part in parts for p in part.data["problems"]):
        return None
    data: dict[str, list[dict]] = {key: [] for key in parts[0].data if key != "settings"}
    people: dict[str, dict] = {}
    notes, warnings = [], []
    for k, part in enumerate(parts, 1):
        aspect = clean_aspect(part.sheet)
        renamed: dict[str, str] = {}
        for p in part.data["problems"]:
            renamed[p["problem_id"]] = new = f"{k}-{p['problem_id'].split('-', 1)[-1]}"
            data["problems"].append({**p, "problem_id": new, "aspect_no": str(k), "aspect": aspect})
        for key in [key for key in data if key not in ("problems", "people")]:
            for row in part.data[key]:
                row = dict(row)
                if "measure_id" in row and "problem_id" not in row:  # an outcome row: by its measure
                    pid = row["measure_id"].rsplit("-", 1)[0]
                    row["measure_id"] = f"{renamed.get(pid, pid)}-{row['measure_id'].rsplit('-', 1)[-1]}"
                elif "problem_id" in row:
                    old, row["problem_id"] = row["problem_id"], renamed.get(row["problem_id"], row["problem_id"])
                    if "measure_id" in row:
                        row["measure_id"] = row["problem_id"] + row["measure_id"][len(old):]
                data[key].append(row)
        for person in part.data["people"]:
            people.setdefault(person["name"], person)
        notes += [replace(n, cell=f"{part.sheet}!{n.cell}") for n in part.notes]
        warnings += [f"工作表“{part.sheet}”：{w}" for w in part.warnings if not w.startswith(NO_ASPECT)]
    data["people"] = list(people.values())
    counts = {"aspects_count": len(parts), "problems_count": len(data["problems"]),
              "measures_count": len(data["measures"])}
    unit, source = next(((p.unit, f"{p.sheet}!{p.unit_source}") for p in parts if p.unit_source), (parts[0].unit, ""))
    data["settings"] = settings_rows(unit, _feedback_date(parts[0]), counts)
    names = "、".join(f"“{p.sheet}”" for p in parts)
    warnings.insert(0, f"台账按方面分表：工作表{names}表头相同，逐表导入，工作表名作为各自的“方面”。"
                       "只导入其中一张，请用 --sheet 指定。")
    return Import("、".join(p.sheet for p in parts), parts[0].header_row, data, parts[0].mapping, notes, warnings,
                  unit, source if unit else "")


def _feedback_date(part: Import):
    label = next(s.label for s in schema.SETTINGS if s.key == "feedback_date")
    return next((r["value"] for r in part.data["settings"] if r["item"] == label), None)
