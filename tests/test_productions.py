"""Each date pattern names its production: a function registered by name in
pipeline/productions.py that turns the pattern's date tokens into a value. The
names in rules/patterns/ and the registry agree both ways."""
import datetime as dt

import pytest

from pipeline import dates, productions, rules


def _named() -> dict[str, str]:
    return {row["id"]: row["reading"] for row in rules.load_patterns() if "reading" in row}


def test_productions_every_pattern_names_one():
    unnamed = [row["id"] for row in rules.load_patterns() if "reading" not in row]
    assert not unnamed, unnamed


def test_productions_every_named_production_is_registered():
    unknown = {rule: name for rule, name in _named().items() if name not in productions.registered()}
    assert not unknown, unknown


def test_productions_every_registered_production_is_named():
    unnamed = sorted(set(productions.registered()) - set(_named().values()))
    assert not unnamed, unnamed


def test_productions_an_unregistered_name_fails_loudly():
    with pytest.raises(KeyError, match="no production 'no_such_reading'"):
        productions.get("no_such_reading")
    with pytest.raises(ValueError, match="registered twice"):
        productions.production("feast")(lambda cx, ws: None)


@pytest.mark.parametrize("reading, words, value", [
    ("written_date", ["march", "5", ",", "2021"], "2021-03-05"),
    ("weekday", ["last", "friday"], "2021-10-22"),
    ("part_of_year", ["the", "second", "half", "of", "next", "year"], "2022-H2"),
    ("feast", ["christmas"], "2021-12-25"),
    ("date_range", ["july", "13", "-", "15"], "2021-07-13/2021-07-15"),
    ("numeric_range", ["10", "/", "1", "to", "11", "/", "7"], "2021-10-01/2021-11-07"),
])
def test_productions_read_words_without_matching(reading, words, value):
    """A production reads the words it is given, whatever pattern would match them."""
    got = dates.read(reading, words, dt.date(2021, 10, 25))
    assert got is not None and got.value == value


def test_productions_a_form_read_by_another_production_gives_nothing():
    """No production tries the others: a weekday production does not read a month."""
    assert dates.read("weekday", ["march", "5"], dt.date(2021, 10, 25)) is None


@pytest.mark.parametrize("reading, words, refs, values", [
    ("written_date", ["march", "5", ",", "2021"], (dt.date(2021, 10, 25), dt.date(2019, 1, 2)), ("2021-03-05", "2021-03-05")),
    ("written_date", ["march", "5"], (dt.date(2021, 10, 25), dt.date(2019, 1, 2)), ("2021-03-05", "2019-03-05")),
    ("weekday", ["last", "friday"], (dt.date(2021, 10, 25), dt.date(2019, 1, 2)), ("2021-10-22", "2018-12-28")),
    ("relative", ["next", "year"], (dt.date(2021, 10, 25), None), ("2022", "XXXX")),
])
def test_productions_a_reading_is_kept_for_its_words_only_when_it_read_no_date(reading, words, refs, values):
    """A reading that looked at neither the reference date nor the anchor serves the same
    words in any article; one that looked at them is read again against each."""
    got = [dates.read(reading, words, ref) for ref in refs]
    assert [g.value if g is not None else None for g in got] == list(values)
    assert ((reading, tuple(words)) in dates._SELF_CONTAINED) == (values[0] == values[1])


def test_productions_what_reads_no_date_is_served_without_reading_again(monkeypatch):
    first = dates.read("written_date", ["april", "9", ",", "2020"], dt.date(2021, 10, 25))
    monkeypatch.setattr(dates, "_read_cached", lambda *a: pytest.fail("read again"))
    again = dates.read("written_date", ["april", "9", ",", "2020"], dt.date(1999, 1, 1), dates.When("Y", 1998))
    assert again is first and again.value == "2020-04-09"
