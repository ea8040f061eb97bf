"""Cell-value normalisation: dates, deadlines, statuses, names, IDs, flags.

Pure functions. A value that cannot be understood raises BadValue with a rule code from
rectxl.core.findings; nothing is ever guessed.
"""

from __future__ import annotations

import calendar
import difflib
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from rectxl.core.schema import (
    AMBIGUOUS_STATUSES, DONE, FLAG_NO, FLAG_YES, LONG_TERM, PENDING, PEOPLE_SEPARATORS, STATUS_MARKS, STATUSES,
    setting_default,
)

EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!"}
)
# Serials of 1990-01-01 .. 2099-12-31: dates a rectification ledger can hold.
_SERIAL_MIN, _SERIAL_MAX = 32874, 73050


class BadValue(ValueError):
    """A value that can't be understood; `code` names the rule, `details` fill its message slots."""

    def __init__(self, code: str, **details: str):
        super().__init__(code)
        self.code = code
        self.details = details


# ---- text ---------------------------------------------------------------------

# Invisible characters that copying from web pages and chat apps leaves in cells (zero-width
# space, byte-order mark, soft hyphen, direction marks and embeddings): a name or ID holding one
# looks the same as without it, so it is dropped before values are compared.
INVISIBLE_CHARS = "\u00ad\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARS))
_FOLD = str.maketrans({**{c: "-" for c in "‐‑‒–—―－﹣−"}, **_INVISIBLE})  # dashes → "-", invisibles gone
# The most characters an Excel cell holds; a longer text can only come from a crafted file.
EXCEL_CELL_CHARS = 32_767


def norm(text: str) -> str:
    """Fold full-width forms and dashes, drop invisible characters, strip the ends: the form
    values are compared in."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD).strip()


def is_blank(value: object) -> bool:
    """None, or text of nothing but spaces and invisible characters."""
    return value is None or (isinstance(value, str) and not value.translate(_INVISIBLE).strip())


def is_excel_error(value: object) -> bool:
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS


def text_of(value: object) -> str:
    """A cell as display text (numbers without a trailing .0, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    # Cut at Excel's cell limit: one crafted 5-million-character cell would otherwise fill every
    # table, message and document it reaches (and take minutes to lay out in the terminal).
    return str(value)[:EXCEL_CELL_CHARS].strip()


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def clean_name(text: str) -> str:
    """A person's name: spaces inside a Chinese name removed, Latin names keep single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip()
    if _HAN.search(text):
        return re.sub(r"\s+", "", text)
    return re.sub(r"\s+", " ", text)


_SPLIT_PEOPLE = re.compile("[" + re.escape(PEOPLE_SEPARATORS) + "]")


def split_people(value: object) -> list[str]:
    """`张三、李四` → ['张三', '李四']; cleaned, blanks and repeats dropped, order kept."""
    if is_blank(value):
        return []
    names = (clean_name(part) for part in _SPLIT_PEOPLE.split(text_of(value)))
    return list(dict.fromkeys(n for n in names if n))


def clean_id(value: object) -> tuple[str, bool]:
    """An ID as text, and whether it is a fraction Excel stored as a number (1.10 may have become 1.1).

    A whole number (a typed 3) is the same ID as the text "3" and is not flagged."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text_of(value), not float(value).is_integer()
    return re.sub(r"\s+", "", norm(text_of(value))), False


# ---- dates --------------------------------------------------------------------


def _from_serial(number: float) -> dt.date:
    if 1900 <= number < 2100:
        raise BadValue("date-ambiguous")  # a bare year, or a typed 2022.10 that Excel kept as 2022.1
    if not _SERIAL_MIN <= number <= _SERIAL_MAX:
        raise BadValue("date-unreadable")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _safe_date(y: int, m: int, d: int) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise BadValue("date-unreadable") from None


def _month_end(y: int, m: int) -> dt.date:
    if not 1 <= m <= 12:
        raise BadValue("date-unreadable")
    return dt.date(y, m, calendar.monthrange(y, m)[1])


_FULL_DATE = re.compile(
    r"(?P<y>\d{4})\s*(?:[-/.年])\s*(?P<m>\d{1,2})\s*(?:[-/.月])\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?"
)
_COMPACT_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})")


