"""A flat, hand-typed ledger sheet → the rows of a rectxl ledger (pure, no I/O).

Offices keep their 整改台账 as one sheet: a title row, perhaps a "填报单位：… 填报日期：…" line, a
header row (headers named in many ways, with line breaks or spaces inside), section rows such as
"一、政治建设方面" merged across the row, the problem text merged down over the rows of its
measures (or typed again on each row), and a 序号 column instead of IDs. `flat_import` reads such a
sheet into {sheet key: [row dicts keyed by schema column keys]} — what rectxl.io.newledger.fill() writes —
and a report of what it inferred: the column mapping, the counts, and every row it could not place,
with its cell address. Texts are kept as typed (only trimmed); deadlines and statuses too (the
validator understands their spellings); nothing is guessed: what can't be placed is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rectxl.core import schema as S
from rectxl.core.address import cell_ref, parse_ref
from rectxl.core.grid import SheetGrid, find_sheet, header_key
from rectxl.core.values import BadValue, clean_id, is_blank, parse_deadline, split_people, text_of
from rectxl.errors import CannotImport
from rectxl.importing import outcomes as O

# ---- which header is which field --------------------------------------------------------------

SEQ = "seq"  # a 序号 column: not imported, rectxl numbers the ledger itself

# Flat-sheet-only names: a 序号 column, and generic headers a single flat sheet uses unambiguously.
# (Every other name comes from the schema's headers and aliases.)
FLAT_ALIASES: dict[str, tuple[str, ...]] = {
    SEQ: ("序号", "编号", "No", "No."),
    "description": ("问题", "主要问题"),
    "aspect": ("类别", "问题领域"),
    **O.FLAT_NAMES,  # what a measure produced, for 整改成效
}

# The fields are the ledger's column keys: these of 问题清单, the others of 任务清单. "lead" (牵头领导)
# is the problem's; its rows' values also fill 责任领导 when the sheet has no 责任领导 column.
_PROBLEM_FIELDS = ("problem_id", "aspect", "description", "lead")
_MEASURE_FIELDS = tuple(c.key for c in S.MEASURES_SHEET.columns if not c.owned and c.key != "problem_id")
REQUIRED_FIELDS = ("description", "measure")
# Columns the ledger requires of every measure: a flat sheet without them is imported, with a warning.
_NEEDED_LATER = ("department", "people", "deadline", "status")


def _field_names() -> dict[str, tuple[str, ...]]:
    names: dict[str, tuple[str, ...]] = {}
    for key in _PROBLEM_FIELDS:
        names[key] = S.PROBLEMS_SHEET.column(key).names
    for key in _MEASURE_FIELDS:
        names[key] = S.MEASURES_SHEET.column(key).names
    for key, extra in FLAT_ALIASES.items():
        names[key] = (*names.get(key, ()), *extra)
    return names


FIELD_NAMES = _field_names()
# Flat-only names win (编号 in a flat sheet is a running number, not the problems sheet's ID).
_FIELD_OF: dict[str, str] = {}
for _key, _names in FIELD_NAMES.items():
    for _name in _names:
        _FIELD_OF.setdefault(header_key(_name), _key)
for _key, _names in FLAT_ALIASES.items():
    for _name in _names:
        _FIELD_OF[header_key(_name)] = _key

_PAREN = re.compile(r"[（(][^（）()]*[)）]")


def field_of(header: object) -> str | None:
    """The field a header names ("整改\\n举措" → measure, "完成时限（2023年）" → deadline), or None."""
    if not isinstance(header, str):
        return None
    return _FIELD_OF.get(header_key(header)) or _FIELD_OF.get(header_key(_PAREN.sub("", header))) or None


def target_label(key: str) -> str:
    """Where a field goes, as users see it: 任务清单·整改措施."""
    if key == SEQ:
        return "（序号：不导入，编号由 rectxl 生成）"
    if key in O.OUTCOME_FIELDS:
        return O.target_label(key)
    sheet = S.PROBLEMS_SHEET if key in _PROBLEM_FIELDS else S.MEASURES_SHEET
    return f"{sheet.name}·{sheet.column(key).header}"


def expected_headers() -> str:
    """The headers looked for, for the not-a-ledger message."""

    def named(key: str) -> str:
        main, *others = dict.fromkeys(n for n in FIELD_NAMES[key] if not n.isascii())
        return f"{main}（或{'、'.join(others)}）" if others else main

    required = "、".join(named(k) for k in REQUIRED_FIELDS)
    optional = "、".join(named(k) for k in ("aspect", *_NEEDED_LATER, "leader", "lead", "progress", SEQ))
    return f"必须有：{required}；还可识别：{optional}"


# ---- aspects -------------------------------------------------------------------------------------

_CN = "一二三四五六七八九十百零〇两"
_NUMBERING = re.compile(
    rf"^\s*(?:第[{_CN}\d]+个?(?:方面|部分)|[（(]\s*[{_CN}\d]+\s*[)）]|[{_CN}]+\s*[、.．，,:：]|\d+\s*[、.．，,:：)）](?!\d))"
    r"\s*[、.．，,:：]?\s*")
# A 序号 cell holding only a section's numeral: 一 / 二、 / （三）.
_SECTION_NUMERAL = re.compile(rf"[（(]?[{_CN}]+[)）]?[、.．]?")
_COUNT_NOTE = re.compile(r"[（(][^（）()]*(?:\d|[一二三四五六七八九十]+)[^（）()]*(?:个|项|条|处)[^（）()]*[)）]$")
_PROBLEM_WRAP = re.compile(r"(?:方面)?(?:存在的?|的)?(?:主要|突出)?问题$")
_ASPECT_WRAP = re.compile(r"方面$")


def clean_aspect(text: str) -> str:
    """A section title or 方面 cell as an aspect name: "（二）在作风建设方面存在的问题" → "作风建设"."""
    raw = text.strip()
    name = _NUMBERING.sub("", raw, count=1)
    name = _COUNT_NOTE.sub("", name).strip().rstrip("：:。.，,；; ")
    wrapped = False
    for wrap in (_PROBLEM_WRAP, _ASPECT_WRAP):
        stripped = wrap.sub("", name)
        wrapped |= stripped != name
        name = stripped
    name = re.sub(r"^关于", "", name)
    if wrapped:
        name = re.sub(r"^(?:在|对)", "", name)
    name = name.strip().rstrip("：:，,、 ")
    return name or _NUMBERING.sub("", raw, count=1).strip() or raw


def looks_like_section(text: str) -> bool:
    """Numbered like a section (一、… （二）… 第三方面…), or naming an aspect (…方面, …存在的问题)."""
    text = text.strip()
    return bool(_NUMBERING.match(text) and _NUMBERING.sub("", text, count=1).strip()) or "方面" in text \
        or bool(_PROBLEM_WRAP.search(text))


# ---- the unit, from the lines above the headers -------------------------------------------------

_FILLER_UNIT = re.compile(r"(?:填报|报送|责任|整改)?单位(?:名称)?\s*(?:[（(][^）)]*[)）])?\s*[:：]\s*(?P<rest>.*)", re.S)
_FILLER_END = re.compile(r"\s{2,}|\u3000|(?:填报|报送|制表|填表)?(?:日期|时间|人)\s*[:：]")
_TITLE_TAIL = re.compile(r"(?:反馈)?(?:意见)?(?:问题)?整改(?:落实)?(?:工作)?(?:情况)?(?:的)?(?:台账|清单|一览表|表)$")


def unit_from_filler(text: str) -> str:
    """"填报单位：××学院党委　　填报日期：2023年3月31日" → "××学院党委"; "" when no such label."""
    m = _FILLER_UNIT.search(text)
    if not m:
        return ""
    return _FILLER_END.split(m["rest"], maxsplit=1)[0].strip()


def unit_from_title(title: str) -> str:
    """"××学院党委巡察反馈问题整改台账" → "××学院党委"; "" when the title doesn't name the unit first."""
    t = re.sub(r"\s+", "", title)
    t = re.sub(r"^(?:\d{4}年度?)?(?:关于)?", "", t)
    m = re.search("巡察|巡视", t) or _TITLE_TAIL.search(t)
    if not m:
        return ""
    head = t[: m.start()]
    head = re.sub(r"(?:贯彻落实|落实|关于|对|接受|配合)+$", "", head)
    head = re.sub(r"的$", "", head)
    if not head or re.search(r"第.{1,4}轮|^(?:校|市|县|区|省)?(?:党委|委)$", head) or len(head) > 40:
        return ""
    return head


