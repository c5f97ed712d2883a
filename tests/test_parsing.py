"""The one parser of numbers, percentages, months and dates (ucj.core.parsing), spelling by
spelling as offices write them, and formatting-then-parsing gives the value back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from ucj.core.fields import PercentField, RupiahField
from ucj.core.formatting import format_decimal, format_int, format_month, format_rupiah
from ucj.core.parsing import (
    ParseError,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_month,
    percent_of_fraction,
)
from ucj.imports import cells


@pytest.fixture(autouse=True)
def english_reasons():
    with translation.override("en"):
        yield

# --- whole numbers: (what is written, the value) -------------------------------------------
WHOLE = [
    ("1234567", 1_234_567), ("1.234.567", 1_234_567), ("1,234,567", 1_234_567),
    ("1 234 567", 1_234_567), ("1\u00a0234\u00a0567", 1_234_567), ("1\u202f234\u202f567", 1_234_567),
    ("Rp 1.234.567", 1_234_567), ("Rp1.234.567", 1_234_567), ("Rp. 1.234.567", 1_234_567),
    ("rp 1.234.567", 1_234_567), ("IDR 1.234.567", 1_234_567), ("Rp 1.234.567,00", 1_234_567),
    ("Rp 500.000,-", 500_000), ("500.000,-", 500_000), ("Rp 500.000.-", 500_000),
    ("1.234.567,00", 1_234_567), ("1,234,567.00", 1_234_567), ("1234567,00", 1_234_567),
    ("1234567.0", 1_234_567), ("+1.234", 1_234), ("0", 0), ("007", 7),
    # negatives: a sign in every position offices put one
    ("-336000000", -336_000_000), ("-336.000.000", -336_000_000), ("- 336.000.000", -336_000_000),
    ("\u221273.920.000", -73_920_000), ("\u201373.920.000", -73_920_000),
    ("\uff0d5", -5), ("-Rp 1.234.567", -1_234_567), ("Rp -1.234.567", -1_234_567),
    ("Rp. -1.234.567", -1_234_567), ("−Rp 1.234.567", -1_234_567),
    ("(1.234.567)", -1_234_567), ("Rp (1.234.567)", -1_234_567), ("(Rp 1.234.567)", -1_234_567),
    ("1.234.567-", -1_234_567), ("-1,234,567.00", -1_234_567), ("-Rp 500.000,-", -500_000),
]
NOT_WHOLE = [
    ("1.234,56", "not_integer"), ("12,5", "not_integer"), ("1.5", "not_integer"),
    ("abc", "invalid"), ("", "invalid"), ("Rp", "invalid"), ("-", "invalid"),
    ("1.23.4", "invalid"), ("1,23,4", "invalid"), ("--5", "invalid"), ("-5-", "invalid"),
    ("(-5)", "invalid"), ("-(5)", "invalid"), ("5%", "invalid"), ("12 ribu", "invalid"),
    ("1.234.567.00", "invalid"), ("1e6", "invalid"),
]


@pytest.mark.parametrize("text, value", WHOLE)
def test_it_reads_every_spelling_of_a_whole_number(text, value):
    assert parse_integer(text, allow_negative=True) == value


@pytest.mark.parametrize("text, value", [(t, v) for t, v in WHOLE if v < 0])
def test_a_negative_is_never_read_as_positive(text, value):
    with pytest.raises(ParseError) as raised:
        parse_integer(text)
    assert raised.value.code == "negative"
    with pytest.raises(cells.CellError, match="negative"):
        cells.whole_number(text)
    field = RupiahField()
    with pytest.raises(Exception) as refused:
        field.clean(text)
    assert refused.value.code == "negative"


@pytest.mark.parametrize("text, code", NOT_WHOLE)
def test_it_refuses_what_is_not_a_whole_number(text, code):
    with pytest.raises(ParseError) as raised:
        parse_integer(text, allow_negative=True)
    assert raised.value.code == code


# --- decimals and percentages --------------------------------------------------------------
DECIMALS = [
    ("62,22", "62.22"), ("62.22", "62.22"), ("62,22%", "62.22"), ("62,22 %", "62.22"),
    ("100%", "100"), ("100", "100"), ("0,5", "0.5"), ("1.234,5", "1234.5"), ("1,234.5", "1234.5"),
    ("1.234.567,89", "1234567.89"), ("-0,5", "-0.5"), ("\u22122,5", "-2.5"), ("(2,5)", "-2.5"),
    ("1.000.000", "1000000"), ("30", "30"),
]


@pytest.mark.parametrize("text, value", DECIMALS)
def test_it_reads_decimals_with_either_separator(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1,2,3", "1.2.3", "1,234.5,6", "62,22%%", "abc", "", "%"])
def test_it_refuses_what_is_not_a_decimal(text):
    with pytest.raises(ParseError):
        parse_decimal(text)


@pytest.mark.parametrize("value, percent", [
    (1, "100"), (1.0, "100"), (0.45, "45"), (0.6222, "62.22"), (0.07, "7"), (0, "0"),
    (0.123, "12.3"), (0.0729, "7.29"),
])
def test_a_percent_formatted_cell_is_the_percentage_it_shows(value, percent):
    assert percent_of_fraction(value) == Decimal(percent)
    assert cells.percentage(value, percent_cell=True) == Decimal(percent)


def test_a_percentage_cell_and_a_plain_cell_differ_only_where_the_format_says_so():
    assert cells.percentage("100%") == Decimal(100)
    assert cells.percentage(100) == Decimal(100)
    assert cells.percentage(1.0, percent_cell=True) == Decimal(100)
    assert cells.percentage(1.0) == Decimal(1)  # a plain cell holding 1 is 1%
    with pytest.raises(cells.CellError, match="fraction"):
        cells.percentage(0.45)  # a plain cell holding 0.45 is not 45% without its format
    with pytest.raises(cells.CellError, match="two decimals"):
        cells.percentage(0.62225, percent_cell=True)
    with pytest.raises(cells.CellError, match="between 0 and 100"):
        cells.percentage(1.5, percent_cell=True)


def test_the_percent_field_reads_what_the_import_reads():
    field = PercentField()
    for text, value in [("62,22", "62.22"), ("62.22%", "62.22"), ("100%", "100")]:
        assert field.clean(text) == Decimal(value) == cells.percentage(text)


# --- months and dates ----------------------------------------------------------------------
MONTHS = [
    ("2025-06", (2025, 6)), ("2025/06", (2025, 6)), ("2025.6", (2025, 6)), ("06/2025", (2025, 6)),
    ("6-2025", (2025, 6)), ("2025-06-01", (2025, 6)), ("2025-06-30", (2025, 6)),
    ("01/06/2025", (2025, 6)), ("Juni 2025", (2025, 6)), ("juni 2025", (2025, 6)),
    ("JUNI 2025", (2025, 6)), ("Jun 2025", (2025, 6)), ("Jun-25", (2025, 6)),
    ("Jun. 2025", (2025, 6)), ("Agustus 2025", (2025, 8)), ("Agt 2025", (2025, 8)),
    ("Nopember 2025", (2025, 11)), ("Pebruari 2026", (2026, 2)), ("Mei 2025", (2025, 5)),
    ("Desember 2025", (2025, 12)), ("October 2025", (2025, 10)), ("45809", (2025, 6)),
    (45809, (2025, 6)), (45809.0, (2025, 6)), (dt.date(2025, 6, 17), (2025, 6)),
    (dt.datetime(2025, 6, 17, 8, 30), (2025, 6)),
]


@pytest.mark.parametrize("text, month", MONTHS)
def test_it_reads_every_spelling_of_a_month(text, month):
    assert parse_month(text) == dt.date(*month, 1)
    assert cells.month(text) == dt.date(*month, 1)


@pytest.mark.parametrize("text", ["2025-13", "13/2025", "2025-13-01", "Juno 2025", "2025",
                                  "1899-12", "2025-06-31", "Juni", "06/25/2025", True, 2025])
def test_it_refuses_what_is_not_a_month(text):
    with pytest.raises(cells.CellError, match="not a month"):
        cells.month(text)


DATES = [
    ("2025-07-25", (2025, 7, 25)), ("25/07/2025", (2025, 7, 25)), ("25-07-2025", (2025, 7, 25)),
    ("25.07.2025", (2025, 7, 25)), ("5/7/2025", (2025, 7, 5)), ("25 Juli 2025", (2025, 7, 25)),
    ("25 JULI 2025", (2025, 7, 25)), ("25-Jul-2025", (2025, 7, 25)), ("25 Jul. 2025", (2025, 7, 25)),
    ("15/05/1985", (1985, 5, 15)), ("15 Mei 1985", (1985, 5, 15)),
    ("2025-07-25 00:00:00", (2025, 7, 25)), ("45863", (2025, 7, 25)), (45863, (2025, 7, 25)),
    (dt.datetime(2025, 7, 25, 0, 0), (2025, 7, 25)), (dt.date(2025, 7, 25), (2025, 7, 25)),
]


@pytest.mark.parametrize("text, date", DATES)
def test_it_reads_every_spelling_of_a_date_day_first(text, date):
    assert parse_date(text) == dt.date(*date)
    assert cells.date(text) == dt.date(*date)


@pytest.mark.parametrize("text, reason", [
    ("31/06/2025", "does not exist"), ("2025-02-29", "does not exist"),
    ("07/25/2025", "does not exist"), ("kemarin", "not a date"), ("2025-07", "not a date"),
    ("1/1/1850", "not a date"), (True, "not a date"),
])
def test_it_refuses_what_is_not_a_date(text, reason):
    with pytest.raises(cells.CellError, match=reason):
        cells.date(text)


# --- formatting, then parsing, is the value -----------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-10**15, max_value=10**15), st.sampled_from(["id", "en"]))
def test_a_formatted_amount_parses_back_to_itself(value, lang):
    with translation.override(lang):
        for text in (format_int(value), format_rupiah(value)):
            assert parse_integer(text, allow_negative=True) == value, text


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False),
       st.sampled_from(["id", "en"]), st.sampled_from([1, 2]))
def test_a_formatted_decimal_parses_back_to_itself(value, lang, places):
    value = value.quantize(Decimal(1).scaleb(-places))
    with translation.override(lang):
        text = format_decimal(value, places)
        # a value with thousands and no decimals is read as thousands, as offices mean it
        assert parse_decimal(text) == value, text
        assert parse_decimal(text + "%") == value, text


INDONESIAN_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                     "September", "Oktober", "November", "Desember"]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from(["id", "en"]))
def test_a_formatted_month_and_date_parse_back(value, lang):
    with translation.override(lang):
        assert parse_month(format_month(value)) == value.replace(day=1)
    named = f"{value.day} {INDONESIAN_MONTHS[value.month - 1]} {value.year}"
    for text in (value.isoformat(), f"{value:%d/%m/%Y}", named):
        assert parse_date(text) == value, text