YEARS = range(1990, 2100)  # the years a rectification ledger's dates can fall in


def parse_month(text: str) -> tuple[int, int]:
    """A report month written "2023-03" as (2023, 3); BadValue for anything else, a year outside
    YEARS included (every door asks for the month in this form)."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not m or not 1 <= int(m[2]) <= 12 or int(m[1]) not in YEARS:
        raise BadValue("month-unreadable")
    return int(m[1]), int(m[2])


def _plausible(day: dt.date) -> dt.date:
    """A date in YEARS; any other (2999-01-01, 1900-01-01 from a date-formatted 1) is a typo."""
    if day.year not in YEARS:
        raise BadValue("date-out-of-range")
    return day


def parse_date(value: object) -> dt.date:
    """A full calendar date in YEARS: a date cell, an Excel serial, or 2022-12-31 / 2022/12/31 /
    2022.12.31 / 2022年12月31日 / 20221231 (and ISO date-times)."""
    if isinstance(value, dt.datetime):
        return _plausible(value.date())
    if isinstance(value, dt.date):
        return _plausible(value)
    if isinstance(value, bool):
        raise BadValue("date-unreadable")
    if isinstance(value, (int, float)) and float(value).is_integer() and _COMPACT_DATE.fullmatch(str(int(value))):
        value = str(int(value))  # 20221231 typed as a number (far above any Excel serial)
    elif isinstance(value, (int, float)):
        return _from_serial(value)
    text = norm(text_of(value))
    match = _FULL_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if not match:
        raise BadValue("date-unreadable")
    return _plausible(_safe_date(int(match["y"]), int(match["m"]), int(match["d"])))


# ---- deadlines ----------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """A parsed 完成时限: a date (or None), and whether the measure is long-term (长期坚持)."""

    date: dt.date | None
    long_term: bool = False

    def __post_init__(self):
        if self.date is None and not self.long_term:
            raise ValueError("a deadline has a date or is long-term")


# Recurring work (每季度, 定期) has no one deadline: it is long-term like 长期坚持.
_LONG_TERM = re.compile(r"(?:长期|持续|常态化|定期|每(?:半年|年度?|季度?|月|周))(?:坚持|推进|执行|整改|开展|报告)?")
_SUFFIXES = re.compile(r"(?:并|且)?(?:全面)?(?:完成|见效|到位)?(?:整改)?$")
_BEFORE = re.compile(r"(?:之前|以前|前|止|为止)$")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_YMD = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_YM = re.compile(r"(\d{4})[-/.年](\d{1,2})月?(?:底|末|份)?")
_Y_END = re.compile(r"(\d{4})年?(?:年底|底|年末|末)")
_QUARTER = re.compile(r"(\d{4})年?(?:第)?([一二三四1-4])季度(?:末|底)?|(\d{4})年?Q([1-4])", re.I)
_HALF = re.compile(r"(\d{4})年?(上|下)半年(?:末|底)?")
_MD = re.compile(r"(\d{1,2})月(\d{1,2})日")
_M_END = re.compile(r"(\d{1,2})月(?:底|末)")
_YEAR_IN = re.compile(r"(?:年内|年底|年末|本年底|今年底)")
_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
# Counted from the feedback date: 3个月内, 两个月, 半年之内, 1年内, 30天内, 反馈后2个月内.
_SPAN = re.compile(r"(?:(?:巡察|巡视)?反馈后|自反馈之日起|收到反馈意见后)?(?P<n>\d{1,3}|十[一二]?|[一二两三四五六七八九十]|半)"
                   r"(?P<unit>个月|个半月|年|天|日|周|个工作日)(?:之内|以内|内)?(?:集中整改)?")
# A date then words: "2016年6月底前完成制度修订" → the date part.
_DATE_HEAD = re.compile(r"(\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末|年底|年末)?(?:之前|以前|前)?)(?=[\u4e00-\u9fff])")


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _span(m: re.Match, feedback: dt.date) -> dt.date:
    n, unit = m["n"], m["unit"]
    if n == "半":  # 半年 is six months, 半个月 fifteen days
        return _add_months(feedback, 6) if unit == "年" else feedback + dt.timedelta(days=15)
    count = int(n) if n.isdigit() else _CN_NUM[n]
    if unit == "个月":
        return _add_months(feedback, count)
    if unit == "个半月":
        return _add_months(feedback, count) + dt.timedelta(days=15)
    if unit == "年":
        return _add_months(feedback, 12 * count)
    if unit == "周":
        return feedback + dt.timedelta(weeks=count)
    return feedback + dt.timedelta(days=count)


def _on_or_after(anchor: dt.date, month: int, day: int | None) -> dt.date:
    for year in (anchor.year, anchor.year + 1):
        candidate = _month_end(year, month) if day is None else _safe_date(year, month, day)
        if candidate >= anchor:
            return candidate
    raise BadValue("deadline-unreadable")  # pragma: no cover - the next year always qualifies


def _checked_date(part: str, feedback: dt.date | None, immediate_days: int) -> dt.date:
    """_dated_part, a year datetime can't hold (0000年底前) a finding like any unreadable deadline."""
    try:
        return _dated_part(part, feedback, immediate_days)
    except BadValue:
        raise
    except (ValueError, OverflowError):
        raise BadValue("deadline-unreadable") from None