# ---- the result -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mapped:
    cell: str  # the header cell, e.g. "C3"
    header: str  # as typed (line breaks shown as spaces)
    target: str  # 任务清单·整改措施, or why it is not imported ("" : not recognised)
    field: str | None = None


@dataclass(frozen=True)
class Unplaced:
    cell: str  # the cell that decided it, e.g. "C9"
    reason: str
    text: str  # the row's values, for recognition


@dataclass
class Import:
    sheet: str
    header_row: int  # 1-based (the first, when headers take two rows)
    data: dict[str, list[dict]]  # what rectxl.io.newledger.fill() writes
    mapping: list[Mapped]
    unplaced: list[Unplaced]
    warnings: list[str]
    unit: str = ""
    unit_source: str = ""  # the cell it was read from ("" when given or not found)

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



# ---- reading one sheet ---------------------------------------------------------------------------


class _Cells:
    """A grid's own values and its merges: a covered cell takes its range's value when blank."""

    def __init__(self, grid: SheetGrid):
        self.grid = grid
        self.bottom = grid.top + len(grid.rows) - 1
        self.right = grid.left + max((len(r) for r in grid.rows), default=0) - 1
        self.origin_of: dict[tuple[int, int], tuple[int, int]] = {}
        self.span: dict[tuple[int, int], tuple[int, int]] = {}
        for (r0, c0), (r1, c1) in grid.merged:
            self.span[(r0, c0)] = (r1, c1)
            for r in range(max(r0, grid.top), min(r1, self.bottom) + 1):
                for c in range(max(c0, grid.left), min(c1, self.right) + 1):
                    if (r, c) != (r0, c0):
                        self.origin_of[(r, c)] = (r0, c0)

    def own(self, row: int, col: int) -> object:
        value = self.grid.value(row, col)
        return None if is_blank(value) else value

    def value(self, row: int, col: int) -> object:
        value = self.own(row, col)
        if value is None and (row, col) in self.origin_of:
            value = self.own(*self.origin_of[(row, col)])
        return value

    def merged_origin(self, row: int, col: int) -> tuple[int, int] | None:
        """The top-left cell of the merged range holding (row, col), or None when not merged."""
        if (row, col) in self.span:
            return (row, col)
        return self.origin_of.get((row, col))

    def across(self, row: int, col: int) -> bool:
        """Whether (row, col) is part of a range merged over two columns or more."""
        origin = self.merged_origin(row, col)
        return origin is not None and self.span[origin][1] > origin[1]

    def row_values(self, row: int) -> dict[int, object]:
        return {c: v for c in range(self.grid.left, self.right + 1) if (v := self.own(row, c)) is not None}


