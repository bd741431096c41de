"""The attacker: what can be worked out exactly from everything a trust's report prints.

Suppression is only as good as the check that tries to undo it, so this module plays the
reader who wants a hidden figure back. It knows what the report prints and how the figures
relate, and nothing else:

- each row of a section adds up to its TOTAL column, and the schools' case counts add up to
  the trust's total;
- in an exclusive section (``EXCLUSIVE``: every case in exactly one category) each school's
  column adds up to its cases, and the TOTAL column to the trust's total;
- no count is more than its column's cases (a case counts once per category);
- how the app counts links sections: the "still open" band is the open status, a police
  referral advised is the police level, a referral made was advised. These are used only
  where the exact figures obey them, so a guarantee the counting does not keep cannot make
  the check contradict itself (and one it does keep is always used);
- "fewer than 3" is a 1 or a 2 (a 0 is printed), "withheld" is anything from 0.

It narrows every hidden figure's range by interval propagation to a fixed point (each
equation gives each unknown the known sum minus the others' ranges). A row that is at most
another, column by column, gets a never-printed "slack" row (the gaps, each at least 0,
adding up like the rows), so the attacker can add inequalities up: without it, 8 referrals
made against 6 advised among four schools pinned a fifth school's hidden 2. When asked to
be thorough it also tries each value of every small range (a value that contradicts the
figures is ruled out) and enumerates small groups of linked hidden figures outright. A
figure whose range shrinks to one number is recovered.

``completions`` is the exact check the tests use: a whole other set of figures that fits
everything printed, with a hidden figure changed, proves no attacker can pin that figure.

The previous period's report covers other cases (``suppress`` refuses overlapping
periods), so it adds no equation about this period's figures, and its change column is
printed only where both figures are, so it adds nothing either; it is still checked, on its
own, and its findings are returned with ``previous:`` before the section.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from misuse_responder.oversight.model import (
    EXCLUSIVE,
    TOTAL,
    Hidden,
    Merged,
    Report,
    Shown,
    ShownTable,
)

CASES = "cases"  # the section (and category) name of the case counts: ("cases", "cases", col)
PREVIOUS = "previous:"  # prefix of the previous period's sections in ``recoverable``

Key = tuple[str, str, str]  # (section, category, fingerprint or TOTAL)
Term = tuple[Key, int]  # a figure and its coefficient (+1 or -1)

INF = math.inf
_EXACT_LIMIT = 4096  # most combinations a group of linked hidden figures is enumerated for
_PROBE_WIDTH = 4  # ranges up to this many values are probed value by value
_PROBE_BUDGET = 400  # constraint visits one probe may take
_SOLVE_BUDGET = 2000  # constraint visits one step of ``completion`` may take
_SOLVE_SPAN = 60  # values tried for one figure in ``completion``


@dataclass(frozen=True)
class Layout:
    """Which figures a report prints and the equations between them (not their values)."""

    keys: tuple[Key, ...]  # every printed-or-hidden figure, in report order
    equations: tuple[tuple[Term, ...], ...]  # each sums to 0
    bounds: tuple[tuple[Term, ...], ...]  # each sums to at most 0
    slack: tuple[Key, ...] = ()  # never printed: how far a row is below another, at least 0

    def lines(self) -> tuple[tuple[Key, ...], ...]:
        """The equations between figures of the report (where a hidden figure needs
        company); the slack rows are the attacker's own bookkeeping, not lines."""
        aux = set(self.slack)
        return tuple(
            tuple(k for k, _c in eq) for eq in self.equations if not any(k in aux for k, _ in eq)
        )


