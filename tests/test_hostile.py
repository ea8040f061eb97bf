"""A corpus of malformed and hostile inputs, each built by the test itself, each with the answer
`rectxl validate FILE --format json` must give: findings (rule, sheet, cell) or exit 2 with a
one-line reason. Never a traceback, never a hang (elapsed < 60 s), never more than 2 GiB of
address space (RLIMIT_AS in the child), and the input left byte-for-byte as it was.

Builders live in hostile_builders.py. Expectations name what the rules say today; where that
is not what a user would want, the case says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import hostile_builders as B
import shared_string_builders as SB
from conftest import run_rectxl
from rectxl.core.findings import ERROR, RULES

ROOT = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 2 << 30
TIME_LIMIT = 60.0


def _limit_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def rectxl(*args, cwd: Path | None = None, env: dict | None = None):
    """run_rectxl with this tree first on the child's path (the installed copy may be another
    checkout) and its address space capped."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, **(env or {}), "PYTHONPATH": path}
    return run_rectxl(*args, preexec_fn=_limit_memory, env=env, cwd=cwd or ROOT)


@dataclass(frozen=True)
class Expect:
    code: int
    findings: frozenset = frozenset()  # {(rule, sheet, cell)}
    among: frozenset | None = None  # compare only findings of these rules (None: all of them)
    reason: str = ""  # exit 2: a fragment of the one-line reason


def findings(*triples: tuple[str, str, str], among: set[str] | None = None, code: int | None = None) -> Expect:
    """Exactly these findings (of the rules in `among`, if given); exit 1 if any is an error."""
    if code is None:
        code = 1 if any(RULES[rule].severity == ERROR for rule, _, _ in triples) else 0
    return Expect(code, frozenset(triples), frozenset(among) if among is not None else None)


def refused(reason: str) -> Expect:
    return Expect(2, reason=reason)


CLEAN = findings()


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Path], Path]
    expect: Expect
    after: Callable[[Path], None] | None = None  # more checks on the built file


def in_measures(rule: str, *refs: str) -> tuple:
    return tuple((rule, "任务清单", ref) for ref in refs)


def date_case(id: str, value, start: str, deadline: str, done: str, progress: str, date_style: bool = False,
              extra: tuple = ()) -> Case:
    """A bad date as 开始日期 (F3), 完成时限 (G5), 完成日期 (I2, a done measure) and 进展记录 日期 (A2);
    each argument names the rule expected at that cell ("" for none)."""
    got = [("任务清单", "F3", start), ("任务清单", "G5", deadline), ("任务清单", "I2", done),
           ("进展记录", "A2", progress)]
    triples = {(rule, sheet, ref) for sheet, ref, rule in got if rule}
    if done not in ("", "date-after-as-of"):  # the done measure has lost its date
        triples.add(("done-without-date", "任务清单", "I2"))
    return Case(id, B.bad_date(value, date_style), findings(*triples, *extra))


def lock_file_blocks_writing(path: Path) -> None:
    """Excel's owner file beside the ledger: reading is fine, writing in place is refused."""
    before = path.read_bytes()
    result = rectxl("write", path, "--in-place")
    assert result.returncode == 2 and "Excel" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, f"~${path.name}"])


def tables_show_markup_as_typed(path: Path) -> None:
    for command, code, shown in (("validate", 1, ["[/x]推进"]),
                                 ("status", 0, ["[red]", "[/bold]", ":warning:", "[王五]"])):
        result = rectxl(command, path)
        assert result.returncode == code and result.stderr == ""
        assert all(text in result.stdout for text in shown), result.stdout


def terminal_output_is_bounded(*command: str) -> Callable[[Path], None]:
    """The table door on a 5 MB cell: a cell is cut at Excel's 32,767 characters, so the terminal
    table is laid out in seconds (uncut, `validate` took over two minutes, `status` 73 s)."""

    def check(path: Path) -> None:
        start = time.monotonic()
        result = rectxl(*command, path)
        assert time.monotonic() - start < 20
        assert result.returncode in (0, 1) and result.stderr == ""
        assert 0 < len(result.stdout) < 1_000_000

    return check

