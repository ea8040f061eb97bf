"""Findings and figures as CSV and JSON files, safe to open in Excel.

CSV is written as UTF-8 with a byte-order mark (utf-8-sig): without it Excel reads the file in
the system code page and garbles the Chinese. A CSV cell is data, but Excel evaluates any cell
text that looks like a formula, so a ledger text such as `=HYPERLINK("http://x")` or `@张三`
would run on opening (CSV/formula injection). Every *text* cell that starts with = + - @, a tab
or a carriage return (the OWASP list) is therefore written with a leading apostrophe: Excel
shows it as text (the apostrophe stays visible; that is the price of safety). Numbers are never
touched: a count or a negative number is not a formula and must stay a number.

JSON is written raw (UTF-8, values exactly as read): Excel does not open JSON, and a program
reading it wants the true values. Whoever turns that JSON into a spreadsheet must neutralise
formula-like texts the same way (`neutralise`).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from rectxl.core.figures import COUNTS, RATES, Figures, labelled
from rectxl.core.findings import SEVERITY_LABEL, Finding, count
from rectxl.io.atomic import atomic_save, check_not_open

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

FINDING_HEADS = ("序号", "级别", "规则", "工作表", "单元格", "值", "说明")

_COUNT_HEADS = labelled(*COUNTS, *RATES)
FIGURE_HEADS = ("分组", "名称", "部门", *(head for _, head in _COUNT_HEADS))
GROUPS = (("people", "责任人"), ("units", "责任部门"), ("aspects", "方面"))
OVERALL_GROUP, OVERALL_NAME = "全部", "全部措施（不重复计）"


def neutralise(value: object) -> object:
    """A text Excel would take for a formula gets a leading apostrophe; anything else is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def findings_rows(findings: list[Finding], lang: str = "zh") -> list[list]:
    return [[i, SEVERITY_LABEL[lang][f.severity], f.rule, f.sheet, f.cell, f.value, f.message(lang)]
            for i, f in enumerate(findings, start=1)]


def figures_rows(figures: Figures) -> list[list]:
    """One row per person, unit and aspect (分组 says which), then the overall row."""
    rows = []
    for key, group in GROUPS:
        for r in getattr(figures, key):
            name = f"{r['no']}. {r['name']}" if key == "aspects" and r.get("no") else r["name"]
            rows.append([group, name, r.get("unit", "") if key == "people" else "", *(r[k] for k, _ in _COUNT_HEADS)])
    o = figures.overall
    rows.append([OVERALL_GROUP, OVERALL_NAME, "", *(o[k] for k, _ in _COUNT_HEADS)])
    return rows


def _save_text(path: Path, text: str, encoding: str) -> Path:
    """Through a temporary file renamed into place; refused if the target is open in Excel."""
    path = Path(path)
    check_not_open(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_save(lambda temp: temp.write_text(text, encoding=encoding, newline=""), path)


def _csv_text(heads, rows) -> str:
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(heads)
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return out.getvalue()


def _json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def findings_data(findings: list[Finding], source: str, lang: str = "zh") -> dict:
    """What `rectxl validate --format json` prints."""
    return {"file": source, "findings": [f.as_dict(lang) for f in findings], "counts": count(findings)}


def write_findings_csv(findings: list[Finding], path: Path, lang: str = "zh") -> Path:
    return _save_text(path, _csv_text(FINDING_HEADS, findings_rows(findings, lang)), "utf-8-sig")


def write_findings_json(findings: list[Finding], path: Path, source: str = "", lang: str = "zh") -> Path:
    return _save_text(path, _json_text(findings_data(findings, source, lang)), "utf-8")


def write_figures_csv(figures: Figures, path: Path) -> Path:
    return _save_text(path, _csv_text(FIGURE_HEADS, figures_rows(figures)), "utf-8-sig")


def write_figures_json(figures: Figures, path: Path) -> Path:
    return _save_text(path, _json_text(figures.as_dict()), "utf-8")


SUFFIXES = (".csv", ".json")


def kind_of(path: Path) -> str | None:
    """"csv" or "json" from the file name; None for any other suffix."""
    suffix = Path(path).suffix.lower()
    return suffix[1:] if suffix in SUFFIXES else None