def layout(
    structure: Sequence[tuple[str, Sequence[str], Sequence[str]]],
    columns: Sequence[str],
    exact: Mapping[Key, int] | None = None,
) -> Layout:
    """The equations for sections ``(section, categories, schools)`` and case columns.

    ``exact`` (every figure's true value) decides which of the counting's cross-section
    links hold; without it none are used."""
    cols = (*columns, TOTAL)
    keys: list[Key] = [(CASES, CASES, c) for c in cols]
    eqs: list[tuple[Term, ...]] = [
        (*(((CASES, CASES, c), 1) for c in columns), ((CASES, CASES, TOTAL), -1))
    ]
    les: list[tuple[Term, ...]] = []
    present: set[Key] = set(keys)
    for section, categories, schools in structure:
        scols = (*schools, TOTAL)
        for cat in categories:
            row = [(section, cat, s) for s in scols]
            keys.extend(row)
            present.update(row)
            eqs.append((*((k, 1) for k in row[:-1]), (row[-1], -1)))
        if section in EXCLUSIVE:
            for col in scols:
                eqs.append(
                    (*(((section, c, col), 1) for c in categories), ((CASES, CASES, col), -1))
                )
    below: list[tuple[tuple[str, str], tuple[str, str]]] = [
        ((section, cat), (CASES, CASES))
        for section, categories, _s in structure
        if section not in EXCLUSIVE
        for cat in categories
    ]
    if exact is not None:
        for kind, a, b in _links(structure):
            diffs = [exact.get((*a, col), 0) - exact.get((*b, col), 0) for col in cols]
            if kind == "=" and all(d == 0 for d in diffs):
                for col in cols:
                    eq = tuple(t for t in (((*a, col), 1), ((*b, col), -1)) if t[0] in present)
                    if len(eq) == 2:  # both printed; one side alone says nothing
                        eqs.append(eq)
            elif (
                kind == "<="
                and all(d <= 0 for d in diffs)
                and all((*row, cols[0]) in present for row in (a, b))  # both printed
            ):
                below.append((a, b))
    # a row at most another, column by column: the gap in each column is at least 0 and
    # the gaps add up like the rows do (what lets a reader add the inequalities up)
    slack: list[Key] = []
    for a, b in below:
        gaps = [("~", f"{a[0]}/{a[1]}<={b[0]}/{b[1]}", col) for col in cols]
        slack.extend(gaps)
        for col, gap in zip(cols, gaps, strict=True):
            eqs.append(
                tuple(
                    t
                    for t in (((*a, col), 1), (gap, 1), ((*b, col), -1))
                    if t[0] in present or t[0] == gap
                )
            )
        eqs.append((*((g, 1) for g in gaps[:-1]), (gaps[-1], -1)))
    return Layout(tuple(keys), tuple(eqs), tuple(les), tuple(slack))


def _links(
    structure: Sequence[tuple[str, Sequence[str], Sequence[str]]],
) -> Iterable[tuple[str, tuple[str, str], tuple[str, str]]]:
    """How the app's counting links sections (``oversight/counts.py``)."""
    cats = {section: set(categories) for section, categories, _s in structure}
    yield "=", ("time_to_close", "still-open"), ("status", "open")
    for level in sorted(cats.get("police", set()) | _police_advised(cats)):
        if level != "none":
            yield "=", ("police", level), ("referrals_advised", f"police:{level}")
    for ref in sorted(cats.get("referrals_made", set()) | cats.get("referrals_advised", set())):
        yield "<=", ("referrals_made", ref), ("referrals_advised", ref)


def _police_advised(cats: Mapping[str, set[str]]) -> set[str]:
    return {
        c.removeprefix("police:")
        for c in cats.get("referrals_advised", set())
        if c.startswith("police:")
    }


def merged_layout(merged: Merged) -> Layout:
    return layout(
        [(t.section, t.categories, t.schools) for t in merged.tables],
        [s.fingerprint for s in merged.schools],
        exact_figures(merged),
    )


def exact_figures(merged: Merged) -> dict[Key, int]:
    """Every figure's true value, the TOTAL column and the case counts included."""
    out: dict[Key, int] = {}
    for fp in (s.fingerprint for s in merged.schools):
        out[(CASES, CASES, fp)] = merged.cases.get(fp, 0)
    out[(CASES, CASES, TOTAL)] = merged.total
    for t in merged.tables:
        for cat in t.categories:
            for s in t.schools:
                out[(t.section, cat, s)] = t.value(cat, s)
            out[(t.section, cat, TOTAL)] = t.row_total(cat)
    return out


def shown_figures(report: Report) -> dict[Key, Shown]:
    """What the report prints for every figure (a missing cell prints as 0)."""
    out: dict[Key, Shown] = {}
    for fp in (*(s.fingerprint for s in report.merged.schools), TOTAL):
        out[(CASES, CASES, fp)] = report.cases.get(fp, 0)
    for t in report.tables:
        for cat in t.categories:
            for col in (*t.schools, TOTAL):
                out[(t.section, cat, col)] = t.cells.get((cat, col), 0)
    return out