def _dated_part(part: str, feedback: dt.date | None, immediate_days: int) -> dt.date:
    if part == "立行立改":
        if feedback is None:
            raise BadValue("deadline-needs-feedback-date")
        return feedback + dt.timedelta(days=immediate_days)
    if m := _SPAN.fullmatch(part):
        if feedback is None:
            raise BadValue("deadline-needs-feedback-date")
        return _span(m, feedback)
    part = _BEFORE.sub("", _SUFFIXES.sub("", part))
    if m := _YMD.fullmatch(part):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _COMPACT_DATE.fullmatch(part):
        return _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _Y_END.fullmatch(part):
        return dt.date(int(m[1]), 12, 31)
    if m := _QUARTER.fullmatch(part):
        year, q = (m[1], m[2]) if m[1] else (m[3], m[4])
        return _month_end(int(year), 3 * _QUARTERS[q])
    if m := _HALF.fullmatch(part):
        return dt.date(int(m[1]), 6, 30) if m[2] == "上" else dt.date(int(m[1]), 12, 31)
    if m := _YM.fullmatch(part):
        return _month_end(int(m[1]), int(m[2]))
    no_year = _MD.fullmatch(part) or _M_END.fullmatch(part) or _YEAR_IN.fullmatch(part)
    if no_year:
        if feedback is None:
            raise BadValue("deadline-needs-feedback-date")
        if no_year.re is _YEAR_IN:
            return dt.date(feedback.year, 12, 31)
        day = int(no_year[2]) if no_year.re is _MD else None
        return _on_or_after(feedback, int(no_year[1]), day)
    if (m := _DATE_HEAD.match(part)) and not re.search(r"\d", part[m.end():]):
        return _dated_part(m[1], feedback, immediate_days)  # "2016年6月底前完成制度修订"
    raise BadValue("deadline-unreadable")


def parse_deadline(value: object, feedback: dt.date | None = None,
                   immediate_days: int = setting_default("immediate_days")) -> Deadline:
    """A 完成时限 in any form real ledgers use (ARCHITECTURE §5); anything else raises BadValue."""
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        return Deadline(parse_date(value))
    text = re.sub(r"\s+", "", norm(text_of(value))).rstrip("。.")
    if not text:
        raise BadValue("value-required")
    long_term = False
    dates: set[dt.date] = set()
    for part in filter(None, re.split(r"[,，;；、]|并(?=长期|持续|常态)", text)):
        if _LONG_TERM.fullmatch(part):
            long_term = True
        else:
            dates.add(_checked_date(part, feedback, immediate_days))
    if len(dates) > 1 or not (dates or long_term):
        raise BadValue("deadline-unreadable")
    return Deadline(_plausible(dates.pop()) if dates else None, long_term)


