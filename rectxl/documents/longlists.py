"""Long lists in the Word drafts: a document lists at most MAX_LISTED items of a kind, then a
"及其他 N 项" line; the full lists go into an attachment table (CSV, which Excel opens) beside
the document. So a draft stays readable and its rendering bounded in time and memory whatever
the ledger's size (100,000 measures of one person took 570 s and 3.4 GB as one table).
"""

from __future__ import annotations

import csv
from pathlib import Path

MAX_LISTED = 100

# Column headings of the attachment, by the item's keys (others are left out).
HEADINGS = {"measure": "措施编号", "text": "整改措施", "people": "责任人", "department": "责任部门",
            "deadline": "完成时限", "days": "逾期天数", "days_left": "剩余天数", "done_date": "完成日期",
            "last_progress": "最近进展", "days_since": "未更新天数"}
TITLES = {"overdue": "逾期事项", "due_soon": "临期事项", "stale": "无进展事项", "completed": "本周完成",
          "due_next_week": "下周到期"}


def cut_long_lists(ctx: dict, keys: tuple[str, ...]) -> dict[str, list[dict]]:
    """Cut ctx's lists under `keys` to MAX_LISTED items and a "及其他 N 项" row (in place); the
    full lists that were cut, by key."""
    full = {}
    for key in keys:
        items = ctx.get(key) or []
        if len(items) > MAX_LISTED:
            full[key] = items
            rest = len(items) - MAX_LISTED
            more = {k: "" for k in items[0]} | {"text": f"及其他 {rest} 项（完整清单见附表）"}
            ctx[key] = [*items[:MAX_LISTED], more]
    return full


def attachment_path(document: Path) -> Path:
    return document.with_name(f"{document.stem}_附表.csv")


def write_attachment(document: Path, full: dict[str, list[dict]]) -> Path | None:
    """The full lists as one table beside `document` (None when nothing was cut)."""
    if not full:
        return None
    from rectxl.io.atomic import atomic_save

    def save(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            for key, items in full.items():
                columns = [k for k in items[0] if k in HEADINGS]
                out.writerow([TITLES.get(key, key)])
                out.writerow([HEADINGS[k] for k in columns])
                out.writerows([item.get(k, "") for k in columns] for item in items)
                out.writerow([])

    return atomic_save(save, attachment_path(document))
