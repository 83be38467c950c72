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
