"""Generated ledgers, sound and broken, written as real .xlsx files and read in-process
(sources.read_file → ledger.build_ledger → rules.validate → figures.compute), against the
invariants that hold for any input:

* nothing raises;
* every finding's cell is an A1 reference inside the used range of a sheet the workbook has;
* per row of every table: done ≤ staged ≤ total, done + phase = staged, and
  done + phase + in_progress + not_started = total;
* a measure counts once for each of its people, and a measure with no people once in the
  "（未归类）" row (figures.UNGROUPED): Σ person totals = total + Σ over measures with people of
  (people − 1) = Σ over measures of max(people, 1); likewise for units (责任部门 split like
  names); every measure is in exactly one aspect row, so Σ aspect totals = total;
* a ledger generated without mistakes has no error finding.
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_workbook
from rectxl.core import schema
from rectxl.core.address import parse_ref
from rectxl.core.figures import UNGROUPED, compute
from rectxl.core.findings import ERROR
from rectxl.core.grid import SheetGrid
from rectxl.core.ledger import build_ledger
from rectxl.core.rules import validate
from rectxl.io.reading import read_file
from rectxl.core.values import parse_status, split_people

FEEDBACK = dt.date(2022, 9, 16)
AS_OF = dt.date(2023, 3, 31)
NAMES = ["张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十", "欧阳明", "Li Wei"]
DEPARTMENTS = ["党委办公室", "宣传部", "组织部", "办公室", "财务处", "学生工作部"]
ASPECTS = ["政治建设", "思想建设", "组织建设", "作风建设", "纪律建设"]
STATUS_WORDS = [alias for canonical, aliases in schema.STATUSES.items() for alias in (canonical, *aliases)]
BUCKETS = ("done", "phase", "in_progress", "not_started")
MEASURE_HEADS = ["措施编号", "问题编号", "整改措施", "责任部门", "责任人", "开始日期", "完成时限", "整改状态",
                 "完成日期", "佐证材料", "是否销号"]

days = st.dates(min_value=FEEDBACK, max_value=AS_OF)
later = st.dates(min_value=FEEDBACK, max_value=dt.date(2024, 12, 31))


def deadline_forms(day: dt.date) -> st.SearchStrategy:
    """Every supported way of writing a deadline on or near `day`."""
    return st.sampled_from([
        day, dt.datetime(day.year, day.month, day.day), day.isoformat(), f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}年{day.month}月底前", f"{day.year}.{day.month}.{day.day}", f"{day.year}年底前",
        f"{day.year}年第{'一二三四'[(day.month - 1) // 3]}季度", f"{day.year}年{'上下'[day.month > 6]}半年",
        "立行立改", "长期坚持", f"{day.year}年底前，并长期坚持", f"{day.month}月底前", "年底前",
        (day - dt.date(1899, 12, 30)).days,
    ])


@st.composite
def sound_ledgers(draw) -> dict[str, list[list]]:
    """A ledger with no error in it (warnings may occur: a done measure without evidence…)."""
    roster = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    departments = {name: draw(st.sampled_from(DEPARTMENTS)) for name in roster}
    problems, measures, progress = [], [], []
    for a in range(1, draw(st.integers(1, 3)) + 1):
        aspect = ASPECTS[a - 1]
        for k in range(1, draw(st.integers(1, 3)) + 1):
            pid = f"{a}-{k}"
            problems.append([pid, str(a), aspect, f"{aspect}方面的问题{k}", draw(st.sampled_from(roster))])
            for j in range(1, draw(st.integers(1, 3)) + 1):
                status = draw(st.sampled_from(STATUS_WORDS))
                done = parse_status(status) == schema.DONE
                people = draw(st.lists(st.sampled_from(roster), min_size=1, max_size=3, unique=True))
                separator = draw(st.sampled_from(["、", "，", "/", ";", "\n"]))
                department = draw(st.sampled_from([departments[people[0]], "、".join(
                    dict.fromkeys(departments[p] for p in people))]))
                measures.append([
                    f"{pid}-{j}", pid, f"整改措施{pid}-{j}", department, separator.join(people),
                    draw(st.none() | st.dates(min_value=dt.date(2022, 1, 1), max_value=FEEDBACK)),
                    draw(later.flatmap(deadline_forms)), status,
                    draw(days) if done else None,
                    draw(st.sampled_from(["", "制度文件", "会议纪要"])) or None,
                    draw(st.sampled_from(["是", "否", None])) if done else draw(st.sampled_from(["否", None])),
                ])
    for _ in range(draw(st.integers(0, 6))):
        progress.append([draw(days), draw(st.sampled_from(measures))[0], "推进中", draw(st.sampled_from(roster))])
    settings_rows = [["项目", "值"], ["单位名称", "测试学院"], ["反馈日期", FEEDBACK], ["统计截止日期", AS_OF]]
    if draw(st.booleans()):
        settings_rows += [["问题数", len(problems)], ["措施数", len(measures)]]
    return {
        "设置": settings_rows,
        "问题清单": [["问题编号", "方面序号", "方面", "问题描述", "牵头领导"], *problems],
        "任务清单": [MEASURE_HEADS, *measures],
        "进展记录": [["日期", "措施编号", "进展情况", "填报人"], *progress],
        "责任人": [["姓名", "部门", "职务"], *[[n, departments[n], "主任"] for n in roster]],
    }


junk = st.one_of(
    st.none(), st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12), st.integers(-10, 100_000),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2999, 12, 31)),
    st.sampled_from(["#N/A", "#REF!", "=1/0", "明年", "2022.1", 2022.1, "12/31/2022", "二〇二二年十二月", "不知道",
                     "已完成了", "9-9", "1.1", " ", "\u200b"]),
)


@st.composite
def mutations(draw, sheets: dict[str, list[list]]) -> dict[str, list[list]]:
    """The sound ledger broken in 1–6 ways."""
    sheets = copy.deepcopy(sheets)
    measures = sheets["任务清单"]
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["status", "deadline", "blank", "duplicate", "unknown-problem", "junk",
                                     "people", "header", "row-gone"]))
        row = draw(st.integers(1, len(measures) - 1)) if len(measures) > 1 else None
        if kind == "status" and row:
            measures[row][7] = draw(st.sampled_from(["不知道", "完成了吗", "OK", "已完成✓", "", "阶段"]) | junk)
        elif kind == "deadline" and row:
            measures[row][6] = draw(st.sampled_from(["明年", "12/31/2022", "31.12.2022", "二〇二二年十二月", 2022.1,
                                                     -5, 0, "2022/13/01", "下个月", "2023年第五季度", "13月底前"]))
        elif kind == "blank":
            name = draw(st.sampled_from(sorted(sheets)))
            rows = sheets[name]
            r = draw(st.integers(0, len(rows) - 1))
            if rows[r]:
                rows[r][draw(st.integers(0, len(rows[r]) - 1))] = None
        elif kind == "duplicate" and row and len(measures) > 2:
            measures[row][0] = measures[1 if row != 1 else 2][0]
        elif kind == "unknown-problem" and row:
            measures[row][1] = draw(st.sampled_from(["9-9", "1-9", "一-1", "1.1"]))
        elif kind == "junk":
            name = draw(st.sampled_from(sorted(sheets)))
            rows = sheets[name]
            r = draw(st.integers(0, len(rows)))
            if r == len(rows):
                rows.append([])
            c = draw(st.integers(0, 12))
            rows[r].extend([None] * (c + 1 - len(rows[r])))
            rows[r][c] = draw(junk)
        elif kind == "people" and row:
            measures[row][4] = draw(st.sampled_from(["", "不在名单", "张三、张三", "张 三", "、、", "张三\u200b"]) | junk)
        elif kind == "header":
            name = draw(st.sampled_from(sorted(sheets)))
            head = sheets[name][0]
            head[draw(st.integers(0, len(head) - 1))] = draw(st.sampled_from(["", "备注", "整改状态", "未知列"]))
        elif kind == "row-gone":
            name = draw(st.sampled_from(sorted(sheets)))
            if len(sheets[name]) > 1:
                del sheets[name][draw(st.integers(1, len(sheets[name]) - 1))]
    return sheets


def run_core(sheets: dict[str, list[list]]):
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / "fuzz.xlsx", sheets)
        grids = read_file(path)
    ledger = build_ledger(grids)
    findings = validate(ledger, AS_OF)
    figures = compute(ledger, AS_OF)
    return grids, ledger, findings, figures


def check_invariants(grids, ledger, findings, figures) -> None:
    extent = {g.name: (g.top + len(g.rows), g.left + max(map(len, g.rows), default=0)) for g in grids}
    for f in findings:
        if not f.cell:
            continue
        row, col = parse_ref(f.cell)
        assert f.sheet in extent, f
        last_row, last_col = extent[f.sheet]
        assert 1 <= row <= last_row and 1 <= col <= last_col, (f, extent[f.sheet])

    tables = [figures.overall, *figures.people, *figures.units, *figures.aspects, *figures.problems]
    for r in tables:
        assert 0 <= r["done"] <= r["staged"] <= r["total"], r
        assert r["phase"] + r["done"] == r["staged"], r
        assert sum(r[b] for b in BUCKETS) == r["total"], r

    measures = ledger.measures
    total = figures.overall["total"]
    assert total == len(measures)
    extra = sum(len(m.people) - 1 for m in measures if m.people)
    nobody = sum(1 for m in measures if not m.people)
    assert sum(p["total"] for p in figures.people) == total + extra == sum(max(len(m.people), 1) for m in measures)
    assert {p["name"]: p["total"] for p in figures.people}.get(UNGROUPED, 0) == nobody
    units = [split_people(m.department) for m in measures]
    assert sum(u["total"] for u in figures.units) == sum(max(len(u), 1) for u in units)
    assert sum(a["total"] for a in figures.aspects) == total


FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(sound_ledgers())
def test_a_sound_ledger_has_no_errors_and_consistent_figures(sheets):
    grids, ledger, findings, figures = run_core(sheets)
    check_invariants(grids, ledger, findings, figures)
    assert [f for f in findings if f.severity == ERROR] == []
    assert figures.overall["total"] == len(sheets["任务清单"]) - 1


@settings(FUZZ, max_examples=40)
@given(sound_ledgers().flatmap(mutations))
def test_a_broken_ledger_gives_findings_never_an_exception(sheets):
    check_invariants(*run_core(sheets))


progress_cells = st.one_of(
    days, st.datetimes(min_value=dt.datetime(1899, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.sampled_from(["1-1-1", " 1-1-2 ", "1－1－1", "#N/A", "", "  ", "\u200b", "\u200b1-1-1", "2023-03-01",
                     "本周推进", "  已完成  ", "#1 号文件", "=A1", 1.1, 3.0, True, None]),
    st.text(max_size=6),
)


@settings(FUZZ, max_examples=60)
@given(st.lists(st.lists(progress_cells, min_size=3, max_size=4), max_size=12))
def test_progress_typed_column_wise_agrees_with_the_careful_reader(body):
    """The progress log's fast path (column by column) gives the entries and findings the
    per-row reader gives; a reader-recorded error cell outside the table forces the latter."""
    rows = [["日期", "措施编号", "进展情况"], *body]

    def read(errors):
        grid = SheetGrid("进展记录", copy.deepcopy(rows), errors=errors)
        ledger = build_ledger([grid])
        return [(e.date, e.measure_id, e.text, e.row) for e in ledger.progress], ledger.findings

    assert read({}) == read({(10_000, 100): "#REF!"})