CORPUS = [
    # -- not workbooks, broken packages, bombs: exit 2, one line ----------------------------
    Case("not-a-zip", B.random_bytes, refused("无法识别")),
    Case("zero-bytes", B.raw(b""), refused("空的")),
    Case("truncated-xlsx", B.truncated, refused("损坏")),
    Case("encrypted", B.encrypted, refused("密码")),
    Case("csv-renamed-utf8", B.csv_renamed("utf-8-sig"), refused("CSV")),
    Case("csv-renamed-gbk", B.csv_renamed("gbk"), refused("CSV")),
    Case("html-named-xls", B.html_renamed, refused("HTML")),
    Case("docx-renamed", B.docx_renamed, refused("Word")),
    Case("zip-without-workbook", B.zip_without_workbook, refused("压缩包")),
    Case("empty-workbook", B.empty_workbook, refused("不是整改台账")),
    Case("unrelated-workbook", B.unrelated_workbook, refused("找不到任何台账工作表")),
    Case("zip-declares-3-gb", B.declared_gigabytes, refused("超过上限")),
    Case("deflate-bomb-1.2-gb", B.deflate_bomb, refused("超过上限")),
    Case("deflate-bomb-lying-sizes", B.lying_deflate_bomb, refused("无法读取")),
    Case("entry-packed-1000-to-1", B.packed_entry, refused("压缩比异常")),
    Case("billion-laughs-dtd", B.billion_laughs, refused("DTD")),
    Case("unclosed-cell-xml", B.unclosed_cell, refused("无法读取")),
    Case("shared-string-out-of-range", B.shared_string_out_of_range, refused("无法读取")),
    Case("sheet-part-missing", B.sheet_part_missing, refused("数据缺失")),
    # -- the probe and python-calamine must look at the same parts (issue 15) ---------------
    Case("target-percent-encoded", B.disguised_target("/worksheets/sheet3%2Exml", "xl/worksheets/sheet3%2Exml"),
         refused("恶意构造")),
    Case("target-with-dot-dot", B.disguised_target("/worksheets/../worksheets/sheet3.xml",
                                                   "xl/worksheets/../worksheets/sheet3.xml"), refused("恶意构造")),
    Case("entry-twin-with-backslash", B.backslash_twin, refused("恶意构造")),
    Case("4000-sheets-on-one-part", B.one_part_many_sheets(4000), refused("恶意构造")),
    Case("1500-sheets", B.one_part_many_sheets(1500, distinct=True), refused("超过上限 1000 个")),
    Case("shared-strings-318-mb", B.huge_shared_strings, refused("共享字符串表")),
    Case("one-100-kb-string-in-200000-cells", SB.shared_string_fan_out(), refused("共享字符串的单元格展开后")),
    # Only the ledger's sheets are measured and loaded: the same on another sheet is never copied out.
    Case("one-100-kb-string-in-200000-cells-of-another-sheet", SB.other_sheet_fan_out, CLEAN),
    Case("one-100-kb-string-in-200000-cells-t-quoted-otherwise", SB.shared_string_fan_out(b"t = 's'"),
         refused("共享字符串的单元格展开后")),
    Case("cell-past-xfd-zzzz3", B.patched(lambda path: B.patch_part(path, B.PART["任务清单"], lambda xml: B.replace_cell(
        xml, "H3", '<c r="ZZZZ3" t="inlineStr"><is><t>x</t></is></c>'))),
         findings(("stray-cell", "任务清单", "ZZZZ3"), ("value-required", "任务清单", "H3"))),
    # -- structure ---------------------------------------------------------------------------
    Case("no-settings-sheet", B.edited(B.without("设置")),
         findings(("sheet-missing", "设置", ""), ("deadline-needs-feedback-date", "任务清单", "G6"))),
    Case("no-problems-sheet", B.edited(B.without("问题清单")), findings(("sheet-missing", "问题清单", ""),
         ("count-mismatch", "设置", "B9"), ("count-mismatch", "设置", "B10"))),
    # Without 任务清单 nothing can be checked against the measures (problems, progress rows).
    Case("no-measures-sheet", B.edited(B.without("任务清单")), findings(("sheet-missing", "任务清单", ""),
         ("count-mismatch", "设置", "B11"))),
    Case("no-progress-sheet", B.edited(B.without("进展记录")), findings(("sheet-missing", "进展记录", ""))),
    Case("no-people-sheet", B.edited(B.without("责任人")), findings(("sheet-missing", "责任人", ""))),
    Case("only-header-rows", B.edited(B.only_headers), findings(*[("sheet-empty", s, "") for s in B.LEDGER])),
    Case("header-renamed", B.edited(B.header("任务清单", "整改状态", "进度状况")),
         findings(("column-missing", "任务清单", "A1"))),
    Case("header-duplicated", B.edited(B.duplicated_status), findings(("header-duplicate", "任务清单", "L1"))),
    Case("headers-shuffled", B.edited(B.shuffled), CLEAN),
    Case("header-on-row-5", B.title_rows(4), CLEAN),
    Case("header-on-row-13", B.title_rows(12, only="任务清单"), findings(("header-not-found", "任务清单", "A1"),
                                                                      ("count-mismatch", "设置", "B11"))),
    Case("headers-and-sheet-name-padded", B.edited(B.padded_headers), CLEAN),
    Case("headers-full-width", B.edited(B.full_width_headers), CLEAN),
    # -- size --------------------------------------------------------------------------------
    Case("million-formatted-blank-rows", B.million_blank_rows, CLEAN),
    Case("10000-columns", B.wide(rename_status=False), CLEAN),
    Case("10000-columns-status-missing", B.wide(rename_status=True),
         findings(("column-missing", "任务清单", "A1"))),
    Case("5-mb-text-cell", B.big_cell("C2"), CLEAN),
    Case("5-mb-status-cell", B.big_cell("H3"), findings(*in_measures("status-unknown", "H3")),
         after=terminal_output_is_bounded("validate")),
    Case("5-mb-text-of-an-overdue-measure", B.big_cell("C5"), CLEAN, after=terminal_output_is_bounded("status")),
    Case("stray-value-at-xfd1048576", B.stray("任务清单", "XFD1048576"),
         findings(("stray-cell", "任务清单", "XFD1048576"))),
    Case("stray-value-at-a1048576", B.stray("问题清单", "A1048576"),
         findings(("stray-cell", "问题清单", "A1048576"))),
    # Far, but within what the quick scan lets python-calamine load whole: found among the values.
    Case("stray-value-at-a30000", B.stray("进展记录", "A30000"), findings(("stray-cell", "进展记录", "A30000"))),
    Case("stray-value-at-gr5", B.stray("问题清单", "GR5"), findings(("stray-cell", "问题清单", "GR5"))),
    Case("merge-to-the-last-cell", B.merged_to_the_end, CLEAN),
    # -- cells -------------------------------------------------------------------------------
    *[Case(f"excel-error-{e}", B.errors_everywhere(e), findings(*in_measures("excel-error", *B.error_refs()),
                                                               among={"excel-error"}))
      for e in ("#N/A", "#REF!", "#DIV/0!")],
    Case("formulas-without-cached-values", B.formulas_without_values,
         findings(*in_measures("value-required", "H2", "G3", "C4"))),
    Case("formulas-with-cached-values", B.formulas_with_values, CLEAN),
    date_case("date-month-13", "2022/13/01", "date-unreadable", "date-unreadable", "date-unreadable",
              "date-unreadable"),
    date_case("date-明年", "明年", "date-unreadable", "deadline-unreadable", "date-unreadable", "date-unreadable"),
    # A text 2022.1 as a deadline is January 2022 (a month deadline); as a date it is incomplete.
    date_case("date-2022.1-text", "2022.1", "date-unreadable", "deadline-before-feedback", "date-unreadable",
              "date-unreadable"),
    date_case("date-2022.1-number", 2022.1, "date-ambiguous", "date-ambiguous", "date-ambiguous", "date-ambiguous"),
    date_case("date-chinese-numerals", "二〇二二年十二月", "date-unreadable", "deadline-unreadable", "date-unreadable",
              "date-unreadable"),
    date_case("date-us-order", "12/31/2022", "date-unreadable", "deadline-unreadable", "date-unreadable",
              "date-unreadable"),
    date_case("date-day-first", "31.12.2022", "date-unreadable", "deadline-unreadable", "date-unreadable",
              "date-unreadable"),
    # A date cell in 2999 is a typing error wherever it is: dates must fall in 1990–2099.
    date_case("date-2999", B.DAY_2999, "date-out-of-range", "date-out-of-range", "date-out-of-range",
              "date-out-of-range"),
    date_case("date-serial-negative", -5, "date-unreadable", "date-unreadable", "date-unreadable", "date-unreadable"),
    date_case("date-serial-zero", 0, "date-unreadable", "date-unreadable", "date-unreadable", "date-unreadable"),
    # Excel shows a date-formatted -5 as ########; calamine reads it as the time 00:00.
    date_case("date-styled-negative", -5, "date-unreadable", "deadline-unreadable", "date-unreadable",
              "date-unreadable", date_style=True),
    Case("ids-as-fractions", B.edited(B.set_cells({("问题清单", "A3"): 1.2, ("任务清单", "B4"): 1.2})),
         findings(("id-number", "问题清单", "A3"), ("id-number", "任务清单", "B4"),
                  ("id-prefix", "任务清单", "A4"))),
    Case("ids-as-whole-numbers", B.edited(B.set_cells({("问题清单", "B2"): 1, ("问题清单", "B3"): 1,
                                                       ("问题清单", "B4"): 2.0})), CLEAN),
    Case("status-boolean", B.edited(B.set_cells({("任务清单", "H3"): True})),
         findings(*in_measures("status-unknown", "H3"))),
    Case("emoji-rtl-and-zero-width", B.edited(B.emoji_and_rtl), CLEAN),
    Case("rich-markup-in-texts", B.edited(B.markup_texts), findings(*in_measures("status-unknown", "H3")),
         after=tables_show_markup_as_typed),
    # -- the file is open in Excel --------------------------------------------------------
    Case("open-in-excel", B.lock_file, CLEAN, after=lock_file_blocks_writing),
]


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_corpus_is_large_and_named_once():
    assert len(CORPUS) >= 40
    assert len({c.id for c in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[c.id for c in CORPUS])
def test_hostile_input(case: Case, tmp_path):
    path = case.build(tmp_path)
    before = snapshot(tmp_path)
    start = time.monotonic()
    result = rectxl("validate", path, "--format", "json")
    elapsed = time.monotonic() - start

    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert elapsed < TIME_LIMIT
    assert snapshot(tmp_path) == before  # the input byte for byte, and nothing written beside it
    expect = case.expect
    assert result.returncode == expect.code, (result.returncode, result.stderr[-2000:], result.stdout[:3000])
    if expect.code == 2:
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expect.reason in lines[0], result.stderr
    else:
        assert result.stderr == ""
        out = json.loads(result.stdout)
        got = {(f["rule"], f["sheet"], f["cell"]) for f in out["findings"]
               if expect.among is None or f["rule"] in expect.among}
        assert got == expect.findings
        assert result.returncode == (1 if out["counts"]["error"] else 0)
    if case.after:
        case.after(path)


# Files python-calamine itself finds damaged: the reason is still one Chinese line, no English.
CALAMINE_REFUSES = [c for c in CORPUS
                    if c.id in ("deflate-bomb-lying-sizes", "unclosed-cell-xml", "shared-string-out-of-range")]


@pytest.mark.parametrize("case", CALAMINE_REFUSES, ids=[c.id for c in CALAMINE_REFUSES])
def test_damaged_files_are_explained_in_chinese(case: Case, tmp_path):
    result = rectxl("validate", case.build(tmp_path))
    reason = result.stderr.strip()
    assert result.returncode == 2 and "损坏" in reason
    assert not re.search(r"[A-Za-z]+ [A-Za-z]+", reason), reason  # no English sentence in it