def _show(value: object) -> str:
    return re.sub(r"\s*\n\s*", " ", text_of(value))


def _header_fields(cells: _Cells, row: int) -> dict[int, str]:
    return {c: f for c, v in cells.row_values(row).items() if (f := field_of(v))}


@dataclass
class _Header:
    first: int  # 0-based absolute row of the header row
    row: int  # the last header row (a second row under group headers), data below it
    columns: dict[str, int]  # field → column (the first column of that name)
    mapping: list[Mapped]
    names: dict[str, str]  # field → its header as typed, for messages


def _find_header(cells: _Cells) -> tuple[_Header | None, dict[int, str], int]:
    """The header row in the first rows: the one naming the most fields among those holding the
    problem and measure columns. Else None, with the row naming the most fields (for the message)."""
    grid = cells.grid
    best: tuple[int, int] | None = None
    partial: tuple[dict[int, str], int] = ({}, -1)
    for r in range(grid.top, min(grid.top + S.HEADER_SEARCH_ROWS, cells.bottom + 1)):
        fields = _header_fields(cells, r)
        if all(f in fields.values() for f in REQUIRED_FIELDS):
            if best is None or len(set(fields.values())) > best[0]:
                best = (len(set(fields.values())), r)
        elif len(fields) > len(partial[0]):
            partial = (fields, r)
    if best is None:
        return None, *partial
    return _header_at(cells, best[1]), {}, -1


