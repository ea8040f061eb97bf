"""The value parsers: every supported form reads back to itself; anything else is refused."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectxl.core.schema import STATUSES
from rectxl.core.values import (
    BadValue, Deadline, clean_id, clean_name, parse_date, parse_deadline, parse_status, split_people,
)

FEEDBACK = dt.date(2022, 9, 16)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
FULLWIDTH = str.maketrans("0123456789-./", "０１２３４５６７８９－．／")

DATE_FORMS = [
    lambda d: d,
    lambda d: dt.datetime(d.year, d.month, d.day),
    lambda d: (d - dt.date(1899, 12, 30)).days,  # an Excel serial
    lambda d: float((d - dt.date(1899, 12, 30)).days),
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f" {d.year}年{d.month:02d}月{d.day:02d}日 ",
    lambda d: d.strftime("%Y%m%d"),
    lambda d: d.isoformat().translate(FULLWIDTH),
    lambda d: f"{d.isoformat()}T00:00:00.000Z",
]


@given(dates, st.sampled_from(DATE_FORMS))
def test_any_date_in_any_supported_form_reads_back_to_itself(day, form):
    assert parse_date(form(day)) == day


@given(dates, st.sampled_from([
    lambda d: f"{d.isoformat()}前", lambda d: f"{d.year}年{d.month}月{d.day}日前", lambda d: f"{d.year}年{d.month}月{d.day}日前完成",
]))
def test_a_dated_deadline_in_any_form_reads_back_to_its_date(day, form):
    assert parse_deadline(form(day), FEEDBACK) == Deadline(day)


def _month_end(y, m):
    return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))


@given(st.integers(1990, 2099), st.integers(1, 12), st.sampled_from(["{y}.{m}", "{y}年{m}月", "{y}年{m}月底前",
                                                                        "{y}年{m}月底", "{y}-{m:02d}", "{y}年{m}月末"]))
def test_a_month_deadline_means_the_month_end(year, month, form):
    assert parse_deadline(form.format(y=year, m=month)).date == _month_end(year, month)


@pytest.mark.parametrize("text, expected", [
    ("2022年底前", Deadline(dt.date(2022, 12, 31))),
    ("2023年第一季度", Deadline(dt.date(2023, 3, 31))),
    ("2023年三季度末", Deadline(dt.date(2023, 9, 30))),
    ("2023年上半年", Deadline(dt.date(2023, 6, 30))),
    ("2023年下半年", Deadline(dt.date(2023, 12, 31))),
    ("年内", Deadline(dt.date(2022, 12, 31))),
    ("6月30日前", Deadline(dt.date(2023, 6, 30))),
    ("6月底前", Deadline(dt.date(2023, 6, 30))),
    ("9月30日前", Deadline(dt.date(2022, 9, 30))),  # the first such day on or after the feedback date
    ("9月10日前", Deadline(dt.date(2023, 9, 10))),
    ("立行立改", Deadline(dt.date(2022, 10, 16))),
    ("长期坚持", Deadline(None, True)),
    ("长期", Deadline(None, True)),
    ("常态化", Deadline(None, True)),
    ("2024年底前，并长期坚持", Deadline(dt.date(2024, 12, 31), True)),
    ("立行立改，长期坚持", Deadline(dt.date(2022, 10, 16), True)),
    ("2022年12月31日前", Deadline(dt.date(2022, 12, 31))),
])
def test_every_deadline_form_of_the_design_is_understood(text, expected):
    assert parse_deadline(text, FEEDBACK, 30) == expected


@pytest.mark.parametrize("value, code", [
    (2022.1, "date-ambiguous"),  # Excel turned a typed 2022.10 into 2022.1: never January
    (2023, "date-ambiguous"),
    ("尽快", "deadline-unreadable"),
    ("12月前", "deadline-unreadable"),
    ("2022年13月", "date-unreadable"),
    ("2023年2月30日", "date-unreadable"),
    ("2022年底前，2023年6月底前", "deadline-unreadable"),  # two dates: which one? never guessed
])
def test_unknown_or_ambiguous_deadlines_are_refused(value, code):
    with pytest.raises(BadValue) as bad:
        parse_deadline(value, FEEDBACK)
    assert bad.value.code == code


def test_deadlines_counted_from_the_feedback_date_need_it():
    for text in ("立行立改", "6月底前", "年内"):
        with pytest.raises(BadValue) as bad:
            parse_deadline(text, None)
        assert bad.value.code == "deadline-needs-feedback-date"


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs")), min_size=1, max_size=12))
def test_text_without_digits_is_never_read_as_a_date(text):
    with pytest.raises(BadValue):
        parse_date(text)


@given(st.text(min_size=1, max_size=10))
def test_a_deadline_is_either_understood_or_refused_never_an_exception(text):
    try:
        result = parse_deadline(text, FEEDBACK)
    except BadValue:
        return
    assert result.date is not None or result.long_term


ALL_SPELLINGS = [(alias, canonical) for canonical, aliases in STATUSES.items() for alias in (canonical, *aliases)]


@given(st.sampled_from(ALL_SPELLINGS), st.sampled_from(["", " ", "\u3000"]))
def test_every_status_spelling_maps_to_its_canonical_status(pair, pad):
    alias, canonical = pair
    assert parse_status(pad + alias + pad) == canonical


@given(st.text(min_size=1, max_size=8).filter(lambda t: t.strip() and t.strip() not in dict(ALL_SPELLINGS)))
def test_unknown_status_text_is_a_finding_never_a_guess(text):
    with pytest.raises(BadValue):
        parse_status(text)


def test_unknown_status_suggests_the_closest():
    with pytest.raises(BadValue) as bad:
        parse_status("已完城")
    assert bad.value.details["suggestion"] == "已完成"


@pytest.mark.parametrize("cell, names", [
    ("张三、李四", ["张三", "李四"]),
    ("张三,李四", ["张三", "李四"]),
    ("张三，李四", ["张三", "李四"]),
    ("张三/李四", ["张三", "李四"]),
    ("王　芳", ["王芳"]),
    ("王 芳；张三", ["王芳", "张三"]),
    (" John   Smith ", ["John Smith"]),
    ("张三、张三", ["张三"]),
    (None, []),
])
def test_people_are_split_and_cleaned(cell, names):
    assert split_people(cell) == names


@given(st.text(alphabet="王李张芳伟 \u3000", min_size=1, max_size=6))
def test_a_chinese_name_has_no_spaces_left(name):
    assert " " not in clean_name(name) and "\u3000" not in clean_name(name)


def test_ids_are_text_and_numbers_are_noticed():
    assert clean_id("１－１") == ("1-1", False)
    assert clean_id(1.1) == ("1.1", True)
    assert clean_id(3.0) == ("3", False)


def test_rates_round_half_up_as_excel_shows_them():
    from rectxl.core.figures import percent

    assert [percent(x) for x in (1 / 16, 3 / 16, 5 / 16, 0.4386, 0, 1)] == [
        "6.3%", "18.8%", "31.3%", "43.9%", "0.0%", "100.0%"]


def test_chinese_ordinals_past_ten():
    from rectxl.documents.contexts import chinese_number

    assert [chinese_number(n) for n in (1, 10, 11, 12, 20, 28)] == ["一", "十", "十一", "十二", "二十", "二十八"]
