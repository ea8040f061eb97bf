"""The rows of a flat sheet that are not data, and the numbering levels above the measures.

Offices number up to three levels above the measures — （一）在…方面 / 1.关于…问题 / （1）… / ①… —
with section rows merged across the table (sometimes with counts such as （3个问题））. The first
numbering style met on a section row is the aspect; a section row of another style below it is a
group label kept with its problems (neither an aspect nor a problem). 合计/小计/总计 rows sum up.
Above the header: a title, and filler lines such as "填报单位：…　填报日期：…".
"""

from __future__ import annotations

import re

from rectxl.core.schema import TOTAL_ROW_WORDS

_CN = "一二三四五六七八九十百零〇两"
# (style, pattern) of a leading number; the style tells levels apart.
_STYLES: tuple[tuple[str, re.Pattern], ...] = (
    ("第N", re.compile(rf"^\s*第[{_CN}\d]+个?(?:方面|部分|类)")),
    ("（一）", re.compile(rf"^\s*[（(]\s*[{_CN}]+\s*[)）]")),
    ("一、", re.compile(rf"^\s*[{_CN}]+\s*[、.．，,:：]")),
    ("（1）", re.compile(r"^\s*[（(]\s*\d+\s*[)）]")),
    ("1.", re.compile(r"^\s*\d+\s*(?:[、．，,:：)）]|\.(?!\d))")),
    ("①", re.compile(r"^\s*[①-⑳]")),
)
_NUMBERING = re.compile("^(?:" + "|".join(f"(?:{p.pattern[1:]})" for _, p in _STYLES) + ")")  # leading only
# A 序号 cell holding only a section's numeral: 一 / 二、 / （三）.
SECTION_NUMERAL = re.compile(rf"[（(]?[{_CN}]+[)）]?[、.．]?")
# A 序号 numbering problems (1 / 1. / 1、) above measures numbered one level deeper (（1） / 1.1 / ①).
ARABIC = re.compile(r"\d{1,3}[、.．]?")
DEEPER = re.compile(r"[（(]\s*\d{1,3}\s*[)）]|\d{1,3}[.．-]\d{1,3}|[①-⑳]")
_COUNT_NOTE = re.compile(r"[（(][^（）()]*(?:\d|[一二三四五六七八九十]+)[^（）()]*(?:个|项|条|处)[^（）()]*[)）]")
_PROBLEM_WRAP = re.compile(r"(?:方面)?(?:存在的?|的)?(?:主要|突出)?问题(?:的整改(?:情况)?)?$")
_ASPECT_WRAP = re.compile(r"方面$")


# How deep each style sits, as official documents number (一、 > （一） > 1. > （1） > ①): the first style
# met is the aspect, whichever it is; a deeper one below it is a group ("一、…方面" over "（一）关于…").
_DEPTH = {"第N": 0, "一、": 1, "（一）": 2, "1.": 3, "（1）": 4, "①": 5}


def depth(style: str | None) -> int:
    return _DEPTH.get(style, 1)


def is_below(style: str | None, aspect_style: str | None, title: str) -> bool:
    """Whether a section row of `style` is a group under the aspect rows (not an aspect itself)."""
    if style is None or aspect_style is None or "方面" in title:
        return False
    return depth(style) > depth(aspect_style)


def numbering_style(text: str) -> str | None:
    """The style of a text's leading number ("（二）…" → "（一）"), or None when unnumbered."""
    for style, pattern in _STYLES:
        if pattern.match(text):
            return style
    return None


def strip_numbering(text: str) -> str:
    return re.sub(r"^\s*[、.．，,:：]?\s*", "", _NUMBERING.sub("", text.strip(), count=1))


def clean_aspect(text: str) -> str:
    """A section title or 方面 cell as a name: "（二）在作风建设方面存在的问题（3个问题）" → "作风建设"."""
    raw = text.strip()
    name = strip_numbering(raw)
    name = _COUNT_NOTE.sub("", name).strip().rstrip("：:。.，,；; ")
    wrapped = False
    for wrap in (_PROBLEM_WRAP, _ASPECT_WRAP):
        stripped = wrap.sub("", name)
        wrapped |= stripped != name
        name = stripped
    name = re.sub(r"^关于", "", name)
    if wrapped:
        name = re.sub(r"^(?:在|对)", "", name)
    name = name.strip().rstrip("：:，,、 ").strip("“”\"")
    return name or strip_numbering(raw) or raw


def looks_like_section(text: str) -> bool:
    """Numbered (一、… （二）… 1.关于…), or naming an aspect (…方面, …存在的问题)."""
    text = text.strip()
    return bool(numbering_style(text) and strip_numbering(text)) or "方面" in text or bool(_PROBLEM_WRAP.search(text))


def is_aspect_heading(text: str) -> bool:
    """A heading at an aspect's level wherever it is typed: naming a 方面, or numbered 一、/（一）/第N…."""
    style = numbering_style(text)
    return "方面" in text or (style is not None and depth(style) <= depth("（一）") and bool(strip_numbering(text)))