def _header_at(cells: _Cells, row: int) -> _Header:
    fields = _header_fields(cells, row)
    texts: dict[int, str] = {c: _show(v) for c, v in cells.row_values(row).items()}
    where = dict.fromkeys(texts, row)
    below = row + 1
    sub = _header_fields(cells, below) if below <= cells.bottom else {}
    below_values = cells.row_values(below) if sub else {}
    # A second header row under group headers (完成情况 merged over 整改状态 | 整改进展): what it names
    # is a header, not data, when its problem and measure cells are blank.
    sub_row = bool(sub) and not any(c in below_values for c, f in fields.items() if f in REQUIRED_FIELDS)
    if sub_row:
        for c, f in sub.items():
            if c in fields and not cells.across(row, c):
                continue
            group = cells.value(row, c)
            fields[c] = f
            texts[c] = f"{_show(group)}/{_show(below_values[c])}" if group is not None else _show(below_values[c])
            where[c] = below
        for c, v in below_values.items():
            texts.setdefault(c, _show(v))
            where.setdefault(c, below)
        for c in [c for c in fields if c not in sub and cells.across(row, c)]:
            r1, c1 = cells.span[cells.merged_origin(row, c)]
            if any(k in sub for k in range(c, c1 + 1)):
                del fields[c]  # a group header: its sub-headers name the columns
    columns: dict[str, int] = {}
    mapping = []
    for c in sorted(texts):
        f = fields.get(c)
        cell = cell_ref(where[c] + 1, c + 1)
        if f is None:
            mapping.append(Mapped(cell, texts[c], ""))
        elif f in columns:
            mapping.append(Mapped(cell, texts[c], f"（与 {cell_ref(where[columns[f]] + 1, columns[f] + 1)} 重复，不导入）"))
        else:
            columns[f] = c
            mapping.append(Mapped(cell, texts[c], target_label(f), f))
    if "lead" in columns and "leader" not in columns:
        mapping = [Mapped(m.cell, m.header, f"{m.target}、{target_label('leader')}", m.field)
                   if m.field == "lead" else m for m in mapping]
    names = {f: texts[c] for f, c in columns.items()}
    return _Header(row, below if sub_row else row, columns, mapping, names)


def _unit(cells: _Cells, header_row: int) -> tuple[str, str]:
    """The unit named above the headers: a 填报单位 line first, else the title."""
    found_title: tuple[str, str] = ("", "")
    for r in range(cells.grid.top, header_row):
        for c, v in cells.row_values(r).items():
            if not isinstance(v, str):
                continue
            if unit := unit_from_filler(v):
                return unit, cell_ref(r + 1, c + 1)
            if not found_title[0] and (unit := unit_from_title(v)):
                found_title = (unit, cell_ref(r + 1, c + 1))
    return found_title


@dataclass
class _Problem:
    aspect: str | None
    text: str
    origin: tuple[int, int] | None
    row: int
    cell: str
    sheet_id: str
    leads: list[str] = field(default_factory=list)
    measures: list[tuple[dict, str, int]] = field(default_factory=list)  # (row dict, sheet ID, row)


def _trimmed(value: object) -> object:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


