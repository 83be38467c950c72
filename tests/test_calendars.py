"""The feast tables behind lunar and lunisolar holidays (read through pipeline.calendars)."""
import datetime as dt

import pytest

from pipeline import calendars


@pytest.mark.parametrize("calendar,name,year,expected", [
    ("chinese", "lunar_new_year", 2018, dt.date(2018, 2, 16)),
    ("chinese", "lunar_new_year", 2021, dt.date(2021, 2, 12)),
    ("chinese", "mid_autumn", 2020, dt.date(2020, 10, 1)),
    ("chinese", "dragon_boat", 2023, dt.date(2023, 6, 22)),
    ("chinese", "qingming", 2020, dt.date(2020, 4, 4)),
    ("islamic", "eid_al_fitr", 2018, dt.date(2018, 6, 15)),
    ("islamic", "eid_al_adha", 1974, dt.date(1974, 1, 3)),  # twice that year: the first
    ("hebrew", "passover", 2018, dt.date(2018, 3, 31)),
    ("hebrew", "hanukkah", 2018, dt.date(2018, 12, 3)),  # a set with the year before's in it
    ("hindu", "diwali_india", 2017, dt.date(2017, 10, 19)),
    ("hindu", "holi", 2019, dt.date(2019, 3, 21)),
])
def test_feast_dates(calendar, name, year, expected):
    assert calendars.feast(calendar, name, year) == expected


def test_outside_the_tables_is_none():
    assert calendars.feast("chinese", "lunar_new_year", 1850) is None
    assert calendars.feast("islamic", "eid_al_fitr", 1900) is None


def test_unknown_names_fail_loudly():
    with pytest.raises(ValueError, match="unknown calendar"):
        calendars.feast("mayan", "new_year", 2012)
    with pytest.raises(ValueError, match="no feast"):
        calendars.feast("chinese", "christmas", 2012)


def test_every_rule_names_a_known_feast():
    from pipeline import rules
    for name, (feast, _days) in rules.load("dates")["calendar_holidays"].items():
        if name.startswith("_"):
            continue
        calendar, key = feast.split(":")
        assert calendars.feast(calendar, key, 2020) is not None, name


# ------------------------------------------------ moving a date (date_calendar.shift)

_BASES = [dt.date(2019, 1, 31), dt.date(2020, 1, 31), dt.date(2020, 2, 29), dt.date(2021, 8, 31), dt.date(2021, 12, 31),
          dt.date(2023, 3, 15)]


@pytest.mark.parametrize("unit", ["day", "week", "month", "year"])
def test_shift_is_dateparsers_arithmetic(unit):
    """'in 3 months' and '3 months ago' as dateparser reads them from the same base:
    shift is that arithmetic without the parse."""
    dateparser = pytest.importorskip("dateparser")
    from pipeline.date_calendar import shift

    for base in _BASES:
        for amount in (-25, -13, -12, -2, -1, 1, 2, 11, 12, 13, 25):
            phrase = f"in {abs(amount)} {unit}s" if amount > 0 else f"{abs(amount)} {unit}s ago"
            parsed = dateparser.parse(phrase, languages=["en"], settings={
                "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day, 12), "RETURN_AS_TIMEZONE_AWARE": False})
            assert shift(base, amount, unit) == parsed.date(), (base, phrase)


def test_shift_quarters_and_the_calendars_ends():
    from pipeline.date_calendar import shift

    assert shift(dt.date(2020, 5, 5), 2, "quarter") == dt.date(2020, 11, 5)
    assert shift(dt.date(2020, 11, 30), -1, "quarter") == dt.date(2020, 8, 30)
    assert shift(dt.date(2020, 5, 5), 0, "month") == dt.date(2020, 5, 5)
    assert shift(dt.date(9999, 5, 5), 1, "year") is None
    assert shift(dt.date(1, 5, 5), -1, "day") == dt.date(1, 5, 4)
    assert shift(dt.date(1, 1, 1), -1, "day") is None