# ---- statuses and flags ---------------------------------------------------------

_STATUS_OF = {norm(alias): canonical for canonical, aliases in STATUSES.items() for alias in (canonical, *aliases)}
STATUS_NAMES = tuple(_STATUS_OF)
_AMBIGUOUS = {norm(word): status for word, status in AMBIGUOUS_STATUSES.items()}
_STATUS_PARTS = re.compile(r"[,，;；、。/]+|并(?=长期|持续|常态)")


def _status_word(key: str) -> str:
    if key in _STATUS_OF:
        return _STATUS_OF[key]
    if key in _AMBIGUOUS:
        raise BadValue("status-ambiguous", suggestion=_AMBIGUOUS[key], expected="、".join(STATUSES))
    close = difflib.get_close_matches(key, STATUS_NAMES, n=1, cutoff=0.3)
    raise BadValue("status-unknown", suggestion=_STATUS_OF[close[0]] if close else "",
                   expected="、".join(STATUSES))


def parse_status(value: object) -> str:
    """The canonical status for any known spelling (`整改中` → 推进中); BadValue otherwise.

    A compound (已完成，长期坚持) is read part by part: one status kept up over the long term is that
    status (done and kept up is done); parts naming two other statuses are ambiguous, never guessed."""
    key = re.sub(r"\s+", "", norm(text_of(value))).rstrip("。.；;")
    if key.lstrip(STATUS_MARKS):
        key = key.lstrip(STATUS_MARKS)
    if not key:
        raise BadValue("value-required")
    if key in _STATUS_OF or key in _AMBIGUOUS:
        return _status_word(key)
    parts = [p for p in _STATUS_PARTS.split(key) if p]
    if len(parts) < 2:
        return _status_word(key)
    statuses = list(dict.fromkeys(_status_word(p) for p in parts))
    if len(statuses) > 1 and LONG_TERM in statuses:
        statuses.remove(LONG_TERM)
    if set(statuses) == {DONE, PENDING}:  # done and awaiting its check (已实施，待最终门禁) is 待验收
        return PENDING
    if len(statuses) == 1:
        return statuses[0]
    raise BadValue("status-ambiguous", suggestion=statuses[0], expected="、".join(STATUSES))


# The first words of a progress text, up to a stop, a space or a bracket ("已完成 已修订…", "已完成（5月）…"),
# or in brackets ("【已完成】…").
_STATUS_HEAD = re.compile(r"[【\[(（]?([^\s,，;；。：:！!【】\[\]()（）]{2,12})(?:[\s,，;；。：:！!【】\[\]()（）]|$)")


def status_at_start(text: object) -> str | None:
    """The status a progress text starts with ("已完成。已修订…" → 已完成), or is ("已完成"), or None."""
    m = _STATUS_HEAD.match(norm(text_of(text)).strip())
    if not m:
        return None
    return _STATUS_OF.get(m[1])


_FLAGS = {**{norm(v).upper(): True for v in FLAG_YES}, **{norm(v).upper(): False for v in FLAG_NO}}


def parse_flag(value: object) -> bool | None:
    """是/否 (and common spellings); None when blank; BadValue otherwise."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    try:
        return _FLAGS[norm(text_of(value)).upper()]
    except KeyError:
        raise BadValue("flag-unknown") from None


def parse_int(value: object) -> int:
    if isinstance(value, bool):
        raise BadValue("setting-invalid")
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = norm(text_of(value)).rstrip("天日个项条")
    if text.isdigit():
        return int(text)
    raise BadValue("setting-invalid")

