"""A user's files are never lost: the file-system traps and write refusals a red team found
(issue 15), each built by the test and run as the user runs the command."""

from __future__ import annotations

import datetime as dt
import os
import resource
import signal
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import run_rectxl, valid_sheets, write_workbook
from rectxl.errors import WriteRefused
from rectxl.io.atomic import atomic_save, backup


def ledger(folder: Path, name: str = "台账.xlsx", unit: str | None = None) -> Path:
    sheets = valid_sheets()
    if unit:
        sheets["设置"][1][1] = unit
    return write_workbook(folder / name, sheets)


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.备份*"))


def one_line_refusal(result, fragment: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr


# -- backups ------------------------------------------------------------------------------------


def test_a_backup_is_never_written_through_a_link_planted_at_its_name(tmp_path):
    path = ledger(tmp_path)
    now = dt.datetime(2023, 3, 31, 9, 0, 0)
    victim = tmp_path / "elsewhere.txt"
    victim.write_text("not yours")
    planted = tmp_path / f"台账.备份{now:%Y%m%d-%H%M%S}.xlsx"
    planted.symlink_to(victim)
    saved = backup(path, now)
    assert saved != planted and not saved.is_symlink()
    assert victim.read_text() == "not yours"
    assert saved.read_bytes() == path.read_bytes()


def test_two_in_place_writes_within_one_second_keep_both_originals(tmp_path):
    path = ledger(tmp_path)
    first = path.read_bytes()
    now = dt.datetime(2023, 3, 31, 9, 0, 0)
    a = backup(path, now)
    path.write_bytes(first + b"changed")  # (what the first write left)
    b = backup(path, now)
    assert a != b and a.read_bytes() == first and b.read_bytes() == first + b"changed"


def test_a_full_disk_leaves_no_truncated_backup_and_no_traceback(tmp_path):
    """RLIMIT_FSIZE stands in for a full disk: writing past it fails with EFBIG."""
    path = ledger(tmp_path)
    path = ledger(tmp_path)
    before = path.read_bytes()

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) // 2, len(before) // 2))

    result = run_rectxl("write", path, "--in-place", preexec_fn=small_files)
    one_line_refusal(result, "无法写入")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no partial backup, no temp file


# Every command that writes a file, with its output sent below a file that is no folder: each says
# the same one line (io.atomic.writing), naming where it was to write and why.
WRITERS = {
    "status": lambda ledger, out: ["status", ledger, "-o", out / "统计.csv"],
    "validate": lambda ledger, out: ["validate", ledger, "-o", out / "问题.json"],
    "write": lambda ledger, out: ["write", ledger, "-o", out / "结果.xlsx"],
    "briefing": lambda ledger, out: ["briefing", ledger, "--month", "2023-03", "-o", out],
    "briefing --from": lambda ledger, out: ["briefing", "--from", ledger.parent, "-o", out],
    "weekly": lambda ledger, out: ["weekly", ledger, "-o", out],
    "reminders": lambda ledger, out: ["reminders", ledger, "-o", out],
    "notice": lambda ledger, out: ["notice", ledger, "-o", out],
    "consolidate": lambda ledger, out: ["consolidate", ledger, "-o", out / "汇总.xlsx"],
    "init": lambda ledger, out: ["init", out / "新台账.xlsx"],
}


@pytest.mark.parametrize("command", WRITERS)
def test_every_command_words_a_failed_write_the_same_way(tmp_path, command):
    (tmp_path / "台账").mkdir()
    path = ledger(tmp_path / "台账")
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("")
    args = WRITERS[command](path, blocker / "输出")
    result = run_rectxl(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]  # (consolidation's progress bar comes first)
    assert last.startswith(f"无法写入 {blocker / '输出'}") and last.endswith("：路径中有一段是文件而不是文件夹（原有文件未改动）。")


# -- in-place writes -------------------------------------------------------------------------------


def test_an_in_place_write_keeps_the_files_mode(tmp_path):
    path = ledger(tmp_path)
    path.chmod(0o640)
    assert run_rectxl("write", path, "--in-place").returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    (saved,) = backups(tmp_path)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o640


