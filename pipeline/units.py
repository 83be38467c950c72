"""Unit and currency normalisation through one pint registry. Pure Python, no spaCy.

The registry is built once per process from the definitions in
``rules/units.json`` alone (not pint's thousand-unit default file, which takes
a fifth of a second to parse): the metre with its prefixes, the international
yard, foot, inch and mile, the nautical mile, the are and hectare, the Chinese
market units mu (10000/15 m²) and li (500 m), the international acre, and every
currency as a dimension of its own, so an amount can never be converted into
another currency by accident. Text is never handed to pint's parser: rule
files map known surfaces to unit names, and pint only computes conversion
factors.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import rules

CANONICAL_UNIT = {"AREA": "m^2", "DISTANCE": "m"}


@lru_cache(maxsize=None)
def registry():
    """The project's pint registry (built once)."""
    import pint

    ureg = pint.UnitRegistry(None, on_redefinition="raise")
    for line in rules.load("units")["definitions"]:
        ureg.define(line)
    for code in rules.load("currencies")["currencies"]:
        ureg.define(f"currency_{code} = [currency_{code}] = {code}")
    return ureg


@dataclass(frozen=True)
class UnitTable:
    """Surface (lower-cased, space-joined tokens) -> (mention type, factor to canonical)."""

    surfaces: dict
    glued: frozenset
    final: frozenset
    final_ok_after: frozenset
    veto_after: tuple  # tuples of lower-cased words


def factors() -> dict:
    """Mention type -> unit expression of ``rules/units.json`` -> its factor to the
    canonical unit, computed by the pint registry."""
    ureg = registry()
    data = rules.load("units")
    out = {}
    for mtype in ("AREA", "DISTANCE"):
        canonical = ureg.Quantity(1, data[mtype]["canonical"])
        out[mtype] = {expr: float(ureg.Quantity(1, expr).to(canonical.units).magnitude) for expr in data[mtype]["units"]}
    return out


@lru_cache(maxsize=None)
def unit_table() -> UnitTable:
    from .cache import cached

    computed = cached("unit-factors", factors)  # pint is imported only when the factors are not cached
    data = rules.load("units")
    surfaces: dict[str, tuple[str, float]] = {}
    glued: set[str] = set()
    final: set[str] = set()
    for mtype in ("AREA", "DISTANCE"):
        block = data[mtype]
        for expr, forms in block["units"].items():
            factor = computed[mtype][expr]
            for form in forms:
                surfaces[normalise_surface(form)] = (mtype, factor)
        glued |= {normalise_surface(s) for s in block["glued"]}
        final |= {normalise_surface(s) for s in block["final"]}
    veto = tuple(tuple(v.lower().split()) for v in data["veto_after"])
    return UnitTable(surfaces=surfaces, glued=frozenset(glued), final=frozenset(final),
                     final_ok_after=frozenset(data["final_ok_after"]), veto_after=veto)


def unit_surfaces(mtype: str) -> list[str]:
    """Every surface of a mention type's units, as written in the rule file."""
    data = rules.load("units")[mtype]["units"]
    return [form for forms in data.values() for form in forms]


def to_canonical(amount: float, surface: str) -> tuple[str, float] | None:
    """Convert ``amount`` written with unit ``surface`` to the canonical unit.

    Returns (mention type, value), or None for an unknown surface.
    """
    entry = unit_table().surfaces.get(normalise_surface(surface))
    if entry is None:
        return None
    mtype, factor = entry
    return mtype, amount * factor


def normalise_surface(surface: str) -> str:
    """Surfaces compare without case, a run of spaces (or a hyphen inside an
    adjectival unit, "square-kilometer") as one space: "km2" is not "km 2"."""
    return " ".join(surface.lower().replace("-", " ").split())


@lru_cache(maxsize=None)
def currency_table() -> dict:
    """Surface (lower-cased) -> (ISO code, side) where side is 'before' or 'after'.

    A surface found on both sides of different currencies keeps the first
    listed; every ISO code is accepted on both sides.
    """
    table: dict[str, dict[str, str]] = {"before": {}, "after": {}}
    for code, forms in rules.load("currencies")["currencies"].items():
        for side in ("before", "after"):
            for form in forms[side]:
                table[side].setdefault(normalise_surface(form), code)
            table[side].setdefault(code.lower(), code)
    return table


def currency_code(surface: str, side: str) -> str | None:
    """ISO 4217 code of a currency surface written on ``side`` of the amount; a
    currency word before the amount ("ringgit 42") reads as it does after."""
    key = normalise_surface(surface)
    table = currency_table()
    code = table[side].get(key)
    if code is None and side == "before":
        code = table["after"].get(key)
    return code


def needs_scale(surface: str) -> bool:
    """Currency words that name money only after a scale word ('20 million pounds')."""
    return normalise_surface(surface) in rules.load("currencies")["after_scale_only"]


def subunit_fraction(surface: str) -> float | None:
    value = rules.load("currencies")["subunits"].get(surface.lower())
    return float(value) if value is not None else None
