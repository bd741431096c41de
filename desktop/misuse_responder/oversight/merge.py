"""Many schools' exact counts for one period, checked and lined up by id (``Merged``).

The merge refuses rather than guesses: a report covers one period, once per school, from
schools the trust has confirmed, because a half-right report shown to a trust board is worse
than none. Every refusal is one plain sentence naming the school (and the periods).

Order never depends on the counts: categories are sorted by id (time-to-close in the bands'
own order), schools by name then fingerprint. Sorting rows by their totals would print the
order of totals that suppression hides (a hidden total between a 5 and a 4 is a 4 or a 5).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from misuse_responder.dates import long_date
from misuse_responder.i18n import _, ngettext
from misuse_responder.oversight.errors import OversightError, UnknownSchools
from misuse_responder.oversight.model import (
    CLOSE_BANDS,
    EXCLUSIVE,
    SECTIONS,
    Merged,
    School,
    SchoolSummary,
    Table,
)


def _period(s: SchoolSummary) -> str:
    return _("{start} to {end}").format(start=long_date(s.period_from), end=long_date(s.period_to))


def _order(section: str, ids: set[str]) -> tuple[str, ...]:
    """The bands in their own order (then any band this app does not know), else by id."""
    if section == "time_to_close":
        known = tuple(b for b in CLOSE_BANDS if b in ids)
        return known + tuple(sorted(ids - set(CLOSE_BANDS)))
    return tuple(sorted(ids))


def _check_counts(s: SchoolSummary) -> None:
    """Counts that cannot be true are refused: the suppression check relies on them (each
    count at most the school's cases, exclusive sections adding up to them)."""
    name = s.school.name
    if not isinstance(s.cases, int) or isinstance(s.cases, bool) or s.cases < 0:
        raise OversightError(
            _("The summary from {school} gives an impossible number of cases.").format(school=name)
        )
    for section, counts in s.counts.items():
        if section not in SECTIONS:
            raise OversightError(
                _("The summary from {school} has figures this app does not know.").format(
                    school=name
                )
            )
        for n in counts.values():
            if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= s.cases:
                raise OversightError(
                    _("The summary from {school} has a figure that cannot be right.").format(
                        school=name
                    )
                )
        if section in EXCLUSIVE and sum(counts.values()) != s.cases:
            raise OversightError(
                _("The figures in the summary from {school} do not add up to its cases.").format(
                    school=name
                )
            )
    for section in EXCLUSIVE:
        if section not in s.counts and s.cases:
            raise OversightError(
                _("The figures in the summary from {school} do not add up to its cases.").format(
                    school=name
                )
            )


def merge(
    summaries: Sequence[SchoolSummary],
    *,
    known: Collection[str] = (),
    confirmed: Collection[str] = (),
) -> Merged:
    """One ``Merged`` from every school's summary for one period, or ``OversightError``.

    Checks run from what the files are (empty, a school twice, periods that differ, counts
    that cannot be true) to who sent them (``UnknownSchools``), so nobody is asked to confirm
    a school for a report that would be refused anyway."""
    if not summaries:
        raise OversightError(_("There are no summary files to put together."))
    by_school: dict[str, SchoolSummary] = {}
    for s in summaries:
        first = by_school.get(s.school.fingerprint)
        if first is None:
            by_school[s.school.fingerprint] = s
            continue
        if first.overlaps(s):
            raise OversightError(
                _(
                    "{school} has two summaries for the same time ({first} and {second}): "
                    "use one of them."
                ).format(school=s.school.name, first=_period(first), second=_period(s))
            )
        raise OversightError(
            _(
                "{school} has summaries for two different periods ({first} and {second}): "
                "one report covers one period."
            ).format(school=s.school.name, first=_period(first), second=_period(s))
        )
    ordered = sorted(by_school.values(), key=lambda s: (s.school.name, s.school.fingerprint))
    base = ordered[0]
    for s in ordered[1:]:
        if (s.period_from, s.period_to) != (base.period_from, base.period_to):
            raise OversightError(
                _(
                    "The summary from {school} covers {period}, but the one from {other} "
                    "covers {other_period}: one report covers one period, so every school's "
                    "summary must be for the same dates."
                ).format(
                    school=s.school.name,
                    period=_period(s),
                    other=base.school.name,
                    other_period=_period(base),
                )
            )
    for s in ordered:
        _check_counts(s)
    allowed = set(known) | set(confirmed)
    unknown = tuple(s.school for s in ordered if s.school.fingerprint not in allowed)
    if unknown:
        raise UnknownSchools(_unknown_sentence(unknown), unknown)

    fingerprints = tuple(s.school.fingerprint for s in ordered)
    tables = []
    for section in SECTIONS:
        ids: set[str] = set()
        cells: dict[tuple[str, str], int] = {}
        for s in ordered:
            for cat, n in s.counts.get(section, {}).items():
                ids.add(cat)
                if n:
                    cells[(cat, s.school.fingerprint)] = n
        tables.append(Table(section, _order(section, ids), fingerprints, cells))
    versions = {s.school.fingerprint: s.guide_version for s in ordered}
    return Merged(
        period_from=base.period_from,
        period_to=base.period_to,
        schools=tuple(s.school for s in ordered),
        cases={s.school.fingerprint: s.cases for s in ordered},
        guide_versions=versions,
        tables=tuple(tables),
        notes=_version_note(ordered),
    )


def _unknown_sentence(unknown: tuple[School, ...]) -> str:
    names = ", ".join(f"{s.name} ({s.fingerprint})" for s in unknown)
    count = len(unknown)
    return ngettext(
        "This school has not been confirmed yet: {schools}. Check its fingerprint with the "
        "school before including it.",
        "These {count} schools have not been confirmed yet: {schools}. Check each "
        "fingerprint with its school before including it.",
        count,
    ).format(count=count, schools=names)


def _version_note(ordered: Sequence[SchoolSummary]) -> tuple[str, ...]:
    """Schools on different guide versions are merged by id; the report says so, since a
    concern that one version splits in two is counted apart from the other's."""
    versions = sorted({s.guide_version for s in ordered})
    if len(versions) < 2:
        return ()
    listed = "; ".join(
        _("{version}: {schools}").format(
            version=v,
            schools=", ".join(s.school.name for s in ordered if s.guide_version == v),
        )
        for v in versions
    )
    return (
        _(
            "The schools used different versions of the guides ({versions}); their figures "
            "are put together by the same concern, platform and referral ids."
        ).format(versions=listed),
    )