class _Reader:
    def __init__(self, cells: _Cells, header: _Header):
        self.cells, self.header = cells, header
        self.col = header.columns
        self.first_col = min(header.columns.values())
        self.problems: list[_Problem] = []
        self.unplaced: list[Unplaced] = []
        self.section: str | None = None
        self.sections: list[list] = []  # [cell, title, problems under it] per section row
        self.before_sections: list[str] = []  # problem cells placed before the first section row
        self.measure_origins: set[tuple[int, int]] = set()

    def ref(self, row: int, key: str) -> str:
        return cell_ref(row + 1, self.col.get(key, self.first_col) + 1)

    def get(self, row: int, key: str) -> object:
        c = self.col.get(key)
        return None if c is None else _trimmed(self.cells.value(row, c))

    def unplace(self, row: int, key: str | None, reason: str, values: dict[int, object]) -> None:
        text = " | ".join(_show(v) for v in values.values())
        cell = self.ref(row, key) if key else cell_ref(row + 1, min(values) + 1)
        self.unplaced.append(Unplaced(cell, reason, text if len(text) <= 80 else text[:79] + "…"))

    def read(self) -> None:
        prev: _Problem | None = None
        for row in range(self.header.row + 1, self.cells.bottom + 1):
            values = self.cells.row_values(row)
            if not values:
                continue
            if self._repeated_header(values):
                self.unplace(row, None, "重复的表头行（已跳过）", values)
                continue
            section = self._section(row, values)
            if section is not None:
                self.section, prev = clean_aspect(section), None
                self.sections.append([cell_ref(row + 1, min(values) + 1), section, 0])
                continue
            prev = self._data_row(row, values, prev)
        for cell, title, count in self.sections:
            if not count:
                self.unplaced.append(Unplaced(cell, "方面标题行下面没有问题，未导入", title))
        self.unplaced.sort(key=lambda u: parse_ref(u.cell))

    def _repeated_header(self, values: dict[int, object]) -> bool:
        return sum(1 for c, v in values.items() if field_of(v) and self.col.get(field_of(v)) == c) >= 2

    def _section(self, row: int, values: dict[int, object]) -> str | None:
        """The title of a section row ("一、政治建设方面"): its only text, merged across the row or in
        its first cell (a 序号 cell holding only the numeral may precede it)."""
        items = dict(values)
        seq = self.col.get(SEQ)
        numeral = ""
        if seq in items and len(items) == 2 and _SECTION_NUMERAL.fullmatch(text_of(items[seq]).strip()):
            numeral = text_of(items.pop(seq)).strip().rstrip("、.．")
        if len(items) != 1:
            return None
        (c, value), = items.items()
        if not isinstance(value, str):
            return None
        text = value.strip()
        if not (numeral or self.cells.across(row, c) or c in (self.first_col, seq, self.cells.grid.left)):
            return None
        if not (numeral or looks_like_section(text)):
            return None
        return f"{numeral}、{text}" if numeral else text

    def _data_row(self, row: int, values: dict[int, object], prev: _Problem | None) -> _Problem | None:
        cells, col = self.cells, self.col
        measure = self.get(row, "measure")
        desc = self.get(row, "description")
        desc_own = cells.own(row, col["description"])
        measure_origin = cells.merged_origin(row, col["measure"])
        if measure_origin is not None and measure_origin == cells.merged_origin(row, col["description"]):
            measure = None  # the problem's text merged over the measure column: no measure of its own
        if measure is None:
            reason = "只有问题描述、没有整改措施，未导入" if desc_own is not None else "没有整改措施，无法导入"
            self.unplace(row, "measure", reason, values)
            return prev
        if measure_origin is not None and measure_origin != (row, col["measure"]) \
                and measure_origin in self.measure_origins:
            self.unplace(row, "measure", f"整改措施与第 {measure_origin[0] + 1} 行合并，该行其余内容未单独导入", values)
            return prev
        if desc is None:
            self.unplace(row, "description", f"有整改措施，但“{self.header.names['description']}”为空"
                                             "（也不在合并单元格内），无法判断属于哪个问题", values)
            return prev
        problem = self._problem(row, prev)
        if measure_origin is not None:
            self.measure_origins.add(measure_origin)
        problem.measures.append((self._measure(row), self._id(row, "measure_id"), row))
        return problem

    def _id(self, row: int, key: str) -> str:
        value = self.get(row, key)
        return "" if value is None else clean_id(value)[0]

    def _problem(self, row: int, prev: _Problem | None) -> _Problem:
        """This row's problem: the previous one when its text cell is the same merged range or the
        same text (under the same aspect), else a new one."""
        c = self.col["description"]
        text = text_of(self.get(row, "description"))
        origin = self.cells.merged_origin(row, c)
        aspect_cell = self.get(row, "aspect")
        aspect = clean_aspect(text_of(aspect_cell)) if aspect_cell is not None else self.section
        if prev is not None and prev.aspect == aspect and ((origin is not None and origin == prev.origin)
                                                           or prev.text == text):
            problem = prev
        else:
            first = origin if origin is not None else (row, c)
            problem = _Problem(aspect, text, origin, row, cell_ref(first[0] + 1, first[1] + 1),
                               self._id(row, "problem_id"))
            self.problems.append(problem)
            if self.sections and aspect == self.section:
                self.sections[-1][2] += 1
            if aspect is None:
                self.before_sections.append(problem.cell)
        lead = self.get(row, "lead")
        if lead is not None:
            problem.leads.extend(split_people(lead))
        return problem

    def _measure(self, row: int) -> dict:
        out: dict[str, object] = {}
        for key in _MEASURE_FIELDS:
            if key == "measure_id":
                continue
            value = self.get(row, key)
            if key in ("leader", "people"):
                value = "、".join(split_people(value)) or None
            if value is not None:
                out[key] = value
        if "leader" not in self.col and (lead := self.get(row, "lead")) is not None:
            out["leader"] = "、".join(split_people(lead))
        return out