def report_of(merged: Merged, shown: Mapping[Key, Shown], previous: Report | None = None) -> Report:
    """The report printing ``shown`` for every figure of ``merged`` (``shown_figures``'s
    inverse)."""
    tables = tuple(
        ShownTable(
            t.section,
            t.categories,
            t.schools,
            {
                (c, col): shown[(t.section, c, col)]
                for c in t.categories
                for col in (*t.schools, TOTAL)
            },
        )
        for t in merged.tables
    )
    cases = {col: shown[(CASES, CASES, col)] for col in (*merged.cases, TOTAL)}
    return Report(merged=merged, cases=cases, tables=tables, previous=previous)


def report_layout(report: Report) -> Layout:
    return layout(
        [(t.section, t.categories, t.schools) for t in report.tables],
        [s.fingerprint for s in report.merged.schools],
        exact_figures(report.merged),
    )


class _Attack:
    """Ranges of the hidden figures, narrowed from the printed ones."""

    def __init__(self, lay: Layout, shown: Mapping[Key, Shown], slack: bool = True) -> None:
        """``slack=False`` leaves the added-up inequalities out: a quicker, weaker first
        pass for ``suppress``'s loop, which always ends on the whole attack."""
        aux = set(lay.slack)
        shown = {**shown, **dict.fromkeys(aux, Hidden.SECONDARY)}
        self.figures = sum(1 for k in lay.keys if isinstance(shown.get(k, 0), Hidden))
        extra = lay.slack if slack else ()
        self.keys = [k for k in (*lay.keys, *extra) if isinstance(shown.get(k, 0), Hidden)]
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.lo: list[float] = []
        self.hi: list[float] = []
        for k in self.keys:
            primary = shown[k] is Hidden.FEWER_THAN_3
            self.lo.append(1 if primary else 0)
            self.hi.append(2 if primary else INF)
        # constraints: (vars, coefs, constant, is_equation): sum coef*var (=|<=) constant
        self.cons: list[tuple[list[int], list[int], float, bool]] = []
        self.watch: list[list[int]] = [[] for _ in self.keys]
        for terms, is_eq in [(e, True) for e in lay.equations] + [(b, False) for b in lay.bounds]:
            if not slack and any(k in aux for k, _c in terms):
                continue
            vs: list[int] = []
            cs: list[int] = []
            const = 0.0
            for key, coef in terms:
                value = shown.get(key, 0)
                if isinstance(value, Hidden):
                    vs.append(self.index[key])
                    cs.append(coef)
                else:
                    const -= coef * value
            if len(vs) == 1:  # one unknown: a fixed bound, applied once
                v, c = vs[0], cs[0]
                if is_eq:
                    self.lo[v] = max(self.lo[v], c * const)
                    self.hi[v] = min(self.hi[v], c * const)
                elif c > 0:
                    self.hi[v] = min(self.hi[v], const)
                else:
                    self.lo[v] = max(self.lo[v], -const)
            elif vs:
                for v in vs:
                    self.watch[v].append(len(self.cons))
                self.cons.append((vs, cs, const, is_eq))
        self.consistent = all(a <= b for a, b in zip(self.lo, self.hi, strict=True))

    def propagate(
        self, lo: list[float], hi: list[float], start: Iterable[int], budget: float = INF
    ) -> bool:
        """Narrow ``lo``/``hi`` in place to a fixed point; False if they contradict.

        A ``budget`` (constraint visits) stops early, answering "no contradiction found":
        a wrong guess can creep a bound up by one per round for ever, and stopping only
        makes the attacker weaker, never wrong."""
        queue = list(dict.fromkeys(start))
        queued = set(queue)
        while queue:
            budget -= 1
            if budget < 0:
                return True
            ci = queue.pop()
            queued.discard(ci)
            vs, cs, const, is_eq = self.cons[ci]
            mins = [lo[v] if c > 0 else -hi[v] for v, c in zip(vs, cs, strict=True)]
            maxs = [hi[v] if c > 0 else -lo[v] for v, c in zip(vs, cs, strict=True)]
            min_inf = mins.count(-INF)
            max_inf = maxs.count(INF)
            min_fin = sum(mins) if not min_inf else sum(m for m in mins if m != -INF)
            max_fin = sum(maxs) if not max_inf else sum(m for m in maxs if m != INF)
            for j, v in enumerate(vs):
                mj, xj = mins[j], maxs[j]
                if mj == -INF:
                    rest_min = -INF if min_inf > 1 else min_fin
                else:
                    rest_min = -INF if min_inf else min_fin - mj
                if xj == INF:
                    rest_max = INF if max_inf > 1 else max_fin
                else:
                    rest_max = INF if max_inf else max_fin - xj
                top = const - rest_min  # c*v <= top
                bottom = const - rest_max if is_eq else -INF  # c*v >= bottom
                if cs[j] < 0:  # -v between bottom and top
                    top, bottom = -bottom, -top
                changed = False
                if bottom > lo[v]:
                    lo[v] = bottom
                    changed = True
                if top < hi[v]:
                    hi[v] = top
                    changed = True
                if changed:
                    if lo[v] > hi[v]:
                        return False
                    for other in self.watch[v]:
                        if other not in queued:
                            queued.add(other)
                            queue.append(other)
        return True

    def run(self, thorough: bool) -> dict[Key, int]:
        self.consistent = self.consistent and self.propagate(
            self.lo, self.hi, range(len(self.cons))
        )
        if not self.consistent:
            return {}
        if thorough:
            self._probe()
            self._enumerate()
        return {
            k: int(self.lo[i])
            for i, k in enumerate(self.keys[: self.figures])
            if self.lo[i] == self.hi[i]
        }

    def solve(self, fixed: int, value: int, budget: int) -> list[float] | None:
        """A whole set of hidden figures that fits everything printed, with ``fixed`` at
        ``value`` (depth-first, narrowest range first, propagating after every choice), or
        None if none is found within ``budget`` choices."""
        lo, hi = list(self.lo), list(self.hi)
        lo[fixed] = hi[fixed] = value
        if not self.propagate(lo, hi, self.watch[fixed], _SOLVE_BUDGET):
            return None
        left = [budget]

        def walk(lo: list[float], hi: list[float]) -> list[float] | None:
            free = [v for v in range(len(lo)) if lo[v] != hi[v]]
            free = [v for v in free if v < self.figures] or free
            if not free:
                return lo if self._fits(lo) else None
            v = min(free, key=lambda v: (hi[v] - lo[v], v))
            top = int(min(hi[v], lo[v] + _SOLVE_SPAN))
            for guess in range(int(lo[v]), top + 1):
                left[0] -= 1
                if left[0] < 0:
                    return None
                lo2, hi2 = list(lo), list(hi)
                lo2[v] = hi2[v] = guess
                if self.propagate(lo2, hi2, self.watch[v], _SOLVE_BUDGET):
                    found = walk(lo2, hi2)
                    if found is not None:
                        return found
            return None

        return walk(lo, hi)

    def _fits(self, values: list[float]) -> bool:
        """Whether every equation and bound holds for these values (the last check of a
        completion: a propagation stopped by its budget may have skipped one)."""
        for vs, cs, const, is_eq in self.cons:
            total = sum(c * values[v] for v, c in zip(vs, cs, strict=True))
            if (total != const) if is_eq else (total > const):
                return False
        return all(a <= x <= b for a, x, b in zip(self.lo, values, self.hi, strict=True))

    def _probe(self) -> None:
        """Try each value of every small range; one that contradicts the figures is out."""
        changed = True
        while changed:
            changed = False
            for v in range(self.figures):  # the slack follows
                if self.lo[v] == self.hi[v] or self.hi[v] - self.lo[v] >= _PROBE_WIDTH:
                    continue
                possible = []
                for value in range(int(self.lo[v]), int(self.hi[v]) + 1):
                    lo, hi = list(self.lo), list(self.hi)
                    lo[v] = hi[v] = value
                    if self.propagate(lo, hi, self.watch[v], _PROBE_BUDGET):
                        possible.append(value)
                if possible and (possible[0] > self.lo[v] or possible[-1] < self.hi[v]):
                    self.lo[v], self.hi[v] = possible[0], possible[-1]
                    self.propagate(self.lo, self.hi, self.watch[v])
                    changed = True

    def _enumerate(self) -> None:
        """Every combination of a small group of linked hidden figures, outright."""
        seen: set[int] = set()
        for start in range(len(self.keys)):
            if start in seen:
                continue
            group: list[int] = []
            stack = [start]
            seen.add(start)
            while stack:
                v = stack.pop()
                group.append(v)
                for ci in self.watch[v]:
                    for w in self.cons[ci][0]:
                        if w not in seen:
                            seen.add(w)
                            stack.append(w)
            self._enumerate_group(sorted(group))

    def _enumerate_group(self, group: list[int]) -> None:
        if any(self.hi[v] == INF for v in group):
            return
        size = 1
        for v in group:
            size *= int(self.hi[v] - self.lo[v]) + 1
            if size > _EXACT_LIMIT:
                return
        if size == 1:
            return
        position = {v: i for i, v in enumerate(group)}
        cons = sorted({ci for v in group for ci in self.watch[v]})
        last = {ci: max(position[v] for v in self.cons[ci][0]) for ci in cons}
        checks: list[list[int]] = [[] for _ in group]
        for ci in cons:
            checks[last[ci]].append(ci)
        values = [0] * len(group)
        found: list[set[int]] = [set() for _ in group]

        def ok(ci: int) -> bool:
            vs, cs, const, is_eq = self.cons[ci]
            total = sum(c * values[position[v]] for v, c in zip(vs, cs, strict=True))
            return total == const if is_eq else total <= const

        def walk(i: int) -> None:
            if i == len(group):
                for j, value in enumerate(values):
                    found[j].add(value)
                return
            v = group[i]
            for value in range(int(self.lo[v]), int(self.hi[v]) + 1):
                values[i] = value
                if all(ok(ci) for ci in checks[i]):
                    walk(i + 1)

        walk(0)
        if not all(found):
            return  # no solution: the figures contradict the links; leave the ranges be
        for j, v in enumerate(group):
            self.lo[v], self.hi[v] = min(found[j]), max(found[j])


