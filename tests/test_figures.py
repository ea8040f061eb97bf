"""The figures of the demo ledger against an independent calculation written from docs/ARCHITECTURE.md §4.

The calculation below reads the demo's own rows (rectxl.core.demo) and its own tables of what each
deadline and status spelling means; it does not call rectxl's parsers, rules or figures.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import pytest

from rectxl.core.demo import AS_OF, demo_ledger

FEEDBACK = dt.date(2022, 9, 16)
LONG = "long"
# Every deadline form the demo uses, read by hand: (date or None, long-term?)
DEADLINE_MEANS = {
    "立行立改": (dt.date(2022, 10, 16), False),
    "2022年12月底前": (dt.date(2022, 12, 31), False),
    "2022.12.31": (dt.date(2022, 12, 31), False),
    "2023年6月底前": (dt.date(2023, 6, 30), False),
    "长期坚持": (None, True),
    "2023年第一季度": (dt.date(2023, 3, 31), False),
    "2022年底前，并长期坚持": (dt.date(2022, 12, 31), True),
    "6月底前": (dt.date(2023, 6, 30), False),
    dt.date(2023, 3, 31): (dt.date(2023, 3, 31), False),
    "2023年上半年": (dt.date(2023, 6, 30), False),
    "2023年3月": (dt.date(2023, 3, 31), False),
    "立行立改，长期坚持": (dt.date(2022, 10, 16), True),
    "2023年4月15日前": (dt.date(2023, 4, 15), False),
    "2023/4/30": (dt.date(2023, 4, 30), False),
    2023.1: (None, False),  # the deliberate ambiguous number: no deadline
}
STATUS_MEANS = {
    "已完成": "已完成", "完成": "已完成", "已销号": "已完成", "完成整改": "已完成",
    "推进中": "推进中", "整改中": "推进中", "正在整改": "推进中",
    "未启动": "未启动", "待整改": "未启动",
    "阶段性完成": "阶段性完成", "基本完成": "阶段性完成",
    "长期坚持": "长期坚持", "持续推进": "长期坚持",
    "待验收": "待验收",
    "已完城": None,  # the deliberate typo: unknown, counted as not started
}
BUCKET = {"已完成": "done", "阶段性完成": "phase", "推进中": "in_progress", "待验收": "in_progress",
          "长期坚持": "in_progress", "未启动": "not_started", None: "not_started"}


def expected_figures(data, as_of):
    progress_last = {}
    for row in data["progress"]:
        m = row["measure_id"]
        progress_last[m] = max(progress_last.get(m, row["date"]), row["date"])
    rows = []
    for m in data["measures"]:
        due, long_term = DEADLINE_MEANS[m["deadline"]]
        status = STATUS_MEANS[m["status"]]
        done = status == "已完成"
        met = done or (long_term and status in ("阶段性完成", "长期坚持"))
        last = max([d for d in (progress_last.get(m["measure_id"]), m["done_date"]) if d], default=None)
        rows.append({
            "people": m["people"].split("、"),
            "bucket": BUCKET[status],
            "staged": status in ("已完成", "阶段性完成"),
            "overdue": due is not None and due < as_of and not met,
            "days_overdue": (as_of - due).days if due and due < as_of and not met else 0,
            "due_soon": not done and due is not None and as_of <= due <= as_of + dt.timedelta(days=7),
            "stale": not done and not long_term and (last is None or last < as_of - dt.timedelta(days=7)),
            "id": m["measure_id"],
        })

    def agg(group):
        n = len(group)
        done = sum(r["bucket"] == "done" for r in group)
        staged = sum(r["staged"] for r in group)
        return {"total": n, "done": done, "phase": sum(r["bucket"] == "phase" for r in group), "staged": staged,
                "in_progress": sum(r["bucket"] == "in_progress" for r in group),
                "not_started": sum(r["bucket"] == "not_started" for r in group),
                "overdue": sum(r["overdue"] for r in group), "due_soon": sum(r["due_soon"] for r in group),
                "stale": sum(r["stale"] for r in group),
                "completion_rate": done / n, "staged_rate": staged / n}

    per_person = defaultdict(list)
    for r in rows:
        for p in r["people"]:
            per_person[p].append(r)
    return agg(rows), {p: agg(g) for p, g in per_person.items()}, {r["id"]: r["days_overdue"] for r in rows if r["overdue"]}


def rounded(row: dict) -> dict:
    return {k: round(v, 9) if isinstance(v, float) else v for k, v in row.items()}


@pytest.fixture(scope="module")
def demo_status(tmp_path_factory):
    from conftest import run_rectxl

    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.xlsx"
    assert run_rectxl("init", path, "--demo").returncode == 0
    result = run_rectxl("status", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_demo_status_agrees_with_an_independent_calculation(demo_status):
    overall, people, overdue = expected_figures(demo_ledger(), AS_OF)
    assert demo_status["as_of"] == AS_OF.isoformat()
    assert rounded({k: demo_status["overall"][k] for k in overall}) == rounded(overall)
    assert {p["name"]: rounded({k: p[k] for k in overall}) for p in demo_status["people"]} == {
        name: rounded(row) for name, row in people.items()}
    assert {o["measure"]: o["days_overdue"] for o in demo_status["overdue"]} == overdue


def test_demo_is_the_shape_of_the_real_case(demo_status):
    data = demo_ledger()
    assert len({p["aspect_no"] for p in data["problems"]}) == 12
    assert len(data["problems"]) == 28
    assert len(data["measures"]) == 114 == demo_status["overall"]["total"]
    assert 9 <= len(demo_status["people"]) <= 12
    assert demo_status["overall"]["overdue"] > 0 and demo_status["overall"]["due_soon"] > 0
    assert demo_status["overall"]["stale"] > 0


def test_people_are_sorted_by_rate_then_overdue(demo_status):
    keys = [(p["completion_rate"], -p["overdue"]) for p in demo_status["people"]]
    assert keys == sorted(keys)


def test_per_person_totals_add_up_with_shared_measures(demo_status):
    shared_extra = sum(len(m["people"].split("、")) - 1 for m in demo_ledger()["measures"])
    assert sum(p["total"] for p in demo_status["people"]) == demo_status["overall"]["total"] + shared_extra


def test_aspect_totals_cover_every_measure_with_a_known_problem(demo_status):
    assert sum(a["total"] for a in demo_status["aspects"]) == demo_status["overall"]["total"]


def test_a_terminal_lists_the_longest_overdue_and_says_where_the_rest_are(tmp_path, monkeypatch):
    """The table a person reads stops after the longest-overdue measures (a province-wide round has
    a thousand) and names where the full list is; --format json keeps every one."""
    from typer.testing import CliRunner

    from rectxl.cli import present
    from rectxl.cli import app
    from rectxl.io.newledger import write_new_ledger

    path = tmp_path / "demo.xlsx"
    write_new_ledger(path, demo=True)
    overdue = json.loads(CliRunner().invoke(app, ["status", str(path), "--format", "json"]).stdout)["overdue"]
    assert len(overdue) > 2
    monkeypatch.setattr(present, "OVERDUE_SHOWN", 2)
    out = CliRunner().invoke(app, ["status", str(path)], env={"COLUMNS": "200"}).stdout
    assert f"共 {len(overdue)} 项" in out and f"其余 {len(overdue) - 2} 项" in out and "四、逾期事项" in out
    assert overdue[0]["measure"] in out and overdue[1]["measure"] in out
    assert not any(r["measure"] in out for r in overdue[2:] if r["measure"] not in {o["measure"] for o in overdue[:2]})
