"""Issue 13: flat ledgers rebuilt from public material (tests/corpus) import and count as a person
reading the source counts them, with no error but the blanks of columns the source lacks (LACKS)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

import corpus

AS_OF = dt.date(2025, 12, 31)


def rectxl_api() -> SimpleNamespace:
    """Every rectxl entry point this test uses, in one place (module paths are about to move)."""
    from rectxl.core.ledger import build_ledger
    from rectxl.core.rules import validate
    from rectxl.core.schema import DONE
    from rectxl.importing.flat import flat_import
    from rectxl.io.newledger import write_ledger
    from rectxl.io.reading import read_file

    return SimpleNamespace(flat_import=flat_import, write_ledger=write_ledger, build_ledger=build_ledger,
                           validate=validate, read_file=read_file, DONE=DONE)


def _case(module):
    return pytest.param(module, id=module.__name__.rsplit(".", 1)[-1])


CASES = [_case(m) for m in corpus.modules()]


def imported(module, tmp_path):
    """Build the source sheet, import it as `rectxl import` does, write and re-read the ledger."""
    api = rectxl_api()
    source = tmp_path / "source.xlsx"
    module.build(source)
    day = module.EXPECTED["feedback_date"]
    report = api.flat_import(api.read_file(source), feedback_date=dt.date.fromisoformat(day) if day else None)
    out = tmp_path / "imported.xlsx"
    api.write_ledger(out, report.data)
    return report, api.build_ledger(api.read_file(out))


def counts(ledger) -> dict:
    done = rectxl_api().DONE
    return dict(aspects=len({p.aspect_no for p in ledger.problems}), problems=len(ledger.problems),
                measures=len(ledger.measures), done=sum(1 for m in ledger.measures if m.status == done))


@pytest.mark.parametrize("module", CASES)
def test_corpus_ledger_counts_as_its_source(module, tmp_path):
    report, ledger = imported(module, tmp_path)
    expected = {k: module.EXPECTED[k] for k in ("aspects", "problems", "measures", "done")}
    assert counts(ledger) == expected
    errors = [f for f in rectxl_api().validate(ledger, AS_OF) if f.severity == "error"
              and not (f.rule in ("value-required", "deadline-needs-feedback-date") and f.column in module.LACKS)]
    asked = getattr(module, "ASKED", ())
    assert sorted(f.value for f in errors if f.rule == "status-unknown") == sorted(asked)
    errors = [f for f in errors if not (f.rule == "status-unknown" and f.value in asked)]
    assert not errors, [(f.rule, f.sheet, f.cell, f.value) for f in errors[:10]]
    # The unit is the one the source names (the whole name the title gives may be fuller, e.g. with
    # 中共…党组), or blank with a warning: never a fragment.
    assert report.unit == "" or (module.EXPECTED["unit"] and module.EXPECTED["unit"] in report.unit), report.unit
    if not report.unit:
        assert any("单位名称" in w for w in report.warnings)


def test_every_corpus_module_is_complete():
    for m in corpus.modules():
        assert m.SOURCE and m.__doc__ and callable(m.build), m.__name__
        assert isinstance(m.LACKS, tuple), m.__name__
        assert set(m.EXPECTED) == {"aspects", "problems", "measures", "done", "unit", "feedback_date"}, m.__name__
