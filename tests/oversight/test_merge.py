"""The merge: one period, each school once, confirmed schools only, lined up by id; every
refusal one plain sentence naming the school (and the periods)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from misuse_responder.oversight.errors import OversightError, UnknownSchools
from misuse_responder.oversight.merge import merge
from misuse_responder.oversight.model import CLOSE_BANDS, EXCLUSIVE, SECTIONS, School
from tests.oversight.gen_summaries import END, START, school, summary, trust

WELSH = School("Ysgol Gymraeg Llanfair‐ŵ", "FPWELSH-0000")
CHINESE = School("学校", "FPCHINA-0000")


def known(summaries: list) -> list[str]:
    return [s.school.fingerprint for s in summaries]


def test_exact_counts_lined_up_by_id_in_a_fixed_order() -> None:
    summaries = trust(7, schools=5)
    m = merge(list(reversed(summaries)), known=known(summaries))
    assert [s.name for s in m.schools] == [f"School {i:02d}" for i in range(5)]
    assert m.period_from == START and m.period_to == END
    assert m.total == sum(s.cases for s in summaries)
    assert [t.section for t in m.tables] == list(SECTIONS)
    for t in m.tables:
        ids = set().union(*(s.counts.get(t.section, {}) for s in summaries))
        assert set(t.categories) == ids
        if t.section == "time_to_close":
            assert list(t.categories) == [b for b in CLOSE_BANDS if b in ids]
        else:
            assert list(t.categories) == sorted(ids)
        for s in summaries:
            for cat in t.categories:
                assert t.value(cat, s.school.fingerprint) == s.counts[t.section].get(cat, 0)
            if t.section in EXCLUSIVE:
                assert sum(t.value(c, s.school.fingerprint) for c in t.categories) == s.cases
    assert m.notes == ()


def test_order_does_not_depend_on_the_counts() -> None:
    """Sorting rows by total would print the order of totals suppression hides."""
    a = summary(1, random.Random(1), 9)
    b = summary(2, random.Random(1), 5)
    a = dataclasses.replace(a, counts={**a.counts, "concern": {"zzz": 9, "aaa": 1}})
    b = dataclasses.replace(b, counts={**b.counts, "concern": {"mmm": 5}})
    m = merge([a, b], known=known([a, b]))
    assert m.tables[0].categories == ("aaa", "mmm", "zzz")


def test_schools_by_name_then_fingerprint_non_latin_and_same_name() -> None:
    rng = random.Random(3)
    twin_a = dataclasses.replace(summary(1, rng, 4), school=School("学校", "FPB"))
    twin_b = dataclasses.replace(summary(2, rng, 4), school=School("学校", "FPA"))
    welsh = dataclasses.replace(summary(3, rng, 4), school=WELSH)
    m = merge([twin_a, welsh, twin_b], known=["FPA", "FPB", WELSH.fingerprint])
    assert [(s.name, s.fingerprint) for s in m.schools] == [
        ("Ysgol Gymraeg Llanfair‐ŵ", WELSH.fingerprint),
        ("学校", "FPA"),
        ("学校", "FPB"),
    ]
    assert m.tables[0].schools == (WELSH.fingerprint, "FPA", "FPB")


def test_unknown_ids_are_kept() -> None:
    s = dataclasses.replace(
        summary(1, random.Random(1), 0),
        cases=3,
        counts={"concern": {"new-concern-2030": 3}, "time_to_close": {"new-band": 3}},
    )
    with pytest.raises(OversightError, match="do not add up"):
        merge([s], known=known([s]))  # the other exclusive sections are missing
    full = summary(1, random.Random(1), 3)
    counts = {**full.counts, "concern": {"new-concern-2030": 3}}
    counts["time_to_close"] = {**counts["time_to_close"]}
    m = merge([dataclasses.replace(full, counts=counts)], known=known([full]))
    assert m.tables[0].categories == ("new-concern-2030",)
    assert m.tables[0].row_total("new-concern-2030") == 3


def test_empty_is_refused() -> None:
    with pytest.raises(OversightError, match="no summary files"):
        merge([])


def test_one_school_twice_for_the_same_period() -> None:
    s = summary(4, random.Random(1), 5)
    with pytest.raises(OversightError) as exc:
        merge([s, s], known=known([s]))
    text = str(exc.value)
    assert "School 04" in text and "two summaries for the same time" in text
    assert "1 September 2026" in text and "31 December 2026" in text
    assert "\n" not in text


def test_one_school_twice_for_overlapping_periods() -> None:
    rng = random.Random(1)
    a = summary(4, rng, 5)
    b = summary(4, rng, 5, start=dt.date(2026, 12, 1), end=dt.date(2027, 3, 31))
    with pytest.raises(OversightError, match="School 04 has two summaries for the same time"):
        merge([a, b], known=known([a]))


def test_one_school_with_two_separate_periods() -> None:
    rng = random.Random(1)
    a = summary(4, rng, 5)
    b = summary(4, rng, 5, start=dt.date(2027, 1, 1), end=dt.date(2027, 3, 31))
    with pytest.raises(OversightError) as exc:
        merge([a, b], known=known([a]))
    assert "School 04 has summaries for two different periods" in str(exc.value)
    assert "31 March 2027" in str(exc.value)


def test_schools_with_different_periods() -> None:
    rng = random.Random(1)
    a = summary(1, rng, 5)
    b = summary(2, rng, 5, start=dt.date(2026, 9, 1), end=dt.date(2026, 12, 30))
    with pytest.raises(OversightError) as exc:
        merge([a, b], known=known([a, b]))
    text = str(exc.value)
    assert "School 02" in text and "School 01" in text
    assert "30 December 2026" in text and "31 December 2026" in text


def test_unknown_schools_listed_and_included_once_confirmed() -> None:
    summaries = trust(2, schools=4)
    fps = known(summaries)
    with pytest.raises(UnknownSchools) as exc:
        merge(summaries, known=fps[:1])
    assert exc.value.schools == tuple(s.school for s in summaries[1:])
    assert isinstance(exc.value, OversightError)
    for s in summaries[1:]:
        assert s.school.fingerprint in str(exc.value)
    with pytest.raises(UnknownSchools) as one:
        merge(summaries, known=fps[:1], confirmed=fps[1:3])
    assert one.value.schools == (summaries[3].school,)
    assert "This school has not been confirmed yet" in str(one.value)
    m = merge(summaries, known=fps[:2], confirmed=fps[2:])
    assert len(m.schools) == 4


def test_broken_files_are_refused_before_asking_to_confirm() -> None:
    s = summary(1, random.Random(1), 5)
    with pytest.raises(OversightError) as exc:
        merge([s, s])
    assert not isinstance(exc.value, UnknownSchools)


@pytest.mark.parametrize(
    "change",
    [
        {"cases": -1},
        {"counts": {"concern": {"bullying": 6}}},  # more than its 5 cases
        {"counts": {"concern": {"bullying": -1}}},
        {"counts": {"platform": {"tiktok": 4}}},  # 4 of 5 cases on a platform
        {"counts": {"weather": {"sunny": 1}}},
    ],
)
def test_impossible_counts_are_refused(change: dict) -> None:
    s = summary(9, random.Random(1), 5)
    if "counts" in change:
        change = {"counts": {**s.counts, **change["counts"]}}
    bad = dataclasses.replace(s, **change)
    with pytest.raises(OversightError, match="School 09"):
        merge([bad], known=known([s]))


def test_mixed_guide_versions_merged_by_id_with_a_note() -> None:
    rng = random.Random(5)
    a = summary(1, rng, 6, version="2026.3")
    b = summary(2, rng, 6, version="2027.1")
    c = summary(3, rng, 6, version="2026.3")
    m = merge([a, b, c], known=known([a, b, c]))
    assert len(m.notes) == 1
    note = m.notes[0]
    assert "2026.3: School 01, School 03" in note and "2027.1: School 02" in note
    assert m.guide_versions == {
        a.school.fingerprint: "2026.3",
        b.school.fingerprint: "2027.1",
        c.school.fingerprint: "2026.3",
    }
    concern = m.tables[0]
    for cat in concern.categories:
        assert concern.row_total(cat) == sum(s.counts["concern"].get(cat, 0) for s in (a, b, c))


def test_school_helper_fingerprints_are_distinct() -> None:
    assert len({school(i).fingerprint for i in range(12)}) == 12
