"""Suppression after merging, and the attacker that checks it.

The attacker is tested first on reports where recovery IS possible, so the checks that
``recoverable(suppress(m)) == []`` could fail."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from misuse_responder.oversight.disclosure import (
    CASES,
    Layout,
    attack,
    completion,
    completions,
    exact_figures,
    ranges,
    recoverable,
    report_of,
    shown_figures,
)
from misuse_responder.oversight.errors import OversightError
from misuse_responder.oversight.merge import merge
from misuse_responder.oversight.model import (
    EXCLUSIVE,
    SECTIONS,
    TOTAL,
    Hidden,
    Merged,
    Report,
    SchoolSummary,
    Shown,
)
from misuse_responder.oversight.suppress import shown_change, suppress
from tests.oversight.gen_summaries import summary, trust

F3 = Hidden.FEWER_THAN_3
W = Hidden.SECONDARY
Key = tuple[str, str, str]


def merged(summaries: list[SchoolSummary]) -> Merged:
    return merge(summaries, known=[s.school.fingerprint for s in summaries])


def report_with(m: Merged, hidden: dict[Key, Hidden]) -> Report:
    """A hand-made report: the exact figures, with ``hidden`` hidden."""
    exact = exact_figures(m)
    shown: dict[Key, Shown] = {k: hidden.get(k, v) for k, v in exact.items()}
    return report_of(m, shown)


def primary_only(m: Merged) -> Report:
    return report_with(m, {k: F3 for k, v in exact_figures(m).items() if v in (1, 2)})


def school_with(i: int, cases: int, **sections: dict[str, int]) -> SchoolSummary:
    """A school whose counts are the generator's, with some sections set by hand."""
    s = summary(i, random.Random(i), cases)
    return dataclasses.replace(s, counts={**s.counts, **sections})


def check(report: Report) -> tuple[int, int, int]:
    """Nothing recoverable, every small figure hidden, every printed figure exact."""
    assert recoverable(report) == []
    exact = exact_figures(report.merged)
    shown = shown_figures(report)
    for k, v in shown.items():
        if isinstance(v, int):
            assert v == exact[k], k
            assert v not in (1, 2), k
        elif v is F3:
            assert exact[k] in (1, 2), k
    primary = sum(1 for v in shown.values() if v is F3)
    secondary = sum(1 for v in shown.values() if v is W)
    return primary, secondary, len(shown)


def holds(report: Report, filled: dict[Key, int]) -> bool:
    """Whether a filled-in report fits everything printed, checked from the model alone."""
    shown = shown_figures(report)
    value = {k: filled.get(k, v) if isinstance(v, Hidden) else v for k, v in shown.items()}
    for k, v in shown.items():
        if v is F3 and value[k] not in (1, 2):
            return False
        if value[k] < 0 or value[k] > value[(CASES, CASES, k[2])]:
            return False
    cols = [*report.merged.cases, TOTAL]
    if sum(value[(CASES, CASES, c)] for c in cols[:-1]) != value[(CASES, CASES, TOTAL)]:
        return False
    for t in report.tables:
        for c in t.categories:
            if sum(value[(t.section, c, s)] for s in t.schools) != value[(t.section, c, TOTAL)]:
                return False
        if t.section in EXCLUSIVE:
            for col in cols:
                if (
                    sum(value[(t.section, c, col)] for c in t.categories)
                    != value[(CASES, CASES, col)]
                ):
                    return False
    return True


def assert_exactly_safe(report: Report) -> None:
    """For every "fewer than 3", a whole other report fitting everything printed in which
    it is the other of 1 and 2: no attacker, however clever, can tell which is true. (The
    withheld figures are not sensitive themselves: a pin on one that mattered would pin a
    "fewer than 3" too.)"""
    exact = exact_figures(report.merged)
    wanted = [(k, 3 - exact[k]) for k, v in shown_figures(report).items() if v is F3]
    for (key, other), witness in completions(report, wanted).items():
        assert witness is not None, key
        assert witness[key] == other and holds(report, witness), key


def test_exact_check_finds_a_witness_or_the_figure_is_pinned() -> None:
    s = school_with(1, 2, platform={"discord": 1, "tiktok": 1})
    m = merged([s, school_with(2, 30)])
    fp = s.school.fingerprint
    leaky = primary_only(m)
    assert completion(leaky, ("platform", "discord", fp), 2) is None
    safe = suppress(m)
    assert_exactly_safe(safe)


# --- the attacker, where recovery is possible ---------------------------------------------


def test_attacker_reads_a_single_hidden_cell_from_its_row_total() -> None:
    big = [school_with(i, 10, concern={"bullying": 5}) for i in range(3)]
    small = school_with(3, 10, concern={"bullying": 1})
    m = merged([*big, small])
    fp = small.school.fingerprint
    report = report_with(m, {("concern", "bullying", fp): F3})
    assert recoverable(report) == [("concern", "bullying", fp, 1)]


