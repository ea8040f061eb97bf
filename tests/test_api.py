"""The Python API an analyst uses in a notebook: rectxl.load → validate / figures → pandas.

Expectations are counted by hand from conftest.valid_sheets() (as of 2023-03-31): five measures,
1-1-1 and 2-1-2 done, 2-1-1 overdue since 2023-01-31, 1-2-1 long-term."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas
import pytest

import rectxl

from conftest import ROOT, run_rectxl


def test_load_validate_and_figures_of_a_sound_ledger(ledger_file):
    ledger = rectxl.load(ledger_file())
    assert [m.id for m in ledger.measures] == ["1-1-1", "1-1-2", "1-2-1", "2-1-1", "2-1-2"]
    assert ledger.validate() == []
    figures = ledger.figures()
    assert figures.as_of == dt.date(2023, 3, 31)
    assert (figures.overall["total"], figures.overall["done"], figures.overall["overdue"]) == (5, 2, 1)
    assert figures.overall["completion_rate"] == pytest.approx(0.4)


def test_figures_to_pandas_has_a_row_per_person_unit_and_aspect(ledger_file):
    figures = rectxl.load(ledger_file()).figures("2023-03-31")
    people = figures.to_pandas().set_index("name")
    assert sorted(people.index) == ["张三", "李四", "王五"]
    assert people.loc["张三", ["total", "done", "overdue"]].tolist() == [2, 1, 0]
    assert people.loc["李四", ["total", "done", "overdue"]].tolist() == [2, 0, 0]
    assert people.loc["王五", ["total", "done", "overdue"]].tolist() == [2, 1, 1]
    assert people.loc["王五", "completion_rate"] == pytest.approx(0.5)
    assert people.loc["王五", "unit"] == "办公室"
    units = figures.to_pandas(by="unit").set_index("name")
    assert dict(units["total"]) == {"党委办公室": 2, "宣传部": 1, "办公室": 2}
    assert units.loc["办公室", "overdue"] == 1
    aspects = figures.to_pandas(by="aspect").set_index("no")
    assert aspects.loc["1", ["name", "total", "done"]].tolist() == ["政治建设", 3, 1]
    assert aspects.loc["2", ["name", "total", "done"]].tolist() == ["作风建设", 2, 1]


def test_ledger_to_pandas_is_the_measures(ledger_file):
    frame = rectxl.load(ledger_file()).to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert frame["measure_id"].tolist() == ["1-1-1", "1-1-2", "1-2-1", "2-1-1", "2-1-2"]
    assert frame.loc[3, ["aspect", "department", "deadline", "row"]].tolist() == [
        "作风建设", "办公室", dt.date(2023, 1, 31), 5]
    assert frame.loc[1, "people"] == "张三、李四"


def test_an_as_of_date_as_text_or_date_gives_the_same_figures(ledger_file):
    ledger = rectxl.load(ledger_file())
    assert ledger.figures("2023-01-15").as_dict() == ledger.figures(dt.date(2023, 1, 15)).as_dict()
    assert ledger.figures("2023-01-15").overall["overdue"] == 0  # 2-1-1 falls due on 2023-01-31


def test_bad_input_is_a_rectxl_error_in_chinese_and_english(tmp_path, ledger_file):
    ledger = rectxl.load(ledger_file())
    with pytest.raises(rectxl.RectxlError) as bad_date:
        ledger.figures("March")
    assert bad_date.value.zh == "日期“March”无法识别，请写成 2023-03-31。"
    assert bad_date.value.en == "“March” is not a date: write it as 2023-03-31."
    with pytest.raises(rectxl.RectxlError) as bad_group:
        ledger.figures().to_pandas(by="department")
    assert bad_group.value.code == "bad-option"
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(rectxl.RectxlError) as unreadable:
        rectxl.load(text)
    assert unreadable.value.code == "unreadable-file" and unreadable.value.zh.startswith("notes.xlsx：")


def test_the_api_and_the_command_agree(ledger_file):
    path = ledger_file()
    status = json.loads(run_rectxl("status", path, "--format", "json").stdout)
    assert rectxl.load(path).figures().as_dict() == status


def test_help_shows_the_public_api_and_import_stays_light():
    out = subprocess.run([sys.executable, "-c", "import rectxl; help(rectxl)"], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={"PAGER": "cat", "PATH": "/usr/bin:/bin"}).stdout
    for name in ("load(path", "class Ledger", "class Figures", "class Finding", "class RectxlError", "to_pandas"):
        assert name in out, name
    light = subprocess.run([sys.executable, "-c", "import rectxl, sys; print(sorted(m for m in ('pandas', "
                            "'python_calamine', 'rectxl.core.ledger', 'openpyxl') if m in sys.modules))"],
                           capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert light.strip() == "[]"
