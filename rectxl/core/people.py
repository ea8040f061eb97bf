"""Assignees as offices write them: several per cell, with posts before or after a name.

"副局长 钱 进" → 钱进 (副局长); "李××副校长" → 李×× (副校长); "唐××（党委书记）" → 唐×× (党委书记).
An assignee that is a body or a group (各二级学院, 相关职能部门) or a post without a name (分管校领导)
is not a person. Pure; the posts and the not-a-person words are declared in rectxl.core.schema.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rectxl.core.schema import NOT_A_PERSON, POSTS
from rectxl.core.values import clean_name, is_blank, text_of

_POST = "|".join(map(re.escape, POSTS))
_POSTS = frozenset(POSTS)
# A Chinese name: a surname and one to three characters, ×/X/某 standing in for hidden ones.
_NAME = r"[\u3400-\u9fff][\u3400-\u9fff×xX＊*某]{1,3}"
_NAME_ONLY = re.compile(_NAME)
_POST_FIRST = re.compile(rf"(?P<post>{_POST})(?P<name>{_NAME})")
_NAME_FIRST = re.compile(rf"(?P<name>{_NAME}?)(?P<post>{_POST})")
_NAME_PAREN = re.compile(rf"(?P<name>{_NAME})[（(](?P<post>[^（）()]+)[)）]")
_SEPARATORS = re.compile(r"[、，,/／;；\n]+")


@dataclass(frozen=True)
class Assignee:
    text: str  # as written, trimmed
    name: str = ""  # "" when not a named person
    post: str = ""  # 职务, when written with the name

    @property
    def is_person(self) -> bool:
        return bool(self.name)


def _parts(value: object) -> list[str]:
    text = unicodedata.normalize("NFKC", text_of(value))
    parts = []
    for chunk in _SEPARATORS.split(text):
        chunk = chunk.strip()
        # Single spaces separate names ("张三 李四") but also sit inside one ("钱 进", "副局长 钱 进").
        words = chunk.split()
        if len(words) > 1 and all(_NAME_ONLY.fullmatch(w) or w in POSTS for w in words) \
                and sum(1 for w in words if w not in POSTS) > 1 and all(len(w) > 1 for w in words):
            parts.extend(words)
        elif chunk:
            parts.append(chunk)
    return parts


@lru_cache(maxsize=8192)
def assignee(text: str) -> Assignee:
    """One assignee: a named person (with a post when written), or a body/post that is not a person."""
    raw = text.strip()
    compact = re.sub(r"\s+", "", raw)
    if compact in POSTS or not compact:
        return Assignee(raw)
    for pattern in (_NAME_PAREN, _POST_FIRST, _NAME_FIRST):
        m = pattern.fullmatch(compact)
        if m and m["name"] and not _is_body(m["name"]) and not _cuts_post(m["name"], m["post"]):
            return Assignee(raw, clean_name(m["name"]), m["post"].strip())
    if _is_body(compact):
        return Assignee(raw)
    return Assignee(raw, clean_name(raw))


def _cuts_post(name: str, post: str) -> bool:
    """Whether the name ends with the start of a longer post ("李副" + "书记" of 李副书记): a surname and
    a post, kept whole like 张书记, never a fragment of a name."""
    return any(name[i:] + post in _POSTS for i in range(1, len(name)))


def _is_body(text: str) -> bool:
    return any(word in text for word in NOT_A_PERSON)


def assignees(value: object) -> list[Assignee]:
    """Every assignee in a cell, in order, repeats dropped."""
    if is_blank(value):
        return []
    seen: dict[str, Assignee] = {}
    for part in _parts(value):
        a = assignee(part)
        seen.setdefault(a.name or a.text, a)
    return list(seen.values())
