"""A compiled token matcher that gives exactly what spaCy's ``Matcher`` gives for
patterns added with ``greedy="LONGEST"`` and called ``with_alignments=True``.

spaCy's Matcher starts a thread for every pattern at every token and tries each
token spec of each live thread against the token, forking at every optional item,
so its cost grows with the number of patterns, optional items and ``{n,m}``
repeats. Here the patterns are compiled once:

* **Token classes.** Every token spec is a conjunction of attribute tests
  (``NORM IN {...}``, ``TAG == NUM``, ``SHAPE == dddd``). The tests on one
  attribute split its values into a few classes; a token's class code combines
  those of its attributes and is computed for a whole ``Doc`` at once from
  ``Doc.to_array`` (numpy), never per token in Python.
* **One automaton for all patterns.** The patterns' items form one
  nondeterministic automaton over class codes, made deterministic lazily (a state
  is the set of pattern positions still alive; a transition is computed the first
  time a class code meets it, then looked up). Walking it from a token yields
  every (pattern, end) that matches from there, in at most as many steps as the
  longest pattern has items: linear in the length of the text. Only tokens whose
  class can begin some pattern are walked from.
* **spaCy's choices.** ``LONGEST`` keeps, per key, the longest matches first
  (ties: the earlier start) and drops any that overlap one kept. Which tokens
  played which item (the alignment) and the order in which keys are listed
  depend on the order of spaCy's threads: of several paths to one (key, start,
  end) spaCy reports the first it finishes, and it lists keys in the order of
  their first match in the document. ``_Replay`` plays spaCy's thread semantics
  for one pattern from one start (bounded by the pattern's length, cached by
  the class codes it reads) and gives both.

Supported token specs: attribute values (strings, booleans, integers) and
``{"IN": [...]}`` / ``{"NOT_IN": [...]}`` sets on token or lexeme attributes;
operators ``?``, ``*``, ``+``, ``!``, ``1`` and ``{n}``, ``{n,m}``, ``{,m}``,
``{n,}``. Anything else (regular expressions, comparisons, extension attributes)
raises ``ValueError`` when the pattern is compiled.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from spacy.attrs import IDS
from spacy.tokens import Doc

ONE, OPT, STAR, NOT = range(4)
_SIMPLE_OPS = {None: (ONE,), "1": (ONE,), "?": (OPT,), "*": (STAR,), "+": (ONE, STAR), "!": (NOT,)}
_UNSUPPORTED_ATTRS = {"_", "SENT_START", "IS_SENT_START"}
_CACHE_LIMIT = 20_000  # replays kept (a few MB); the cache is emptied when it grows past this


def quantifiers(op: str | None) -> tuple[int, ...]:
    """A spec's ``OP`` as the sequence of single-token quantifiers spaCy expands it to
    (``{1,3}`` is one required item and two optional ones)."""
    if op in _SIMPLE_OPS:
        return _SIMPLE_OPS[op]
    m = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op or "")
    if not m or not (m.group(1) or m.group(3)) or (not m.group(2) and not m.group(1)):
        raise ValueError(f"unknown operator {op!r}")
    low = int(m.group(1) or 0)
    if not m.group(2):
        return (ONE,) * low
    if not m.group(3):
        return (ONE,) * low + (STAR,)
    high = int(m.group(3))
    if high < low:
        raise ValueError(f"unknown operator {op!r}")
    return (ONE,) * low + (OPT,) * (high - low)


class CompiledMatcher:
    """Patterns (key, token specs), added in order, each matched greedy LONGEST.

    ``matcher(doc)`` returns what ``spacy.matcher.Matcher(...)(doc, with_alignments=True)``
    returns for the same patterns: ``(key index, start, end, alignment)`` tuples, keys
    in the order of their first match, each key's matches longest first.
    """

    def __init__(self, vocab, patterns: Sequence[tuple[str, list[dict]]]):
        self.keys = [key for key, _ in patterns]
        self._tests: dict[tuple, tuple[int, int]] = {}  # (attr, values, negated) -> (attribute slot, bit)
        self._attrs: list[int] = []  # attribute ids, in to_array order
        atoms: dict[tuple, int] = {}  # conjunction of tests -> atom id
        self.ops: list[tuple[tuple[int, int, int], ...]] = []  # per pattern: (quantifier, atom, item index)
        for _key, specs in patterns:
            ops = []
            for item, spec in enumerate(specs):
                spec = {k.upper(): v for k, v in spec.items()}
                conj = tuple(sorted(self._test(vocab, attr, value) for attr, value in spec.items() if attr != "OP"))
                atom = atoms.setdefault(conj, len(atoms))
                ops += [(q, atom, item) for q in quantifiers(spec.get("OP"))]
            if not ops:
                raise ValueError("a pattern needs at least one token spec")
            self.ops.append(tuple(ops))
        self._atom_tests = list(atoms)  # atom id -> its tests (ids are given in insertion order)
        self._compile_attributes()
        self._atom_masks: dict[int, int] = {}  # class code -> bitmask of the atoms its tokens satisfy
        self._states: list[frozenset] = []
        self._state_ids: dict[frozenset, int] = {}
        self._trans: list[dict[int, int]] = []
        self._accept: list[tuple[int, ...]] = []
        self._state(frozenset())  # state 0: dead
        self._start = self._state(self._closure((k, 0) for k in range(len(self.ops))))
        self._starts_from: dict[int, bool] = {}
        self._replay = _Replay(self)

    # ---------------------------------------------------------- token classes

    def _test(self, vocab, attr: str, value) -> tuple[int, int]:
        """The (attribute slot, bit) of one attribute test, registered once."""
        attr = "ORTH" if attr == "TEXT" else attr
        if attr in _UNSUPPORTED_ATTRS or attr not in IDS:
            raise ValueError(f"the compiled matcher does not support the attribute {attr!r}")
        negated = False
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN"):
                raise ValueError(f"the compiled matcher supports only IN and NOT_IN, not {value!r}")
            op, values = next(iter(value.items()))
            negated = op == "NOT_IN"
        else:
            values = [value]
        ids = frozenset(self._value_id(vocab, v) for v in values)
        key = (IDS[attr], ids, negated)
        if key not in self._tests:
            if IDS[attr] not in self._attrs:
                self._attrs.append(IDS[attr])
            slot = self._attrs.index(IDS[attr])
            bit = sum(1 for s, _ in self._tests.values() if s == slot)
            self._tests[key] = (slot, bit)
        return self._tests[key]

    @staticmethod
    def _value_id(vocab, value) -> int:
        if isinstance(value, str):
            return vocab.strings.add(value)
        if isinstance(value, (bool, int)):
            return int(value)
        raise ValueError(f"the compiled matcher cannot test against {value!r}")

    def _compile_attributes(self) -> None:
        """Per attribute: the values some test names, sorted, each with its class
        (1 + index of the set of tests it passes; 0 for values no test names), and
        what each class passes."""
        self._values, self._codes, self._passes = [], [], []
        for slot, attr in enumerate(self._attrs):
            tests = [(ids, negated, bit) for (a, ids, negated), (s, bit) in self._tests.items() if s == slot]
            named = sorted({v for ids, _, _ in tests for v in ids})
            unnamed = sum(1 << bit for _, negated, bit in tests if negated)  # what a value no test names passes
            masks = [unnamed]
            codes = []
            for v in named:
                mask = sum(1 << bit for ids, negated, bit in tests if (v in ids) != negated)
                if mask not in masks:
                    masks.append(mask)
                codes.append(masks.index(mask))
            self._values.append(np.array(named, dtype="uint64"))
            self._codes.append(np.array(codes, dtype="int64"))
            self._passes.append(masks)
        self._radix = [len(m) for m in self._passes]
        if float(np.prod([float(r) for r in self._radix])) >= 2**62:
            raise ValueError("too many distinct attribute classes for one class code")

    def classes(self, doc: Doc) -> np.ndarray:
        """Each token's class code (int64): its attributes' classes in mixed radix."""
        code = np.zeros(len(doc), dtype="int64")
        if not self._attrs:
            return code
        arr = doc.to_array(self._attrs).reshape(len(doc), -1)
        for slot, (values, codes) in enumerate(zip(self._values, self._codes)):
            code *= self._radix[slot]
            col = arr[:, slot]
            if len(values) == 1:  # one value the patterns name (IS_SPACE, LENGTH ...): a comparison
                code += (col == values[0]) * codes[0]
            elif len(values):
                idx = np.minimum(np.searchsorted(values, col), len(values) - 1)
                code += np.where(values[idx] == col, codes[idx], 0)
        return code

    def _atoms(self, code: int) -> int:
        """Bitmask of the atoms (token specs without their operator) a class satisfies."""
        mask = self._atom_masks.get(code)
        if mask is None:
            passed = [0] * len(self._attrs)
            rest = code
            for slot in range(len(self._attrs) - 1, -1, -1):
                rest, c = divmod(rest, self._radix[slot])
                passed[slot] = self._passes[slot][c]
            mask = 0
            for atom, conj in enumerate(self._atom_tests):
                if all(passed[slot] >> bit & 1 for slot, bit in conj):
                    mask |= 1 << atom
            self._atom_masks[code] = mask
        return mask

    # ---------------------------------------------------------- automaton

    def _closure(self, positions) -> frozenset:
        out, todo = set(), list(positions)
        while todo:
            k, p = todo.pop()
            if (k, p) in out:
                continue
            out.add((k, p))
            if p < len(self.ops[k]) and self.ops[k][p][0] in (OPT, STAR):
                todo.append((k, p + 1))
        return frozenset(out)

    def _state(self, positions: frozenset) -> int:
        sid = self._state_ids.get(positions)
        if sid is None:
            sid = self._state_ids[positions] = len(self._states)
            self._states.append(positions)
            self._trans.append({})
            self._accept.append(tuple(sorted(k for k, p in positions if p == len(self.ops[k]))))
        return sid

    def _step(self, sid: int, code: int) -> int:
        atoms = self._atoms(code)
        nxt = []
        for k, p in self._states[sid]:
            if p == len(self.ops[k]):
                continue
            q, atom, _ = self.ops[k][p]
            if (atoms >> atom & 1) != (q == NOT):
                nxt.append((k, p if q == STAR else p + 1))
        target = self._state(self._closure(nxt))
        self._trans[sid][code] = target
        return target

    def _can_start(self, code: int) -> bool:
        ok = self._starts_from.get(code)
        if ok is None:
            target = self._trans[self._start].get(code)
            ok = self._starts_from[code] = (target if target is not None else self._step(self._start, code)) != 0
        return ok

    # ---------------------------------------------------------- matching

    def find_all(self, codes: list[int], starts) -> tuple[dict[int, list[tuple[int, int]]], dict[int, int]]:
        """Every match (start, end), per pattern, from the given starts; and per start,
        where reading stopped: one past the token no pattern survived, or the end of
        the document."""
        found: dict[int, list[tuple[int, int]]] = {}
        stop: dict[int, int] = {}
        n = len(codes)
        trans, accept, step = self._trans, self._accept, self._step
        for s in starts:
            sid, t = self._start, s
            while t < n:
                code = codes[t]
                nxt = trans[sid].get(code)
                if nxt is None:
                    nxt = step(sid, code)
                t += 1
                if not nxt:
                    break
                sid = nxt
                for k in accept[sid]:
                    found.setdefault(k, []).append((s, t))
            stop[s] = t
        return found, stop

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, list[int]]]:
        if not len(doc):
            return []
        code_arr = self.classes(doc)
        distinct, inverse = np.unique(code_arr, return_inverse=True)
        can = np.fromiter((self._can_start(c) for c in distinct.tolist()), dtype=bool, count=len(distinct))
        codes = code_arr.tolist()
        found, stop = self.find_all(codes, np.flatnonzero(can[inverse.reshape(-1)]).tolist())
        replay = self._replay
        firsts, kept = [], {}
        for k, pairs in found.items():
            # spaCy emits a match (s, e) while it reads token e - 1 or token e (or at the end
            # of the document), so a pattern's first match is among those ending at most one
            # token after its earliest end
            e_min = min(e for _, e in pairs)
            origins = {s for s, e in pairs if e <= e_min + 1}
            firsts.append((min(replay.first(k, s, codes, stop[s]) for s in origins), k))
            kept[k] = _longest(pairs)
        out = []
        for _, k in sorted(firsts):
            for s, e in kept[k]:
                out.append((k, s, e, replay.alignment(k, s, e, codes, stop[s])))
        return out


def _longest(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy's LONGEST filter for one key: longest first (ties: earlier start), each
    kept unless it overlaps one kept before."""
    taken: set[int] = set()
    out = []
    for s, e in sorted(pairs, key=lambda p: (p[0] - p[1], p[0])):
        if not any(i in taken for i in range(s, e)):
            out.append((s, e))
            taken.update(range(s, e))
    return out


