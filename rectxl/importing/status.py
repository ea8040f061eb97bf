"""A measure's status from wherever an office keeps it.

A status column may hold a status word (已完成, 正按序推进 — decided once in rectxl.core.schema), 是/否
(是否完成 / 是否整改到位; "是（已销号）" too), a percentage (整改进度: 100% is done; a number under 进度 or
完成情况 is a share: 1 or 100 is done), or a status followed by free text
("已完成。已修订…") or by its date or a note in brackets ("已完成（2024.5.10）"); without a status column the status may open the progress text. A word that is
ambiguous or unknown is kept as typed, so that validation reports it at its cell with a suggestion.
"""

from __future__ import annotations

import re

from rectxl.core import schema
from rectxl.core.values import BadValue, norm, parse_status, status_at_start, text_of

_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*[%％]")
# A status word followed by the date it was reached or a note in brackets: 已完成（2024.5.10）, 已整改 2024-05-20.
_WORD_THEN_NOTE = re.compile(r"(?P<word>[^\d(（]{2,12}?)\s*(?:[(（][^()（）]*[)）]|\d{4}\s*[-./年].*)")
# Headers under which a number is a share done (1 or 100 = done); elsewhere a number may be a code.
_SHARE_HEADER = re.compile(r"进度|完成情况|完成率|完成比例")
_YES_NO_THEN = re.compile(r"([是否])\s*[,，;；。:：(（].*", re.S)
_BRACKETS = re.compile(r"\s*[(（]([^()（）]*)[)）]")
_LONG_TEXT = 12  # a status cell longer than this, not opening with a status, is progress text


def _of_percent(value: object, header: str) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _SHARE_HEADER.search(header):
        share = float(value) * (100 if value <= 1 else 1)
    elif isinstance(value, str) and (m := _PERCENT.fullmatch(norm(value))):
        share = float(m[1])
    else:
        return None
    if share >= 100:
        return schema.DONE
    return schema.NOT_STARTED if share <= 0 else schema.IN_PROGRESS


def read_status(value: object, header: str, problem_status: object = None,
                head_only: bool = False) -> tuple[object, str | None]:
    """(the status to write — canonical, or as typed when not understood — or None; progress text
    found in the status cell, or None)."""
    if value is None:
        if problem_status is None:
            return None, None
        value = problem_status
    text = text_of(value)
    if head_only:
        return status_at_start(text), None
    if header.startswith("是否") and norm(text) in schema.STATUS_OF_YES_NO:
        return schema.STATUS_OF_YES_NO[norm(text)], None
    if header.startswith("是否") and (m := _YES_NO_THEN.fullmatch(text.strip())):  # 是（已销号）, 否，正在推进
        return schema.STATUS_OF_YES_NO[m[1]], text
    if (status := _of_percent(value, header)) is not None:
        return status, None
    try:
        parse_status(value)
        return value, None  # a status word as typed: the ledger understands it
    except BadValue as bad:
        if bad.code == "status-ambiguous":
            return text, None
    if _BRACKETS.search(text):  # a note that qualifies the word: 已完成（待验收） reads as 已完成，待验收
        try:
            return parse_status(_BRACKETS.sub(r"，\1", text)), text
        except BadValue:
            pass
    if (status := status_at_start(text)) is not None:
        return status, text
    if (m := _WORD_THEN_NOTE.fullmatch(text.strip())) is not None:
        try:  # the word is the status; the whole cell, note and all, is kept as progress
            return parse_status(m["word"]), text
        except BadValue:
            pass
    if len(text) > _LONG_TEXT:
        return None, text
    return text, None