def test_a_new_file_gets_the_usual_mode_not_0600(tmp_path):
    path = ledger(tmp_path)
    out = tmp_path / "结果.xlsx"
    assert run_rectxl("write", path, "-o", out).returncode == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_a_read_only_ledger_is_refused_and_left_alone(tmp_path):
    path = ledger(tmp_path)
    path.chmod(0o444)  # root could write it anyway: the file's own mark is what counts
    before = path.read_bytes()
    one_line_refusal(run_rectxl("write", path, "--in-place"), "只读")
    assert path.read_bytes() == before and backups(tmp_path) == []


def test_a_symlinked_ledger_is_updated_through_the_link(tmp_path):
    (tmp_path / "real").mkdir()
    real = ledger(tmp_path / "real")
    link = tmp_path / "链接.xlsx"
    link.symlink_to(real)
    assert run_rectxl("write", link, "--in-place").returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "统计" in openpyxl.load_workbook(real, read_only=True).sheetnames


def test_a_hard_linked_ledger_stays_one_file(tmp_path):
    path = ledger(tmp_path)
    twin = tmp_path / "同一份.xlsx"
    os.link(path, twin)
    assert run_rectxl("write", path, "--in-place").returncode == 0
    assert os.path.samefile(path, twin) and path.stat().st_nlink == 2
    assert "统计" in openpyxl.load_workbook(twin, read_only=True).sheetnames


def test_a_hard_linked_ledger_is_backed_up_whole_before_it_is_rewritten(tmp_path):
    """No rename keeps a hard link: the file is rewritten in place, so the backup comes first."""
    path = ledger(tmp_path)
    twin = tmp_path / "同一份.xlsx"
    os.link(path, twin)
    before = path.read_bytes()
    assert run_rectxl("write", path, "--in-place").returncode == 0
    (saved,) = backups(tmp_path)
    assert saved.read_bytes() == before and saved.stat().st_nlink == 1
    assert twin.read_bytes() == path.read_bytes() != before


def test_a_hard_linked_ledger_on_a_full_disk_is_left_as_it_was(tmp_path):
    path = ledger(tmp_path)
    twin = tmp_path / "同一份.xlsx"
    os.link(path, twin)
    before = path.read_bytes()

    def small_files():  # room for the backup, not for the written ledger
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) + 100, len(before) + 100))

    one_line_refusal(run_rectxl("write", path, "--in-place", preexec_fn=small_files), "无法写入")
    assert path.read_bytes() == before and os.path.samefile(path, twin)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".rectxl-")] == []


def test_atomic_save_refuses_a_read_only_target_before_saving(tmp_path):
    target = tmp_path / "x.txt"
    target.write_text("old")
    target.chmod(0o444)
    called = []
    with pytest.raises(WriteRefused, match="只读"):
        atomic_save(lambda temp: called.append(temp), target)
    assert called == [] and target.read_text() == "old"


# -- outputs that are someone's ledger --------------------------------------------------------


def test_consolidate_does_not_replace_a_units_ledger_with_the_summary(tmp_path):
    units = tmp_path / "units"
    units.mkdir()
    first = ledger(units, "甲.xlsx", "甲单位")
    ledger(units, "乙.xlsx", "乙单位")
    before = first.read_bytes()
    one_line_refusal(run_rectxl("consolidate", units, "-o", first), "--overwrite")
    assert first.read_bytes() == before
    result = run_rectxl("consolidate", units, "-o", first, "--overwrite")
    assert result.returncode in (0, 1), result.stderr
    (saved,) = backups(units)
    assert saved.read_bytes() == before and "备份" in result.stdout


def test_consolidate_may_replace_its_own_earlier_summary_after_a_backup(tmp_path):
    units = tmp_path / "units"
    units.mkdir()
    ledger(units, "甲.xlsx", "甲单位")
    out = tmp_path / "汇总.xlsx"
    assert run_rectxl("consolidate", units, "-o", out).returncode in (0, 1)
    earlier = out.read_bytes()
    assert run_rectxl("consolidate", units, "-o", out).returncode in (0, 1)
    (saved,) = backups(tmp_path)
    assert saved.read_bytes() == earlier


def test_write_o_does_not_replace_another_existing_file_unless_told(tmp_path):
    path = ledger(tmp_path)
    other = ledger(tmp_path, "另一份.xlsx", "另一单位")
    before = other.read_bytes()
    one_line_refusal(run_rectxl("write", path, "-o", other), "--overwrite")
    assert other.read_bytes() == before
    assert run_rectxl("write", path, "-o", other, "--overwrite").returncode == 0
    (saved,) = backups(tmp_path)
    assert saved.read_bytes() == before


