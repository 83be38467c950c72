"""The project's compact pint registry (rules/units.json "definitions") gives every
unit the factor pint's own full definition file gives it."""
import pint

from pipeline import rules, units


def test_every_unit_factor_equals_pints_default_registry():
    full = pint.UnitRegistry(on_redefinition="raise")
    own = set(units.registry())  # the names defined here
    for line in rules.load("units")["definitions"]:
        name = line.split("=")[0].strip()
        if not name.endswith("-") and name not in full:
            full.define(line)  # the project's own units (mu, li, the international acre)
    data = rules.load("units")
    checked = 0
    for mtype in ("AREA", "DISTANCE"):
        canonical = data[mtype]["canonical"]
        for expr in data[mtype]["units"]:
            ours = units.registry().Quantity(1, expr).to(canonical).magnitude
            theirs = full.Quantity(1, expr).to(canonical).magnitude
            assert float(ours) == float(theirs), expr
            checked += 1
    assert checked >= 20 and "meter" in own


def test_the_registry_knows_only_the_rules_units():
    ureg = units.registry()
    assert "acre" not in ureg  # pint's US survey acre: the text means the international one
    assert "international_acre" in ureg and "shi_mu" in ureg
