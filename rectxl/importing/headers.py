"""Which header of a flat sheet names which ledger field, and where the header rows are.

Names come from the schema (each column's header and aliases, rectxl.core.schema) plus the few a
flat sheet alone uses (a 序号 column, a problem-level status). When two columns name one field, the
one whose name comes first in the schema's list wins (完成时限 over 整改时限, 牵头单位 over 责任单位);
the other is kept in 备注 with its header, like every column rectxl has no field for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rectxl.core import schema
from rectxl.core.address import cell_ref
from rectxl.core.grid import header_key
from rectxl.core.values import BadValue, parse_status, text_of
from rectxl.importing import outcomes as O
from rectxl.importing.cells import Cells

SEQ = "seq"  # a 序号 column: not imported, rectxl numbers the ledger itself
PROBLEM_STATUS = "problem_status"  # a problem's status: the status of its measures when they have none
IGNORED = "ignored"  # buttons of a system export (操作): nothing to keep

FLAT_ALIASES: dict[str, tuple[str, ...]] = {
    SEQ: ("序号", "编号", "问题序号", "No", "No."),
    # A task list's one text (督办 systems, project audit tables, tests/corpus l06): the task is the problem.
    # A system's notice list names each finding by its 标题 (整改通知单, tests/corpus l03).
    "description": ("问题", "主要问题", "任务内容", "任务描述", "功能描述", "标题",
                    # Beside 问题 it details it (kept in 备注): alone it is the problem's text.
                    "具体表现", "问题具体表现"),
    "aspect": ("类别",),
    PROBLEM_STATUS: ("整改问题状态", "问题状态", "问题整改状态"),
    IGNORED: ("操作",),
    **O.FLAT_NAMES,  # what a measure produced, for 整改成效
}
# Headers no alias lists, read by how they end ("问题整改责任单位", "整改完成时限（2023年）").
_ENDINGS: tuple[tuple[str, str], ...] = (
    ("责任单位", "department"), ("责任部门", "department"), ("牵头单位", "department"), ("牵头部门", "department"),
    ("责任科室", "department"), ("责任领导", "leader"), ("分管领导", "leader"), ("牵头领导", "lead"),
    ("责任人", "people"), ("时限", "deadline"), ("完成时间", "deadline"), ("整改措施", "measure"),
    ("举措", "measure"), ("整改状态", "status"), ("完成情况", "status"), ("进展情况", "progress"),
    ("具体问题", "description"), ("存在问题", "description"), ("反馈问题", "description"), ("发现问题", "description"),
)
PROBLEM_FIELDS = ("problem_id", "aspect", "group", "description", "lead")
MEASURE_FIELDS = tuple(c.key for c in schema.MEASURES_SHEET.columns if not c.owned and c.key != "problem_id")
# A flat sheet needs one of these (a problem list, a task list, or both).
TEXT_FIELDS = ("description", "measure")
# Columns the ledger requires of every measure: a flat sheet without them is imported, with a warning.
NEEDED_LATER = ("department", "people", "deadline", "status")


def _field_names() -> dict[str, tuple[str, ...]]:
    names: dict[str, tuple[str, ...]] = {}
    for key in PROBLEM_FIELDS:
        names[key] = schema.PROBLEMS_SHEET.column(key).names
    for key in MEASURE_FIELDS:
        names[key] = schema.MEASURES_SHEET.column(key).names
    for key, extra in FLAT_ALIASES.items():
        names[key] = (*names.get(key, ()), *extra)
    return names


FIELD_NAMES = _field_names()
# header key → (field, rank: the name's place in the field's list, for choosing between columns)
_FIELD_OF: dict[str, tuple[str, int]] = {}
for _key, _names in FIELD_NAMES.items():
    for _rank, _name in enumerate(_names):
        _FIELD_OF.setdefault(header_key(_name), (_key, _rank))
for _key, _names in FLAT_ALIASES.items():  # flat-only names win (编号 here is a running number)
    for _rank, _name in enumerate(_names):
        _FIELD_OF[header_key(_name)] = (_key, 100 + _rank)

_PAREN = re.compile(r"[（(][^（）()]*[)）]")
_ENDING_KEYS = tuple((header_key(ending), len(ending), key) for ending, key in _ENDINGS)
_ENDING_LAST = frozenset(ending[-1] for ending, _, _ in _ENDING_KEYS)
_HEADER_CHARS = 40  # a longer text is data, never a header


# The last characters names end in: a text ending in another Chinese character or a digit names
# no field (most data cells, ruled out without folding them).
_LAST = frozenset(key[-1] for key in _FIELD_OF) | _ENDING_LAST


@lru_cache(maxsize=4096)
def _rank(header: str) -> tuple[str, int] | None:
    last = header.rstrip()[-1:]
    if ("\u4e00" <= last <= "\u9fff" or last.isdigit()) and last not in _LAST:
        return None
    unbracketed = _PAREN.sub("", header)
    bare = header_key(unbracketed)
    found = _FIELD_OF.get(bare if unbracketed == header else header_key(header)) or _FIELD_OF.get(bare)
    if found:
        return found
    if bare[-1:] not in _ENDING_LAST:  # most data cells: no ending can match
        return None
    for ending, size, key in _ENDING_KEYS:
        if bare.endswith(ending) and len(bare) <= size + 6:
            return key, 200
    return None


def field_rank(header: object) -> tuple[str, int] | None:
    """(field, rank) of a header ("整改\\n举措" → measure), or None when no field has that name."""
    if not isinstance(header, str) or len(header) > _HEADER_CHARS:
        return None
    return _rank(header)


def field_of(header: object) -> str | None:
    """The field a header names, or None."""
    found = field_rank(header)
    return found[0] if found else None


def target_label(key: str) -> str:
    """Where a field goes, as users see it: 任务清单·整改措施."""
    if key == SEQ:
        return "（序号：不导入，编号由 rectxl 生成）"
    if key == IGNORED:
        return "（操作按钮列：不导入）"
    if key in O.OUTCOME_FIELDS:
        return O.target_label(key)
    if key == PROBLEM_STATUS:
        return f"{schema.MEASURES_SHEET.name}·{schema.MEASURES_SHEET.column('status').header}（问题的状态，用于其各项措施）"
    sheet = schema.PROBLEMS_SHEET if key in PROBLEM_FIELDS else schema.MEASURES_SHEET
    return f"{sheet.name}·{sheet.column(key).header}"


def note_label(header: str) -> str:
    return f"{schema.MEASURES_SHEET.name}·{schema.MEASURES_SHEET.column('note').header}（写作“{header}：…”）"


def expected_headers() -> str:
    """The headers looked for, for the refusal."""

    def named(key: str) -> str:
        main, *others = dict.fromkeys(n for n in FIELD_NAMES[key] if not n.isascii())
        return f"{main}（或{'、'.join(others[:6])}等）" if others else main

    needed = "或".join(named(k) for k in TEXT_FIELDS)
    optional = "、".join(named(k) for k in ("aspect", *NEEDED_LATER, "leader", "lead", "progress"))
    return f"必须有：{needed}；还可识别：{optional}"


@dataclass(frozen=True)
class Mapped:
    cell: str  # the header cell, e.g. "C3"
    header: str  # as typed (line breaks shown as spaces)
    target: str  # 任务清单·整改措施, or why it is not imported
    field: str | None = None  # the field it fills; None when kept in 备注 or not imported
    column: int = -1  # 0-based


@dataclass
class Header:
    first: int  # 0-based row of the (first) header row
    row: int  # the last header row (a second row under group headers), data below it
    columns: dict[str, int]  # field → column
    mapping: list[Mapped]
    names: dict[str, str]  # field → its header as typed, for messages
    extra: dict[int, str]  # column → header, for columns kept in 备注


def show(value: object) -> str:
    return re.sub(r"\s*\n\s*", " ", text_of(value))


def _fields(cells: Cells, row: int) -> dict[int, tuple[str, int]]:
    return {c: f for c, v in cells.row_values(row).items() if (f := field_rank(v))}


def find_header(cells: Cells) -> tuple[Header | None, dict[int, str], int, dict[int, str]]:
    """The header row in the first rows: the one naming the most fields among those naming a
    problem or measure column. Else None, with the row naming the most fields and its other
    headers (for the refusal)."""
    grid = cells.grid
    best: tuple[int, int] | None = None
    partial: tuple[dict[int, str], int] = ({}, -1)
    for r in range(grid.top, min(grid.top + schema.HEADER_SEARCH_ROWS, cells.bottom + 1)):
        fields = {c: f for c, (f, _) in _fields(cells, r).items()}
        named = set(fields.values()) - {SEQ, IGNORED}
        below = {f for f, _ in _fields(cells, r + 1).values()} if r < cells.bottom else set()
        if any(f in named for f in TEXT_FIELDS) and len(named | below - {SEQ, IGNORED}) >= 2:
            if best is None or len(named) > best[0]:
                best = (len(named), r)
        elif len(fields) > len(partial[0]):
            partial = (fields, r)
    if best is None:
        fields, row = partial
        others = {c: show(v) for c, v in cells.row_values(row).items() if c not in fields} if row >= 0 else {}
        return None, fields, row, others
    return header_at(cells, best[1]), {}, -1, {}


# A group title over what was done (整改情况 over 是否完成 | 完成时间), and the words of a deadline.
_DONE_GROUP = re.compile(r"整改情况|完成情况|落实情况|整改进展|办理情况")
_LIMIT = re.compile(r"时限|期限|节点|计划|要求")


def header_at(cells: Cells, row: int) -> Header:
    fields = _fields(cells, row)
    texts: dict[int, str] = {c: show(v) for c, v in cells.row_values(row).items()}
    where = dict.fromkeys(texts, row)
    below = row + 1
    sub = _fields(cells, below) if below <= cells.bottom else {}
    below_values = cells.row_values(below) if sub else {}
    # A second header row under group headers (对应审核指标 over 一级指标 | 二级指标): a header row,
    # not data, when the cells of the first row's text columns are blank (merged down) there — a
    # text column's group title merged across (巡视反馈问题 over 问题 | 具体表现) has its sub-headers below.
    sub_row = bool(sub) and not any(
        c in below_values for c, (f, _) in fields.items() if f in TEXT_FIELDS and not cells.across(row, c))
    if sub_row:
        for c, f in sub.items():
            if c in fields and not cells.across(row, c):
                continue
            if f[0] == "deadline" and cells.across(row, c) and _DONE_GROUP.search(show(cells.value(row, c))) \
                    and not _LIMIT.search(show(below_values[c])):
                f = ("done_date", f[1])  # 完成时间 under 整改情况 | 完成情况: when it was done, not the deadline
            fields[c] = f
            texts[c] = show(below_values[c])
            where[c] = below
        for c, v in below_values.items():
            if c not in texts or cells.across(row, c):
                texts[c] = show(v)
                where[c] = below
        for c in [c for c in fields if c not in sub and cells.across(row, c)]:
            del fields[c]  # a group title: its sub-headers name the columns
        for c in [c for c in texts if c not in fields and where[c] == row and cells.across(row, c)
                  and any(k in below_values for k in range(c, cells.span[cells.merged_origin(row, c)][1] + 1))]:
            del texts[c]  # an unrecognised group title over its own sub-headers
    chosen: dict[str, int] = {}
    for c, (f, rank) in sorted(fields.items(), key=lambda item: (item[1][1], item[0])):
        chosen.setdefault(f, c)
    # A second status column beside a status column holds the free text (完成状态 | 完成情况): progress.
    # Which is which the cells tell (完成情况 holds the text in some ledgers, 整改情况 in others).
    if "status" in chosen and "progress" not in chosen:
        other = next((c for c, (f, _) in sorted(fields.items()) if f == "status" and c != chosen["status"]), None)
        if other is not None:
            data = below + 1 if sub_row else below
            if _status_words(cells, data, other) > _status_words(cells, data, chosen["status"]):
                chosen["status"], other = other, chosen["status"]
                fields[chosen["status"]] = ("status", 0)
            chosen["progress"], fields[other] = other, ("progress", 0)
    columns = {f: c for f, c in chosen.items() if f not in (SEQ, IGNORED)}
    mapping, extra = [], {}
    for c in sorted(texts):
        f = fields.get(c, (None,))[0]
        cell = cell_ref(where[c] + 1, c + 1)
        if f in (SEQ, IGNORED) or (f is not None and chosen[f] == c):
            mapping.append(Mapped(cell, texts[c], target_label(f), f if f not in (SEQ, IGNORED) else None, c))
        else:
            extra[c] = texts[c]
            mapping.append(Mapped(cell, texts[c], note_label(texts[c]), None, c))
    if "lead" in columns and "leader" not in columns:
        mapping = [Mapped(m.cell, m.header, f"{m.target}、{target_label('leader')}", m.field, m.column)
                   if m.field == "lead" else m for m in mapping]
    names = {f: texts[c] for f, c in columns.items()}
    return Header(row, below if sub_row else row, columns, mapping, names, extra)


def _status_words(cells: Cells, first: int, column: int, rows: int = 50) -> int:
    """How many of the column's first cells below the header are a status word alone."""
    count = 0
    for r in range(first, min(first + rows, cells.bottom + 1)):
        try:
            parse_status(cells.value(r, column))
            count += 1
        except BadValue:
            pass
    return count


def no_header_in_any_sheet(names: str) -> str:
    """The refusal of a workbook none of whose sheets (names) has a header."""
    return (f"在各工作表（{names}）的前 {schema.HEADER_SEARCH_ROWS} 行中都找不到台账表头。"
            f"表头应包含——{expected_headers()}。可用 --sheet 指定工作表。")


def no_header_message(sheet: str, partial: dict[int, str], row: int, others: dict[int, str]) -> str:
    """The refusal of a sheet whose header was not found: what was recognised, what was not, what is needed."""
    if partial:
        found = "、".join(dict.fromkeys(target_label(f).split("·")[-1] for f in partial.values()))
        unknown = "、".join(f"“{h}”" for h in others.values()) or "无"
        return (f"工作表“{sheet}”第 {row + 1} 行像是表头（认出了：{found}；没认出：{unknown}），"
                f"但{'只认出这一列' if len(partial) < 2 else '缺少问题列或整改措施列'}。表头应包含——{expected_headers()}。")
    return f"工作表“{sheet}”的前 {schema.HEADER_SEARCH_ROWS} 行中找不到台账表头。表头应包含——{expected_headers()}。"