def test_rerunning_briefing_never_replaces_a_draft_edited_in_word(tmp_path):
    path = ledger(tmp_path)
    out = tmp_path / "简报.docx"
    assert run_rectxl("briefing", path, "--month", "2023-03", "-o", out).returncode == 0
    out.write_bytes(out.read_bytes())  # (edited in Word)
    edited = out.read_bytes()
    result = run_rectxl("briefing", path, "--month", "2023-03", "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == edited
    assert (tmp_path / "简报 (2).docx").is_file() and "简报 (2).docx" in result.stdout


# -- what openpyxl would drop ------------------------------------------------------------------

X14_VALIDATION = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>责任人!$A$2:$A$4</xm:f></x14:formula1>'
    '<xm:sqref>E2:E100</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>')


def test_excel_2010_drop_downs_are_not_silently_dropped(tmp_path):
    path = ledger(tmp_path)
    with zipfile.ZipFile(path) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    part = "xl/worksheets/sheet3.xml"
    entries[part] = entries[part].replace(b"</worksheet>", X14_VALIDATION.encode() + b"</worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    before = path.read_bytes()
    for args in (("--in-place",), ("-o", tmp_path / "副本.xlsx")):
        result = run_rectxl("write", path, *args)
        one_line_refusal(result, "下拉列表")
        assert "UserWarning" not in result.stderr
    assert path.read_bytes() == before and not (tmp_path / "副本.xlsx").exists()


SHAPE = ('<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/'
         'drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
         '<xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>'
         '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff>'
         '<xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr>'
         '<xdr:cNvPr id="2" name="文本框 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/>'
         '<xdr:txBody><a:bodyPr/><a:p><a:r><a:t>请于月底前报送</a:t></a:r></a:p></xdr:txBody></xdr:sp>'
         '<xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>')


def test_a_text_box_on_a_sheet_is_not_silently_dropped(tmp_path):
    """openpyxl keeps a drawing's charts and pictures but drops its shapes."""
    path = ledger(tmp_path)
    with zipfile.ZipFile(path) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    entries["xl/drawings/drawing1.xml"] = SHAPE.encode()
    entries["xl/worksheets/_rels/sheet3.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rIdD" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>').encode()
    entries["xl/worksheets/sheet3.xml"] = entries["xl/worksheets/sheet3.xml"].replace(
        b"</worksheet>", b'<drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                         b'r:id="rIdD"/></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    before = path.read_bytes()
    assert run_rectxl("validate", path).returncode == 0
    one_line_refusal(run_rectxl("write", path, "--in-place"), "形状或文本框")
    assert path.read_bytes() == before and backups(tmp_path) == []


# -- files that are not files --------------------------------------------------------------------


def test_a_fifo_named_xlsx_is_refused_at_once(tmp_path):
    fifo = tmp_path / "台账.xlsx"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "rectxl", "validate", str(fifo)], capture_output=True,
                            text=True, timeout=30)
    one_line_refusal(result, "不是普通文件")


def test_two_people_whose_names_make_one_file_name_get_two_reminders(tmp_path):
    sheets = valid_sheets()
    long_name = "欧阳" + "长" * 200
    sheets["任务清单"][4][4] = f"王*五、王?五、{long_name}"  # 2-1-1, overdue
    sheets["责任人"] += [["王*五", "办公室", "主任"], ["王?五", "办公室", "主任"], [long_name, "办公室", "主任"]]
    path = write_workbook(tmp_path / "台账.xlsx", sheets)
    out = tmp_path / "提醒"
    result = run_rectxl("reminders", path, "-o", out)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert any("王_五 (2)" in n for n in written) and any("王_五" in n and "(2)" not in n for n in written)
    assert len(written) == 3 and all(len(n.encode()) < 255 for n in written)
    assert f"共 {len(written)} 份督办提醒" in result.stdout


# -- values and labels that stopped commands (exit 3) ----------------------------------------------


def test_a_long_unit_name_does_not_break_the_chart(tmp_path):
    from rectxl.documents.charts import completion_bar_chart

    names = ["某某市某某区某某街道某某社区党委巡察整改工作领导小组办公室综合协调组（第二批）", "李四"] + [
        f"人员{i}" for i in range(500)]
    chart = completion_bar_chart(names, [0.5] * len(names), tmp_path / "c.png")
    from PIL import Image

    with Image.open(chart) as image:
        assert image.height < 20_000


def test_a_deadline_in_year_0_is_a_finding_not_a_crash(tmp_path):
    sheets = valid_sheets()
    sheets["任务清单"][4][6] = "0000年底前"
    path = write_workbook(tmp_path / "台账.xlsx", sheets)
    result = run_rectxl("validate", path, "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    import json

    found = {(f["rule"], f["cell"]) for f in json.loads(result.stdout)["findings"]}
    assert ("deadline-unreadable", "G5") in found


def test_a_unit_with_a_deadline_in_year_0_is_still_consolidated(tmp_path):
    units = tmp_path / "units"
    units.mkdir()
    sheets = valid_sheets()
    sheets["任务清单"][4][6] = "0000年底前"
    sheets["设置"][1][1] = "甲单位"
    write_workbook(units / "甲.xlsx", sheets)
    ledger(units, "乙.xlsx", "乙单位")
    result = run_rectxl("consolidate", units, "-o", tmp_path / "汇总.xlsx")
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    shown = openpyxl.load_workbook(tmp_path / "汇总.xlsx", read_only=True)
    names = {v for ws in shown.worksheets for row in ws.iter_rows(values_only=True) for v in row
             if isinstance(v, str)}
    assert {"甲单位", "乙单位"} <= names and "无法读取" not in result.stdout + result.stderr, names


@pytest.mark.parametrize("name", ["统计", "校验结果"])
def test_a_chart_sheet_named_like_an_owned_sheet_is_left_alone(tmp_path, name):
    from openpyxl.chart import BarChart, Reference

    path = ledger(tmp_path)
    wb = openpyxl.load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(wb["责任人"], min_col=1, min_row=1, max_row=3))
    wb.create_chartsheet(name).add_chart(chart)
    wb.save(path)
    out = tmp_path / "结果.xlsx"
    result = run_rectxl("write", path, "-o", out)
    assert result.returncode == 0, result.stderr
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert name in names and f"{name}（rectxl）" in names


def test_a_file_name_that_is_not_utf8_is_read_and_consolidated(tmp_path):
    """A name copied from an old GBK system: Python holds its bytes as lone surrogates."""
    units = tmp_path / "units"
    units.mkdir()
    named = os.path.join(os.fsencode(units), "甲单位台账".encode("gbk") + b".xlsx")
    os.rename(ledger(units), named)
    for args in (["validate", os.fsdecode(named)], ["consolidate", str(units), "-o", str(tmp_path / "汇总.xlsx")]):
        result = subprocess.run([sys.executable, "-m", "rectxl", *args], capture_output=True, timeout=120)
        assert result.returncode in (0, 1), result.stderr.decode(errors="replace")
        assert b"Traceback" not in result.stderr and "损坏".encode() not in result.stderr
    shown = openpyxl.load_workbook(tmp_path / "汇总.xlsx", read_only=True)
    assert any("甲单位台账" in str(v) for ws in shown.worksheets for row in ws.iter_rows(values_only=True)
               for v in row if v)


def test_month_0000_is_a_clean_refusal(tmp_path):
    result = run_rectxl("briefing", ledger(tmp_path), "--month", "0000-01")
    one_line_refusal(result, "--month")


@pytest.mark.parametrize("args", [["status"], ["status", "--format", "json"], ["validate"],
                                  ["validate", "--format", "json"], ["--help"]])
def test_output_sent_to_a_full_device_ends_in_one_chinese_line_not_a_bug(tmp_path, args):
    """`rectxl status 台账.xlsx > /dev/full`: the disk refuses every write to standard output."""
    path = ledger(tmp_path)
    before = path.read_bytes()
    command = [sys.executable, "-m", "rectxl", *args[:1], *([str(path)] if args[0] != "--help" else []), *args[1:]]
    with open("/dev/full", "w") as full:
        result = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    one_line_refusal(result, "无法写出结果（标准输出）：磁盘已满")
    assert path.read_bytes() == before


def test_output_into_a_pipe_its_reader_closed_ends_in_one_line(tmp_path):
    """`rectxl validate … | head` where the reader has gone before the first line."""
    path = ledger(tmp_path)
    reading, writing = os.pipe()
    os.close(reading)
    try:
        result = subprocess.run([sys.executable, "-m", "rectxl", "validate", str(path), "--format", "json"],
                                stdout=writing, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(writing)
    one_line_refusal(result, "接收输出的程序已关闭")


# -- user templates (--templates) are bounded ---------------------------------------------------


def _template(folder: Path, *texts: str) -> Path:
    import docx

    folder.mkdir(exist_ok=True)
    doc = docx.Document()
    for text in texts:
        doc.add_paragraph(text)
    doc.save(str(folder / "weekly.docx"))
    return folder


@pytest.mark.parametrize("body", [
    "{% for i in range(10**9) %}x{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{{ 'x' * 10**9 }}",
])
def test_a_hostile_user_template_is_stopped_in_bounded_time_and_memory(tmp_path, body):
    folder = _template(tmp_path / "模板", body)
    path = ledger(tmp_path)

    def two_gib():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    result = run_rectxl("weekly", path, "-o", tmp_path / "w.docx", "--templates", folder, preexec_fn=two_gib)
    one_line_refusal(result, "模板")
    assert not (tmp_path / "w.docx").exists()


def test_a_zip_bomb_saved_as_a_template_is_refused_before_it_is_opened(tmp_path):
    folder = tmp_path / "模板"
    folder.mkdir()
    with zipfile.ZipFile(folder / "weekly.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as f:
            for _ in range(100):
                f.write(bytes(1 << 20))
    result = run_rectxl("weekly", ledger(tmp_path), "-o", tmp_path / "w.docx", "--templates", folder)
    one_line_refusal(result, "过大")


# -- one stray far cell changes nothing but the stray-cell finding --------------------------------


def _merged_1904_ledger(path: Path, stray: bool) -> Path:
    """The valid ledger with 问题编号 merged over the measures of one problem, its dates counted
    from 1904 (Mac Excel's old default), and maybe one value at XFD1048576."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    sheets = valid_sheets()
    write_workbook(path, sheets, merges={"任务清单": ["B5:B6"]})
    wb = openpyxl.load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904
    for ws in wb.worksheets:  # (rewritten so that openpyxl stores them as 1904 serials)
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, (dt.date, dt.datetime)):
                    cell.value = cell.value
    if stray:
        wb["任务清单"]["XFD1048576"] = "误输入"
    wb.save(path)
    return path


def test_a_stray_far_cell_keeps_merges_and_the_1904_date_system(tmp_path):
    import json

    plain = _merged_1904_ledger(tmp_path / "plain.xlsx", stray=False)
    far = _merged_1904_ledger(tmp_path / "far.xlsx", stray=True)
    with zipfile.ZipFile(far) as z:
        assert b'date1904="1"' in z.read("xl/workbook.xml")
    results = {}
    for name, path in (("plain", plain), ("far", far)):
        check = run_rectxl("validate", path, "--format", "json")
        status = run_rectxl("status", path, "--format", "json")
        assert "Traceback" not in check.stderr + status.stderr
        results[name] = ({(f["rule"], f["sheet"], f["cell"]) for f in json.loads(check.stdout)["findings"]},
                         json.loads(status.stdout))
    assert results["far"][0] - results["plain"][0] == {("stray-cell", "任务清单", "XFD1048576")}
    assert results["plain"][0] <= results["far"][0]
    assert results["far"][1] == results["plain"][1]
    assert results["plain"][1]["overall"]["overdue"] == 1  # the dates read as the dates written


# -- long lists in the drafts ---------------------------------------------------------------------


def test_a_long_list_is_cut_with_a_line_and_the_full_list_is_attached(tmp_path):
    import csv

    import docx

    sheets = valid_sheets()
    row = sheets["任务清单"][4]  # 2-1-1, 王五's, overdue
    sheets["任务清单"] += [[f"2-1-{i}", "2-1", f"措施{i}", *row[3:]] for i in range(3, 153)]
    path = write_workbook(tmp_path / "台账.xlsx", sheets)
    out = tmp_path / "提醒"
    assert run_rectxl("reminders", path, "-o", out).returncode == 0
    (draft,) = [p for p in out.glob("*王五*.docx")]
    text = "\n".join(c.text for t in docx.Document(draft).tables for r in t.rows for c in r.cells)
    assert "及其他 51 项（完整清单见附表）" in text
    with (out / f"{draft.stem}_附表.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    sections, current = {}, None
    for r in rows:
        if len(r) == 1:
            current = sections.setdefault(r[0], [])
        elif r and r[0].startswith("2-1-"):
            current.append(r[0])
    assert len(sections["逾期事项"]) == 151  # (and the same measures again as 无进展事项: no progress logged)