def _numbered(reader: _Reader, warnings: list[str]) -> tuple[list[dict], list[dict]]:
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
        problems.append({"problem_id": pid, "aspect_no": str(a), "aspect": p.aspect or "", "description": p.text,
                         "lead": "、".join(dict.fromkeys(p.leads))})
        for n, (row, mid, _) in enumerate(p.measures, 1):
            measures.append({"measure_id": mid if own_mids else f"{pid}-{n}", "problem_id": pid, **row})
    return problems, measures


def _roster(measures: list[dict]) -> list[dict]:
    """Everyone named as 责任人, in order of first mention; a department when named alone on a row."""
    people: dict[str, str] = {}
    for m in measures:
        names = split_people(m.get("people"))
        for name in names:
            people.setdefault(name, "")
        department = m.get("department")
        if len(names) == 1 and department and not people[names[0]]:
            people[names[0]] = text_of(department)
    return [{"name": n, "department": d} for n, d in people.items()]


def _deadline_warning(measures: list[dict], reader: _Reader, rows: list[int]) -> str | None:
    """Deadlines counted from the feedback date (立行立改, no year) when none was given."""
    needing = []
    for m, row in zip(measures, rows):
        try:
            parse_deadline(m.get("deadline")) if m.get("deadline") is not None else None
        except BadValue as bad:
            if bad.code == "deadline-needs-feedback-date":
                needing.append(f"{reader.ref(row, 'deadline')}“{text_of(m['deadline'])}”")
    if not needing:
        return None
    shown = "、".join(needing[:5]) + ("等" if len(needing) > 5 else "")
    return (f"有 {len(needing)} 项措施的完成时限要根据巡察反馈日期推算（{shown}）："
            "请用 --feedback-date 指定反馈日期（如 --feedback-date 2022-09-16），rectxl 不会猜测。")


def _settings(unit: str, feedback_date: dt.date | None, counts: dict[str, int]) -> list[dict]:
    label = {s.key: s.label for s in S.SETTINGS}
    rows = []
    if unit:
        rows.append({"item": label["unit"], "value": unit})
    if feedback_date:
        rows.append({"item": label["feedback_date"], "value": feedback_date})
    rows += [{"item": label[key], "value": n} for key, n in counts.items()]
    return rows


