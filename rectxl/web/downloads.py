"""The page's downloads: the documents and workbooks the `rectxl` command writes (briefing, weekly,
the public notice, reminders, results, the imported ledger, the consolidated summary and briefing), written by the
same functions into a fresh folder of the upload, as .docx/.xlsx or, through LibreOffice, PDF.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

from rectxl.errors import BadOption, UploadRefused
from rectxl.web.answers import imported_name, ledger_of
from rectxl.web.uploads import Upload

KINDS = ("briefing", "weekly", "notice", "reminders", "results", "imported", "summary-briefing", "summary-workbook")


def parse_month(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    from rectxl.core.values import BadValue, parse_month as parsed

    try:
        return parsed(text)
    except BadValue:
        raise BadOption(f"月份“{text}”应写成 2023-03 这样的年-月。", f"Month “{text}” should be written like 2023-03.") from None


def _folder(upload: Upload) -> Path:
    """A fresh folder for one download (two at once never write over each other)."""
    n = 1
    while (folder := upload.folder / f"out-{n:03d}").exists():
        n += 1
    folder.mkdir()
    return folder


def _pdf(path: Path) -> Path:
    from rectxl.documents.pdf import to_pdf

    return to_pdf(path)


def make(upload: Upload, kind: str, pdf: bool = False, month: str | None = None) -> tuple[Path, str]:
    """Write the download `kind`; its path and the name the browser saves it under."""
    if kind not in KINDS:
        raise UploadRefused(f"没有这种下载：{kind}", f"No such download: {kind}")
    folder = _folder(upload)
    if kind.startswith("summary-"):
        return _summary(upload, kind, folder, pdf)
    if kind == "imported":
        path = upload.state.get("imported")
        if path is None:
            raise UploadRefused("该文件尚未导入。", "This upload has not been imported.")
        return path, imported_name(upload)
    ledger, day = ledger_of(upload)
    if kind == "briefing":
        from rectxl.documents.contexts import briefing_month, write_briefing

        path = write_briefing(ledger, day, briefing_month(day, parse_month(month)), folder)
    elif kind == "weekly":
        from rectxl.documents.contexts import write_weekly

        path = write_weekly(ledger, day, folder)[0]
    elif kind == "notice":
        from rectxl.documents.notice import write_notice

        path = write_notice(ledger, day, folder)
    elif kind == "reminders":
        path = _reminders(ledger, day, folder, pdf)
        return path, path.name
    else:
        path = _results(upload, ledger, day, folder)
        return path, path.name
    if pdf:
        path = _pdf(path)
    return path, path.name


def _reminders(ledger, day: dt.date, folder: Path, pdf: bool) -> Path:
    """Every reminder (`rectxl reminders`) in one zip."""
    from rectxl.documents.contexts import write_reminders

    written = write_reminders(ledger, day, folder / "督办提醒")
    if not written:
        raise UploadRefused("没有需要提醒的责任人：无逾期、临期或无进展的措施。",
                            "No one to remind: nothing is overdue, due soon or stale.")
    files = [_pdf(p) for p in written] if pdf else written
    zipped = folder / f"督办提醒_{day.isoformat()}.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in files:
            zf.write(p, p.name)
    return zipped


def _results(upload: Upload, ledger, day: dt.date, folder: Path) -> Path:
    """The results workbook (`rectxl write`): a copy of the ledger with the 校验结果 and 统计 sheets."""
    from rectxl.core.figures import compute
    from rectxl.core.rules import validate
    from rectxl.io.atomic import write_results
    from rectxl.io.writeback import plan

    source = Path(upload.state.get("ledger_path") or upload.path)
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        raise BadOption(f"{upload.name}：结果只能写入 .xlsx 或 .xlsm 工作簿；请先另存为 .xlsx 再上传。",
                        f"{upload.name}: results can only be written into .xlsx or .xlsm workbooks.")
    shown = Path(imported_name(upload) if source.name.startswith("rectxl-imported") else upload.name)
    dest = folder / f"{shown.stem}_结果{source.suffix.lower()}"
    findings = validate(ledger, day)
    figures = compute(ledger, day)
    return write_results(source, dest, plan(ledger, findings, figures), False, dt.datetime.now())[0]


def _summary(upload: Upload, kind: str, folder: Path, pdf: bool) -> tuple[Path, str]:
    from rectxl.consolidate.briefing import write_briefing
    from rectxl.consolidate.summary import write_summary

    summary = upload.state.get("summary")
    if summary is None:
        raise UploadRefused("汇总尚未完成，请稍候。", "The consolidation has not finished yet.")
    if kind == "summary-workbook":
        path = write_summary(summary, folder / "整改台账汇总.xlsx")
        return path, path.name
    path = write_briefing(summary, folder)
    if pdf:
        path = _pdf(path)
    return path, path.name


def clear(path: Path, upload: Upload) -> None:
    """Delete a download's folder once sent (the imported ledger stays: it may be asked for again)."""
    if path.parent != upload.folder and path.parent.name.startswith("out-"):
        shutil.rmtree(path.parent, ignore_errors=True)