class _Replay:
    """spaCy's thread semantics for one pattern started at one token.

    spaCy keeps its live threads in a list: at each token, threads that consume the
    token with a required item stay in place, threads forked by an optional item
    that consumed the token are appended after them (in the order of their parent,
    then of the forking item), and new threads for every pattern come last, in the
    order the patterns were added. Matches are emitted in list order as threads reach
    the end of their pattern. The position of a thread in that list is therefore
    fixed by its own history: the nested tuple ``(0, parent, 0)`` for a thread that
    stayed, ``(1, parent, item)`` for a fork, ``(2, pattern)`` for a new thread
    orders all threads alive at one token exactly as spaCy's list does, whatever
    pattern or start they belong to.

    Of two threads of one start at the same item, the later one in the list can only
    repeat, later, what the earlier one emits (spaCy keeps the first emission of a
    match), so it is dropped: a replay keeps at most one thread per item.

    A replay reads the tokens from its start to where the automaton stopped (no
    pattern survives past that token) and gives the first match's (step, order,
    sub-order) and, per length, the alignment of the first match of that length.
    """

    def __init__(self, matcher: CompiledMatcher):
        self.m = matcher
        self._cache: dict[tuple, tuple] = {}

    def _get(self, k: int, s: int, codes: list[int], stop: int) -> tuple:
        key = (k, tuple(codes[s:stop]), stop == len(codes))
        got = self._cache.get(key)
        if got is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            first, aligns = None, {}
            for step, order, sub, length, records in self._run(k, key[1], key[2]):
                if length and length not in aligns:
                    first = first or (step, order, sub)
                    aligns[length] = _alignment(records, length)
            got = self._cache[key] = (first, aligns)
        return got

    def first(self, k: int, s: int, codes: list[int], stop: int) -> tuple:
        step, order, sub = self._get(k, s, codes, stop)[0]
        return (s + step, order, sub)

    def alignment(self, k: int, s: int, e: int, codes: list[int], stop: int) -> list[int]:
        return self._get(k, s, codes, stop)[1][e - s]

    def _run(self, k: int, window: tuple[int, ...], at_end: bool):
        """Yield (step, order, sub-order, length, records) for each match emitted, in
        spaCy's order; records are the (item, length) pairs spaCy keeps for alignments."""
        ops = self.m.ops[k]
        last = len(ops) - 1
        threads = [(0, 0, (), (2, k))]  # (item position, length, records, order)
        for step, code in enumerate(window):
            atoms = self.m._atoms(code)
            stayed, forked = [], []
            for p, length, records, order in threads:
                while True:
                    q, atom, item = ops[p]
                    records = records + ((item, length),)
                    hit = (atoms >> atom & 1) != (q == NOT)
                    if q in (ONE, NOT):
                        if hit and p == last:
                            yield step, order, 0, length + 1, records
                        elif hit:
                            stayed.append((p + 1, length + 1, records, (0, order, 0)))
                        break
                    if hit and p == last:
                        yield step, order, 0, length, records
                        if q == OPT:  # the match with the token too
                            yield step, order, 1, length + 1, records
                        else:  # '*' goes on
                            stayed.append((p, length + 1, records, (0, order, 0)))
                        break
                    if hit:
                        forked.append((p if q == STAR else p + 1, length + 1, records, (1, order, p)))
                    elif p == last:  # the match ends before this token
                        yield step, order, 0, length, records
                        break
                    p += 1
            threads, seen = [], set()
            for th in stayed + forked:
                if th[0] not in seen:
                    seen.add(th[0])
                    threads.append(th)
            if not threads:
                return
        if at_end:  # the document ended: threads whose remaining items are all optional match
            for p, length, records, order in threads:
                while ops[p][0] in (OPT, STAR):
                    records = records + ((ops[p][2], length),)
                    if p == last:
                        yield len(window), order, 0, length, records
                        break
                    p += 1


def _alignment(records: tuple[tuple[int, int], ...], length: int) -> list[int]:
    """Per token of a match, the item that consumed it: of the records at one length,
    the highest item index (the ones before it were skipped there)."""
    out = [0] * length
    for item, at in sorted(records, key=lambda r: (r[1], r[0])):
        if at < length:
            out[at] = item
    return out