_TOTAL_FIRST = frozenset(w[0] for w in TOTAL_ROW_WORDS)
# Lines under the table: "注：…", "填表人：…　审核人：…", "联系电话：…" — what they are says their label.
_FOOTER = re.compile(r"\s*(?:(?:填报|报送)?单位(?:名称)?\s*[（(][^）)]*[)）]|(?:填报|报送)单位|注|说明|备注|附注|填表人|填报人|审核人|审核|制表人|制表|联系人|联系电话|负责人|单位负责人|"
                     r"主要负责人|分管领导|签字|签发人|填报日期|填表日期|日期)\s*[\d一二三四五六七八九十]*\s*[:：]")
_FOOTER_FIRST = frozenset("注说备附填审制联负单主分签日")


def is_footer(texts: list[str]) -> bool:
    """A line under the table: each of its texts opens with a label such as 注： or 填表人：."""
    return all(t.lstrip()[:1] in _FOOTER_FIRST and _FOOTER.match(t) for t in texts)


def is_total(text: str) -> bool:
    """合计 / 小计 / 总计 …: a row that sums up."""
    compact = text.lstrip()
    if compact[:1] not in _TOTAL_FIRST:  # most rows: a glance is enough
        return False
    compact = re.sub(r"\s+", "", compact)
    return any(compact.startswith(w) for w in TOTAL_ROW_WORDS)


# ---- the unit, from the lines above the headers --------------------------------------------------

_FILLER = re.compile(r"(?:填报|报送|责任|整改|制表|填表)?(?:单位|日期|时间|人)(?:名称)?\s*(?:[（(][^）)]*[)）])?\s*[:：]")
_FILLER_UNIT = re.compile(r"(?:填报|报送|责任|整改)?单位(?:名称)?\s*(?:[（(][^）)]*[)）])?\s*[:：]\s*(?P<rest>.*)", re.S)
_FILLER_END = re.compile(r"\s{2,}|\u3000|(?:填报|报送|制表|填表)?(?:日期|时间|人)\s*[:：]")
_STAMP = re.compile(r"[（(]\s*(?:盖章|公章|签章|章)\s*[)）]|\d{4}\s*[年.\-/]\s*\d{1,2}\s*(?:[月.\-/]\s*\d{1,2}\s*日?)?")
_TITLE_TAIL = re.compile(r"(?:反馈)?(?:意见)?(?:问题)?整改(?:落实)?(?:工作)?(?:情况)?(?:的)?(?:台账|清单|一览表|表)$")
# How whole organisation names end.
_ORG_END = re.compile(r"(?:委员会|党委|党组|党总支|党支部|总支部|支部|政府|人民政府|大学|学院|学校|中学|小学|医院|"
                      r"局|厅|委|办|办公室|中心|公司|集团|所|院|馆|站|镇|乡|街道|社区|村|部|处|科|队|会|社|行|署)$")
# Not a whole name: a bare relative (校党委, 市委, 区…局 without a place) or a round of inspection.
_NOT_WHOLE = re.compile(r"第.{1,4}轮|^(?:校|市|县|区|省|院|局|本|我)(?:党委|委|$)|^(?:校|市|县|区|省|本|我)(?![\u4e00-\u9fff]{0,2}(?:市|县|区|省|镇|乡))")


def is_filler(text: str) -> bool:
    """A "填报单位：…　填报日期：…" line."""
    return bool(_FILLER.search(text))


def unit_from_filler(text: str) -> str:
    """"填报单位：××学院党委（盖章）　　填报日期：2023年3月31日" → "××学院党委"; "" when no such label."""
    m = _FILLER_UNIT.search(text)
    if not m:
        return ""
    unit = _FILLER_END.split(m["rest"], maxsplit=1)[0]
    return _STAMP.sub("", unit).strip()


def unit_from_title(title: str) -> str:
    """"××学院党委关于巡察反馈意见整改情况的台账" → "××学院党委", only when what comes before 关于 (or
    before the inspection) is a whole organisation name; "" when unsure (never a fragment)."""
    t = _STAMP.sub("", re.sub(r"\s+", "", title))
    t = re.sub(r"^(?:\d{4}年度?)?(?:关于)?", "", t)
    m = None
    for pattern in (r"关于|(?:贯彻)?落实",
                    r"(?:接受|配合|对)?(?:省委|市委|县委|区委|校党委|中央)?(?:第.{1,4}|专项)?(?:巡视|巡察)"):
        m = re.search(pattern, t)
        if m is not None and "整改" in t[m.end():]:
            break
        m = None
    m = m or _TITLE_TAIL.search(t)
    if m is None:
        return ""
    head = re.sub(r"(?:的)$", "", t[: m.start()])
    if not (2 <= len(head) <= 40) or not _ORG_END.search(head) or _NOT_WHOLE.search(head):
        return ""
    return head
