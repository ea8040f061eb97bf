"""The ledger's typed records: settings, problems, measures, the progress log, people, outcomes,
and the Ledger that holds them with the findings met while reading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rectxl.core import schema
from rectxl.core.findings import Finding
from rectxl.core.locate import Table
from rectxl.core.values import Deadline
from rectxl.errors import NotALedger


@dataclass
class Settings:
    unit: str = ""
    inspection: str = ""
    feedback_date: dt.date | None = None
    as_of: dt.date | None = None
    due_soon_days: int = schema.setting_default("due_soon_days")
    progress_days: int = schema.setting_default("progress_days")
    immediate_days: int = schema.setting_default("immediate_days")
    warning_days: int = schema.setting_default("warning_days")
    aspects_count: int | None = None
    problems_count: int | None = None
    measures_count: int | None = None
    phone: str = ""  # the public notice's supervision channels
    email: str = ""
    address: str = ""
    hours: str = ""
    refs: dict[str, str] = field(default_factory=dict)  # setting key → value cell


@dataclass
class Problem:
    id: str
    aspect_no: str
    aspect: str
    description: str
    lead: list[str]
    row: int
    group: str = ""  # a level between the aspect and the problem (1.关于…问题), kept with it


@dataclass
class Measure:
    id: str
    problem_id: str
    text: str
    department: str
    people: list[str]
    deadline: Deadline | None
    deadline_text: str  # the deadline as typed
    status: str | None
    done_date: dt.date | None
    start: dt.date | None
    evidence: str
    closed: bool | None
    row: int
    target: str = ""
    leader: list[str] = field(default_factory=list)
    progress: str = ""
    note: str = ""


@dataclass(slots=True)
class ProgressEntry:
    date: dt.date | None
    measure_id: str
    text: str
    row: int


@dataclass(eq=True)
class ProgressLog:
    """The progress log, held by column: a province-wide one has a quarter of a million rows, and
    the figures and rules need whole columns (each measure's latest date, the IDs not in the
    task list), not one record per row. Iterating it gives ProgressEntry records, made then."""

    dates: list[dt.date | None] = field(default_factory=list)
    measure_ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, entries: list[ProgressEntry]) -> ProgressLog:
        return cls([e.date for e in entries], [e.measure_id for e in entries], [e.text for e in entries],
                   [e.row for e in entries])

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return map(ProgressEntry, self.dates, self.measure_ids, self.texts, self.rows)


@dataclass
class Person:
    name: str
    department: str
    title: str
    row: int


@dataclass
class Outcome:
    """One row of 整改成效: what the rectification produced (a rule made, funds recovered, …)."""

    measure_id: str  # "" for an outcome of the whole rectification
    type: str | None  # a schema.OUTCOME_TYPES name; None when it couldn't be read
    quantity: float | None
    unit: str  # as typed; blank means the type's own unit
    description: str
    date: dt.date | None
    row: int

    @property
    def counted_unit(self) -> str:
        """The unit its quantity is totalled in: as typed, else its type's."""
        kind = schema.OUTCOME_TYPES_BY_NAME.get(self.type)
        return self.unit or (kind.unit if kind else "")


@dataclass
class Ledger:
    settings: Settings
    problems: list[Problem]
    measures: list[Measure]
    progress: ProgressLog
    people: list[Person]
    tables: dict[str, Table]  # sheet key → located table (absent when missing or unusable)
    findings: list[Finding]  # structure and cell findings met while reading
    outcomes: list[Outcome] = field(default_factory=list)  # 整改成效 (an optional sheet)

    def ref(self, sheet_key: str, row: int, key: str) -> str:
        return self.tables[sheet_key].ref(row, key)

    @property
    def not_a_ledger(self) -> Finding | None:
        """The finding that says no ledger sheet was found at all (every door refuses such a file)."""
        return next((f for f in self.findings if f.rule == "not-a-ledger"), None)

    def require_ledger(self, name: str) -> Ledger:
        """This ledger, or NotALedger naming `name` (a file name) when no ledger sheet was found."""
        if refusal := self.not_a_ledger:
            raise NotALedger(f"{name} 不是整改台账：{refusal.message('zh')}",
                             f"{name} is not a rectification ledger: {refusal.message('en')}", file=name)
        return self