def attack(lay: Layout, shown: Mapping[Key, Shown], *, thorough: bool = True) -> dict[Key, int]:
    """Every hidden figure of ``shown`` that ``lay``'s equations pin to one number."""
    return _Attack(lay, shown, slack=thorough).run(thorough)


def completions(
    report: Report, wanted: Iterable[tuple[Key, int]], budget: int = 100_000
) -> dict[tuple[Key, int], dict[Key, int] | None]:
    """For each (figure, value): every hidden figure of ``report`` filled in so that
    everything printed still holds (sums, case counts, links, "fewer than 3" as 1 or 2),
    with that figure at that value; None if none is found. A completion is proof that no
    attacker, however clever, can tell the value from the true figure: the exact check
    behind ``recoverable`` that the tests use."""
    a = _Attack(report_layout(report), shown_figures(report))
    a.run(True)
    out: dict[tuple[Key, int], dict[Key, int] | None] = {}
    for key, value in wanted:
        found = a.solve(a.index[key], value, budget) if a.consistent and key in a.index else None
        out[(key, value)] = (
            None if found is None else {k: int(found[i]) for i, k in enumerate(a.keys[: a.figures])}
        )
    return out


def completion(report: Report, key: Key, value: int) -> dict[Key, int] | None:
    return completions(report, [(key, value)])[(key, value)]


def ranges(report: Report) -> dict[Key, tuple[float, float]]:
    """The range the attacker narrows each hidden figure to (for tests and notes)."""
    a = _Attack(report_layout(report), shown_figures(report))
    a.run(True)
    return {k: (a.lo[i], a.hi[i]) for i, k in enumerate(a.keys[: a.figures])}


def recoverable(report: Report) -> list[tuple[str, str, str, int]]:
    """(section, category, school-or-TOTAL, value) for every hidden figure an attacker can
    work out exactly from what ``report`` prints; case counts are ``("cases", "cases", ...)``
    and the previous period's findings have ``previous:`` before the section."""
    lay = report_layout(report)
    found = attack(lay, shown_figures(report))
    out = [(*k, found[k]) for k in lay.keys if k in found]
    if report.previous is not None:
        out.extend((PREVIOUS + s, c, col, v) for s, c, col, v in recoverable(report.previous))
    return out