def import_grid(grid: SheetGrid, unit: str | None = None, feedback_date: dt.date | None = None) -> Import:
    """One flat sheet → the ledger rows and the report; CannotImport when it has no flat ledger header."""
    cells = _Cells(grid)
    header, partial, partial_row = _find_header(cells)
    if header is None:
        raise CannotImport(_no_header_message(grid.name, partial, partial_row))
    reader = _Reader(cells, header)
    reader.read()
    warnings: list[str] = []
    for key in _NEEDED_LATER:
        if key not in header.columns:
            column = S.MEASURES_SHEET.column(key)
            warnings.append(f"源表没有“{column.header}”列（也认：{'、'.join(n for n in column.aliases if not n.isascii())}）："
                            f"导入后“任务清单”的该列为空，需要补填。")
    skipped = [f"{m.cell}“{m.header}”" for m in header.mapping if m.field is None]
    if skipped:
        warnings.append(f"这些列没有导入：{'、'.join(skipped)}。如需保留，请把表头改成可识别的名称后重新导入，"
                        "或导入后手工补入。")
    problems, measures = _numbered(reader, warnings)
    if not measures:
        warnings.append("没有导入任何整改措施：请对照上面“未导入的行”检查源表。")
    reader.unplaced += [Unplaced(ref, "离表格很远的单元格（可能是误输入），未读取", "") for ref in grid.stray]
    if reader.before_sections:
        where = "、".join(reader.before_sections[:5]) + ("等" if len(reader.before_sections) > 5 else "")
        if reader.sections:
            warnings.append(f"{len(reader.before_sections)} 个问题在第一个方面标题行之前（{where}），"
                            "导入后其“方面”为空，请补填。")
        else:
            warnings.append("没有找到方面：既没有“一、……方面”这样的标题行，也没有“方面”列；"
                            "问题都归入方面序号 1，“方面”为空，请补填。")
    source_unit = ""
    if unit is None:
        unit, source_unit = _unit(cells, header.first)
        if not unit:
            warnings.append("没能从标题或“填报单位”行看出单位名称：请用 --unit 指定，或导入后在“设置”表中填写。")
    rows = [row for p in reader.problems for _, _, row in p.measures]
    if feedback_date is None and (warning := _deadline_warning(measures, reader, rows)):
        warnings.append(warning)
    counts = {"aspects_count": len({p["aspect_no"] for p in problems}), "problems_count": len(problems),
              "measures_count": len(measures)}
    data = {"settings": _settings(unit or "", feedback_date, counts), "problems": problems, "measures": measures,
            "progress": [], "people": _roster(measures),
            "outcomes": O.outcome_rows(reader.get, header.columns, measures, rows, warnings)}
    return Import(grid.name, header.first + 1, data, header.mapping, reader.unplaced, warnings, unit or "", source_unit)


def _no_header_message(sheet: str, partial: dict[int, str], row: int) -> str:
    if partial:
        found = "、".join(dict.fromkeys(target_label(f).split("·")[-1] for f in partial.values()))
        missing = "、".join(S.PROBLEMS_SHEET.column(k).header if k == "description" else S.MEASURES_SHEET.column(k).header
                            for k in REQUIRED_FIELDS if k not in partial.values())
        return (f"工作表“{sheet}”第 {row + 1} 行像是表头（认出了：{found}），但缺少“{missing}”列。"
                f"表头应包含——{expected_headers()}。")
    return f"工作表“{sheet}”的前 {S.HEADER_SEARCH_ROWS} 行中找不到台账表头。表头应包含——{expected_headers()}。"


def flat_import(grids: list[SheetGrid], sheet: str | None = None, unit: str | None = None,
                feedback_date: dt.date | None = None) -> Import:
    """The flat ledger in a workbook's grids: the named sheet, else the first sheet with its headers."""
    if sheet is not None:
        wanted = header_key(sheet)
        grid = next((g for g in grids if header_key(g.name) == wanted), None)
        if grid is None:
            raise CannotImport(f"没有名为“{sheet}”的工作表（有：{'、'.join(g.name for g in grids) or '无'}）。")
        return import_grid(grid, unit, feedback_date)
    messages = []
    for grid in grids:
        try:
            return import_grid(grid, unit, feedback_date)
        except CannotImport as exc:
            messages.append(exc)
    if find_sheet(grids, S.PROBLEMS_SHEET) and find_sheet(grids, S.MEASURES_SHEET):
        raise CannotImport("这已经是 rectxl 台账（有“问题清单”“任务清单”工作表），无需导入；"
                           "可直接运行 rectxl validate。")
    if len(messages) == 1:
        raise messages[0]
    names = "、".join(g.name for g in grids) or "无"
    raise CannotImport(f"在各工作表（{names}）的前 {S.HEADER_SEARCH_ROWS} 行中都找不到台账表头。"
                       f"表头应包含——{expected_headers()}。可用 --sheet 指定工作表。")