def test_attacker_reads_a_small_schools_cases_from_the_trust_total() -> None:
    """The earlier failure: a school with 2 cases, hidden, and everything else printed."""
    rng = random.Random(4)
    summaries = [summary(i, rng, 20 + i) for i in range(4)]
    summaries.append(summary(4, rng, 2))
    m = merged(summaries)
    found = recoverable(primary_only(m))
    fp = summaries[4].school.fingerprint
    assert (CASES, CASES, fp, 2) in found
    # and from its case count, its column in the exclusive sections
    assert any(col == fp and section in EXCLUSIVE for section, _c, col, _v in found)


def test_attacker_uses_fewer_than_3_meaning_1_or_2() -> None:
    """Two cases on two platforms: each platform is 1 or 2, so each is 1, the school has 2."""
    s = school_with(1, 2, platform={"discord": 1, "tiktok": 1})
    big = school_with(2, 30)
    m = merged([s, big])
    fp = s.school.fingerprint
    hidden = {k: W for k in exact_figures(m)}  # everything hidden ...
    hidden.update({k: F3 for k, v in exact_figures(m).items() if v in (1, 2)})
    report = report_with(m, hidden)
    found = {(sec, c, col): v for sec, c, col, v in recoverable(report)}
    assert found[("platform", "discord", fp)] == 1
    assert found[("platform", "tiktok", fp)] == 1
    assert found[(CASES, CASES, fp)] == 2


def test_attacker_uses_count_at_most_cases() -> None:
    """A non-exclusive count is at most the school's cases: 2 concerns of a 2-case school
    hidden as "withheld", its cases printed... cannot be; but a withheld 0 under a printed
    0 is pinned."""
    s = school_with(1, 0)
    other = school_with(2, 9, concern={"bullying": 4})
    m = merged([s, other])
    report = report_with(m, {("concern", "bullying", s.school.fingerprint): W})
    assert recoverable(report) == [("concern", "bullying", s.school.fingerprint, 0)]


def test_attacker_probing_finds_what_propagation_misses() -> None:
    """x + z = 5, y + z = 5, x + y = 2: ranges alone leave x, y in 0..2; trying values pins
    both to 1 (x = y follows from the first two)."""
    x, y, z = ("s", "x", "a"), ("s", "y", "a"), ("s", "z", "a")
    k5, k2 = ("s", "five", "a"), ("s", "two", "a")
    lay = Layout(
        (x, y, z, k5, k2),
        (((x, 1), (z, 1), (k5, -1)), ((y, 1), (z, 1), (k5, -1)), ((x, 1), (y, 1), (k2, -1))),
        (),
    )
    shown: dict[Key, Shown] = {x: W, y: W, z: W, k5: 5, k2: 2}
    assert attack(lay, shown, thorough=False) == {}
    assert attack(lay, shown, thorough=True) == {x: 1, y: 1, z: 4}


def test_attacker_cannot_undo_a_protected_rectangle() -> None:
    """Two schools, two concerns each hidden in both: every row and column has two hidden
    figures and each value could be one more or less."""
    a = school_with(1, 10, concern={"bullying": 2, "hate": 4})
    b = school_with(2, 10, concern={"bullying": 5, "hate": 1})
    m = merged([a, b])
    fa, fb = a.school.fingerprint, b.school.fingerprint
    hidden = {
        ("concern", "bullying", fa): F3,
        ("concern", "hate", fa): W,
        ("concern", "bullying", fb): W,
        ("concern", "hate", fb): F3,
    }
    report = report_with(m, hidden)
    assert recoverable(report) == []
    assert ranges(report)[("concern", "bullying", fa)] == (1, 2)


# --- suppression ---------------------------------------------------------------------------


def test_small_school_in_exclusive_sections_is_protected() -> None:
    rng = random.Random(4)
    summaries = [summary(i, rng, 20 + i) for i in range(4)]
    summaries.append(summary(4, rng, 2))
    m = merged(summaries)
    report = suppress(m)
    check(report)
    assert isinstance(report.cases[summaries[4].school.fingerprint], Hidden)
    # some other case count (or the trust's total) is withheld with it
    assert W in report.cases.values()


@pytest.mark.parametrize("cases", [1, 2])
def test_small_school_with_one_case_or_two(cases: int) -> None:
    rng = random.Random(cases)
    summaries = [summary(i, rng, 15) for i in range(3)] + [summary(3, rng, cases)]
    report = suppress(merged(summaries))
    check(report)
    assert_exactly_safe(report)


def test_row_with_a_single_small_cell() -> None:
    """A concern only one school saw, once: its row total is 1 too, both hidden, and its
    column must not give it back either."""
    summaries = [school_with(i, 12, concern={"bullying": 6 + i}) for i in range(3)]
    summaries.append(school_with(3, 12, concern={"bullying": 5, "hate": 1}))
    m = merged(summaries)
    report = suppress(m)
    check(report)
    fp = summaries[3].school.fingerprint
    concern = report.tables[SECTIONS.index("concern")]
    assert concern.cells[("hate", fp)] is F3
    assert concern.cells[("hate", TOTAL)] is F3
    assert concern.cells[("hate", summaries[0].school.fingerprint)] == 0


