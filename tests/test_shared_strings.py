"""Shared strings as both readers see them (issue 15): python-calamine copies a shared string
into every cell using it, so what the loaded sheets would hold is bounded before it loads; and
`write` (openpyxl) refuses what it would read otherwise than `validate` (python-calamine) did."""

from __future__ import annotations

import pytest

import hostile_builders as B
from shared_string_builders import with_shared_strings
from conftest import run_rectxl
from rectxl.io.limits import MAX_STRING_COPIES
from rectxl.io.reading import read_file


def one_line_refusal(result, fragment: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr


def test_one_long_text_among_many_short_ones_is_read_as_usual(tmp_path):
    """Cells × the longest string is over the bound; the text the cells really hold is not."""
    long_text = "整改" * 200_000  # 1.2 MB of UTF-8
    path = with_shared_strings(B.ledger(tmp_path), [f"<t>{long_text}</t>", "<t>甲</t>"], "问题清单",
                                 {"C2": "0"})
    path = with_shared_strings(path, [f"<t>{long_text}</t>", "<t>甲</t>"], "进展记录",
                                 {f"F{r}": "1" for r in range(100, 600)})
    assert 500 * len(long_text.encode()) > MAX_STRING_COPIES
    grids = {g.name: g for g in read_file(path)}
    assert grids["问题清单"].rows[1][2] == long_text
    result = run_rectxl("validate", path)
    assert result.returncode in (0, 1) and result.stderr == ""


@pytest.mark.parametrize("index", [" 1 ", "+1", "1.0", "-1", "99999999999999999999"])
def test_write_refuses_a_string_index_the_two_readers_take_differently(tmp_path, index):
    """calamine reads " 1 " as string 0, openpyxl as string 1: the status validate checked is
    not the one write would save back."""
    path = with_shared_strings(B.ledger(tmp_path), ["<t>推进中</t>", "<t>已完成</t>"], "任务清单", {"H3": index})
    before = path.read_bytes()
    assert run_rectxl("validate", path).returncode in (0, 1)
    for args in (["-o", tmp_path / "结果.xlsx"], ["--in-place"]):
        one_line_refusal(run_rectxl("write", path, *args), "共享字符串编号")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_write_refuses_a_character_reference_openpyxl_cannot_parse(tmp_path):
    """&#x1; in a shared string: python-calamine reads it, openpyxl's XML parser refuses it."""
    path = with_shared_strings(B.ledger(tmp_path), ["<t>推进中</t>", "<t>推进&#x1;中</t>"], "任务清单", {"H3": "1"})
    before = path.read_bytes()
    assert run_rectxl("validate", path).returncode in (0, 1)
    one_line_refusal(run_rectxl("write", path, "--in-place"), "另存一份")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_an_escaped_control_character_is_read_and_written(tmp_path):
    """_x0001_, as Excel escapes a control character: both readers take it."""
    path = with_shared_strings(B.ledger(tmp_path), ["<t>推进中</t>", "<t>推进_x0001_中</t>"], "任务清单", {"H3": "1"})
    assert run_rectxl("validate", path).returncode == 1  # (not a status)
    result = run_rectxl("write", path, "-o", tmp_path / "结果.xlsx")
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    assert (tmp_path / "结果.xlsx").exists()
