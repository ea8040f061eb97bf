"""The ledger rows of an imported flat sheet: IDs, the roster, the settings, the lines above the
header, and the warning for deadlines counted from the feedback date. Pure; the sheet walker
(rectxl.importing.flat) hands over what it read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rectxl.core import schema
from rectxl.core.address import cell_ref
from rectxl.core.values import BadValue, parse_deadline, text_of
from rectxl.importing.cells import Cells, by_value
from rectxl.importing.headers import Mapped, show
from rectxl.importing.structure import is_filler, unit_from_filler, unit_from_title

# What a row that is not data was taken for (the dry run lists them all).
TITLE, FILLER, SECTION, GROUP, PROBLEM, TOTAL, HEADER, FOOTER, OTHER = (
    "标题", "填报信息行", "方面", "分组", "问题", "合计行", "表头", "表尾说明", "其他")


@dataclass(frozen=True)
class Unplaced:
    cell: str  # the cell that decided it, e.g. "C9"
    reason: str
    text: str  # the row's values, for recognition
    kind: str = OTHER  # TITLE … OTHER


@dataclass
class Import:
    """A flat sheet read: the ledger rows, and the report of how (rectxl.importing.flat)."""
    sheet: str
    header_row: int  # 1-based (the first, when headers take two rows)
    data: dict[str, list[dict]]  # what rectxl.io.newledger.fill() writes
    mapping: list[Mapped]
    notes: list[Unplaced]  # every row that is not data, and what it was taken for
    warnings: list[str]
    unit: str = ""
    unit_source: str = ""  # the cell it was read from ("" when given or not found)

    @property
    def unplaced(self) -> list[Unplaced]:
        """The rows that look like data but could not be placed."""
        return [n for n in self.notes if n.kind == OTHER]

    @property
    def aspects(self) -> int:
        return len({p["aspect_no"] for p in self.data["problems"]})

    @property
    def problems(self) -> int:
        return len(self.data["problems"])

    @property
    def measures(self) -> int:
        return len(self.data["measures"])

    @property
    def people(self) -> int:
        return len(self.data["people"])


def short(values: dict[int, object]) -> str:
    text = " | ".join(show(v) for v in values.values())
    return text if len(text) <= 80 else text[:79] + "…"


def numbered(reader, warnings: list[str]) -> tuple[list[dict], list[dict]]:
    """Problems and measures with IDs: the sheet's own when complete, else aspect-problem-measure."""
    aspect_no: dict[str | None, int] = {}
    for p in reader.problems:
        aspect_no.setdefault(p.aspect, len(aspect_no) + 1)

    def usable(key: str, ids: list[str], label: str) -> bool:
        if key not in reader.col:
            return False
        if all(ids) and len(set(ids)) == len(ids):
            return True
        warnings.append(f"“{label}”列有空白或重复，编号已按“方面-问题-措施”重新生成。")
        return False

    own_pids = usable("problem_id", [p.sheet_id for p in reader.problems], "问题编号")
    own_mids = usable("measure_id", [mid for p in reader.problems for _, mid, _ in p.measures], "措施编号")
    problems, measures = [], []
    per_aspect: dict[str | None, int] = {}
    for p in reader.problems:
        a = aspect_no[p.aspect]
        per_aspect[p.aspect] = per_aspect.get(p.aspect, 0) + 1
        pid = p.sheet_id if own_pids else f"{a}-{per_aspect[p.aspect]}"
        problems.append({"problem_id": pid, "aspect_no": str(a), "aspect": p.aspect or "", "group": p.group,
                         "description": p.text, "lead": "、".join(dict.fromkeys(p.leads))})
        for n, (row, mid, _) in enumerate(p.measures, 1):
            measures.append({"measure_id": mid if own_mids else f"{pid}-{n}", "problem_id": pid, **row})
    return problems, measures


def roster(measures: list[dict], reader) -> list[dict]:
    """Everyone named as 责任人 (with the post written with the name), in order of first mention; a
    department when named alone on a row."""
    people: dict[str, dict] = {}
    for m, row in zip(measures, (r for p in reader.problems for _, _, r in p.measures)):
        found = [a for a in reader.named.get(row, ()) if a.name in text_of(m.get("people")).split("、")]
        for a in found:
            if a.is_person:
                entry = people.setdefault(a.name, {"name": a.name, "department": "", "title": ""})
                entry["title"] = entry["title"] or a.post
        named = [a for a in found if a.is_person]
        if len(named) == 1 and m.get("department") and not people[named[0].name]["department"]:
            people[named[0].name]["department"] = text_of(m["department"])
    return list(people.values())


def deadline_warning(measures: list[dict], reader) -> str | None:
    """Deadlines counted from the feedback date (立行立改, 3个月内, no year) when none was given."""
    needing = []
    rows = [r for p in reader.problems for _, _, r in p.measures]
    needs = by_value(_needs_feedback_date)
    for m, row in zip(measures, rows):
        if m.get("deadline") is not None and needs(m["deadline"]):
            needing.append(f"{reader.ref(row, 'deadline')}“{text_of(m['deadline'])}”")
    if not needing:
        return None
    shown = "、".join(needing[:5]) + ("等" if len(needing) > 5 else "")
    return (f"有 {len(needing)} 项措施的完成时限要根据巡察反馈日期推算（{shown}）："
            "请用 --feedback-date 指定反馈日期（如 --feedback-date 2022-09-16），rectxl 不会猜测。")


def _needs_feedback_date(deadline: object) -> bool:
    try:
        parse_deadline(deadline)
    except BadValue as bad:
        return bad.code == "deadline-needs-feedback-date"
    return False


def settings_rows(unit: str, feedback_date: dt.date | None, counts: dict[str, int]) -> list[dict]:
    label = {s.key: s.label for s in schema.SETTINGS}
    rows = []
    if unit:
        rows.append({"item": label["unit"], "value": unit})
    if feedback_date:
        rows.append({"item": label["feedback_date"], "value": feedback_date})
    rows += [{"item": label[key], "value": n} for key, n in counts.items()]
    return rows


def above(cells: Cells, header_row: int) -> tuple[list[Unplaced], str, str]:
    """The lines above the header (title, filler lines) and the unit they name: a 填报单位 line
    first, else a title of the form "X关于…整改…" when X is a whole organisation name."""
    notes, by_filler, by_title = [], ("", ""), ("", "")
    for r in range(cells.grid.top, header_row):
        values = cells.row_values(r)
        if not values:
            continue
        text = " ".join(text_of(v) for v in values.values())
        kind = FILLER if is_filler(text) else TITLE if not notes or all(n.kind == TITLE for n in notes) else OTHER
        notes.append(Unplaced(cell_ref(r + 1, min(values) + 1), "表头上方的" + kind, short(values), kind))
        for c, v in values.items():
            if not isinstance(v, str):
                continue
            if not by_filler[0] and (unit := unit_from_filler(v)):
                by_filler = (unit, cell_ref(r + 1, c + 1))
            if not by_title[0] and kind == TITLE and (unit := unit_from_title(v)):
                by_title = (unit, cell_ref(r + 1, c + 1))
    unit, source = by_filler if by_filler[0] else by_title
    return notes, unit, source