def test_row_with_one_small_cell_among_large_ones() -> None:
    summaries = [school_with(i, 12, concern={"bullying": 6 + i}) for i in range(3)]
    summaries.append(school_with(3, 12, concern={"bullying": 1}))
    report = suppress(merged(summaries))
    check(report)
    concern = report.tables[SECTIONS.index("concern")]
    row = [concern.cells[("bullying", s.school.fingerprint)] for s in summaries]
    assert row[3] is F3
    assert W in row or concern.cells[("bullying", TOTAL)] is W


def test_single_school_trust() -> None:
    for seed in range(6):
        s = summary(1, random.Random(seed), random.Random(seed).randint(0, 12))
        report = suppress(merged([s]))
        check(report)
        assert_exactly_safe(report)


@pytest.mark.parametrize("seed", [1, 2])
def test_all_small_schools(seed: int) -> None:
    report = suppress(merged(trust(seed, schools=12, low=1, high=2)))
    check(report)
    assert_exactly_safe(report)


def test_all_schools_with_two_cases_keep_the_trust_total() -> None:
    """Twelve schools of 2 cases: the total of 24 is printed, so "fewer than 3" against
    every school would say each has 2; their counts must be withheld instead."""
    rng = random.Random(9)
    report = suppress(merged([summary(i, rng, 2) for i in range(12)]))
    check(report)
    assert report.cases[TOTAL] == 24
    assert W in {report.cases[s] for s in report.merged.cases}


def test_a_single_school_trust_with_small_figures_hides_its_total() -> None:
    """One school: its total is the trust's, so when nothing can be hidden around it the
    total goes too (the fallback), rather than no report."""
    rng = random.Random(3)
    report = suppress(merged([summary(0, rng, 4)]))
    check(report)


def test_no_cases_at_all() -> None:
    summaries = [summary(i, random.Random(i), 0) for i in range(3)]
    report = suppress(merged(summaries))
    check(report)
    assert report.cases[TOTAL] == 0


FIGURES: list[tuple[int, int, int]] = []


def test_twelve_schools_random_counts() -> None:
    """Many seeded trusts of twelve: nothing recoverable, printed figures exact."""
    for seed in range(8):
        m = merged(trust(seed))
        assert recoverable(primary_only(m))  # hiding only the small figures is not enough
        report = suppress(m)
        FIGURES.append(check(report))
        if seed < 2:
            assert_exactly_safe(report)
    primary = sum(p for p, _s, _n in FIGURES)
    secondary = sum(s for _p, s, _n in FIGURES)
    total = sum(n for _p, _s, n in FIGURES)
    assert primary > 0 and secondary > 0
    assert secondary < total / 2  # suppression leaves most of the report readable


def test_deterministic_and_independent_of_file_order() -> None:
    summaries = trust(3)
    a = suppress(merged(summaries))
    b = suppress(merged(list(reversed(summaries))))
    assert shown_figures(a) == shown_figures(b)


# --- the previous period ---------------------------------------------------------------


def previous_trust(seed: int) -> list[SchoolSummary]:
    rng = random.Random(seed + 100)
    return [
        summary(i, rng, rng.randint(0, 30), start=dt.date(2026, 4, 20), end=dt.date(2026, 8, 31))
        for i in range(12)
    ]


@pytest.mark.parametrize("seed", range(2))
def test_previous_period_combined(seed: int) -> None:
    now, before = merged(trust(seed)), merged(previous_trust(seed))
    report = suppress(now, previous=before)
    assert report.previous is not None
    check(report)
    check(report.previous)
    assert shown_figures(report.previous) == shown_figures(suppress(before))
    # the change is printed only where both figures are: it adds no equation
    shown, shown_before = shown_figures(report), shown_figures(report.previous)
    changes = 0
    for key, value in shown.items():
        change = shown_change(report, *key)
        before_value = shown_before.get(key)
        if isinstance(value, int) and isinstance(before_value, int):
            assert change == value - before_value
            changes += 1
        else:
            assert change is None
    assert changes > 0


def test_attacker_reports_the_previous_periods_leaks() -> None:
    now, before = merged(trust(1)), merged(trust(2))
    report = dataclasses.replace(suppress(now), previous=primary_only(before))
    found = recoverable(report)
    assert found and all(section.startswith("previous:") for section, *_rest in found)


def test_previous_period_must_come_before() -> None:
    with pytest.raises(OversightError, match="must end before"):
        suppress(merged(trust(1)), previous=merged(trust(2)))


def test_change_for_a_school_missing_before() -> None:
    now = merged(trust(1, schools=3))
    before = merged(previous_trust(1)[:2])
    report = suppress(now, previous=before)
    fp = now.schools[2].fingerprint
    assert shown_change(report, CASES, CASES, fp) is None
    assert shown_change(suppress(now), CASES, CASES, TOTAL) is None
