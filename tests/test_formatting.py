from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from ucj.core.formatting import (
    format_date,
    format_duration,
    format_int,
    format_month,
    format_ratio_pct,
    format_rupiah,
)
from ucj.core.parsing import NumberFormatError, parse_decimal, parse_integer


@pytest.mark.parametrize("text, value", [
    ("1234567", 1_234_567), ("1.234.567", 1_234_567), ("Rp 1.234.567", 1_234_567),
    ("Rp1.234.567,00", 1_234_567), ("1,234,567", 1_234_567), (" 16.800 ", 16_800),
    ("1 234 567", 1_234_567), ("IDR 5.000", 5_000), ("0", 0), ("12.00", 12),
])
def test_it_reads_whole_numbers_as_offices_write_them(text, value):
    assert parse_integer(text) == value


@pytest.mark.parametrize("text, code", [
    ("1.234,56", "not_integer"), ("12,5", "not_integer"), ("abc", "invalid"),
    ("1.23.4", "invalid"), ("-5", "negative"), ("", "invalid"),
])
def test_it_refuses_what_is_not_a_whole_number(text, code):
    with pytest.raises(NumberFormatError) as exc:
        parse_integer(text)
    assert exc.value.code == code


@pytest.mark.parametrize("text, value", [
    ("62,22", "62.22"), ("62.22", "62.22"), ("62,22%", "62.22"), ("1.234,5", "1234.5"),
    ("1,234.5", "1234.5"), ("30", "30"),
])
def test_it_reads_decimals_with_either_separator(text, value):
    assert parse_decimal(text) == Decimal(value)


def test_indonesian_display_formats():
    import datetime as dt

    with translation.override("id"):
        assert format_rupiah(1_234_567) == "Rp 1.234.567"
        assert format_int(555_276) == "555.276"
        assert format_ratio_pct(Decimal(555_276) / Decimal(1_808_432)) == "30,7%"
        assert format_ratio_pct(None) == "tidak ada data"
        assert format_month(dt.date(2025, 6, 1)) == "Juni 2025"
        assert format_date(dt.date(2025, 7, 25)) == "25 Juli 2025"
    with translation.override("en"):
        assert format_rupiah(1_234_567) == "Rp 1,234,567"
        assert format_ratio_pct(Decimal("0.3071")) == "30.7%"


@pytest.mark.parametrize("ms,shown", [(None, "–"), (850, "0,9 detik"), (3_240, "3,2 detik"),
                                      (59_940, "59,9 detik"), (125_400, "2 menit 5 detik")])
def test_durations_read_as_seconds_and_minutes(ms, shown):
    assert format_duration(ms) == shown


def test_a_page_never_breaks_rupiah_from_its_number():
    html = Template("{% load ucj %}{{ v|rupiah }}").render(Context({"v": -1_234_567}))
    assert html == "−Rp\xa01.234.567"
