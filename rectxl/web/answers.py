"""What the page shows for an upload, computed by the functions the `rectxl` command calls
(read_ledger, validate, compute, flat_import, consolidate): this module only reads the files
and shapes the results as JSON for the page. No figure is computed here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rectxl.web.uploads import Store, Upload

IMPORTED_NAME = "rectxl-imported.xlsx"


def _today() -> dt.date:
    return dt.date.today()


def _read(path):
    """read_ledger with the cyclic collector paused, as the command's `load` does (a third faster
    on a province-wide ledger)."""
    from rectxl.core.bulk import gc_paused
    from rectxl.io.reading import read_ledger

    return gc_paused(read_ledger)(path)


def ledger_of(upload: Upload):
    """The upload's typed ledger and as-of date (read again when the memory was given back)."""
    from rectxl.core.figures import as_of_date

    path = upload.state.get("ledger_path") or upload.path
    ledger = upload.state.get("ledger")
    if ledger is None:
        ledger = _read(path)
    return ledger, as_of_date(ledger.settings, None, _today())


def analyze(store: Store, upload: Upload, lang: str = "zh") -> dict:
    """A ledger's findings and figures; a flat sheet's import preview; NotALedger when neither."""
    from rectxl.errors import NotALedger

    path = upload.state.get("ledger_path") or upload.path
    store.release_ledgers(but=upload)  # before reading: two province-wide ledgers would not fit the target
    upload.state.pop("ledger", None)
    try:
        ledger = _read(path)
    except NotALedger as not_ledger:
        preview = _import_preview(upload, lang)
        if preview is None:
            raise not_ledger from None
        return preview
    upload.state.update(ledger=ledger, ledger_path=path)
    return _ledger_answer(upload, ledger, lang)


def _ledger_answer(upload: Upload, ledger, lang: str) -> dict:
    from rectxl.core.figures import as_of_date, compute, percent
    from rectxl.core.findings import count
    from rectxl.core.rules import validate

    day = as_of_date(ledger.settings, None, _today())
    findings = validate(ledger, day)
    figures = compute(ledger, day)
    data = figures.as_dict()
    for row in (data["overall"], *data["people"], *data["units"], *data["aspects"]):
        row["completion_percent"] = percent(row["completion_rate"])
    return {
        "kind": "ledger", "id": upload.id, "name": upload.name, "imported": "imported" in upload.state,
        "unit": ledger.settings.unit, "inspection": ledger.settings.inspection,
        "findings": [f.as_dict(lang) for f in findings], "counts": count(findings), "figures": data,
        "writable": Path(upload.state.get("ledger_path") or upload.path).suffix.lower() in (".xlsx", ".xlsm"),
    }


def _import_preview(upload: Upload, lang: str) -> dict | None:
    """The flat ledger found in the upload, as `rectxl import --dry-run` reports it; None when none is."""
    from rectxl.errors import CannotImport
    from rectxl.importing.flat import flat_import
    from rectxl.io.reading import read_file

    try:
        result = flat_import(read_file(upload.path))
    except CannotImport:
        return None
    upload.state["import"] = result
    return {
        "kind": "flat", "id": upload.id, "name": upload.name, "sheet": result.sheet, "header_row": result.header_row,
        "counts": {"aspects": result.aspects, "problems": result.problems, "measures": result.measures,
                   "people": result.people},
        "unit": result.unit, "unit_source": result.unit_source,
        "mapping": [{"cell": m.cell, "header": m.header, "target": m.target} for m in result.mapping],
        "unplaced": [{"cell": u.cell, "reason": u.reason, "text": u.text} for u in result.unplaced],
        "warnings": list(result.warnings),
    }


def apply_import(store: Store, upload: Upload, lang: str = "zh") -> dict:
    """Write the previewed import as a new ledger (rectxl.io.newledger, as `rectxl import` does)
    and answer for it as for any ledger."""
    from rectxl.errors import UploadRefused
    from rectxl.io.atomic import atomic_save
    from rectxl.io.newledger import write_ledger

    result = upload.state.get("import")
    if result is None:
        raise UploadRefused("该文件不是待导入的单表台账，请重新上传。", "This upload is not a flat ledger to import.")
    out = upload.folder / IMPORTED_NAME
    atomic_save(lambda temp: write_ledger(temp, result.data), out)
    upload.state.update(imported=out, ledger_path=out)
    upload.files.append((out, imported_name(upload)))
    return analyze(store, upload, lang)


def imported_name(upload: Upload) -> str:
    return f"{Path(upload.name).stem}_导入.xlsx"


# ---- many units ------------------------------------------------------------------------------------


def consolidate(upload: Upload, month: tuple[int, int] | None, progress: dict) -> dict:
    """The units' ledgers combined (rectxl.consolidate.combine, as `rectxl consolidate` does), the
    stored names replaced by the user's; `progress` counts the files read for the page."""
    from rectxl.consolidate.combine import consolidate as run
    from rectxl.core.figures import percent

    files = [path for path, _ in upload.files]
    progress.update(done=0, total=len(files))

    def done() -> None:
        progress["done"] += 1

    def more(n: int) -> None:
        progress["total"] += n

    summary = run(files, [], None, _today(), month, min(2, len(files)), done=done, more=more)
    summary = _renamed(summary, upload)
    upload.state["summary"] = summary
    for row in (summary.total, *summary.units):
        row["completion_percent"] = percent(row["completion_rate"])
    return {
        "kind": "summary", "id": upload.id, "as_of": summary.as_of.isoformat(), "as_of_source": summary.as_of_source,
        "month": f"{summary.month[0]:04d}-{summary.month[1]:02d}", "total": summary.total, "units": summary.units,
        "aspects": summary.aspects, "overdue": summary.overdue, "unreadable": summary.unreadable,
        "duplicates": summary.duplicates, "files": len(files),
    }


def _renamed(summary, upload: Upload):
    """The summary with every stored path and file stem shown as the name the user uploaded."""
    import dataclasses

    def walk(value):
        if isinstance(value, str):
            return upload.shown(value)
        if isinstance(value, dict):
            return {walk(k): walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return dataclasses.replace(summary, **{f.name: walk(getattr(summary, f.name)) for f in dataclasses.fields(summary)})
