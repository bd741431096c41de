"""Small-number suppression of the merged figures, done after the merge (``Report``).

Hiding small numbers in each school before merging protects nothing: the trust's totals
give them back by subtraction. So the merged figures are suppressed together:

- primary: every figure of 1 or 2 (a cell, a row's TOTAL, a school's cases, the trust's
  total) prints as "fewer than 3". A 0 is printed as 0: a true zero identifies nobody, and
  hiding it would only tell the reader that the hidden figure is probably small.
- secondary: while ``disclosure`` (the attacker) can pin any hidden figure from what is
  printed, one more figure in a line with that figure is withheld (one per pinned figure
  per round, never two in one line at once). Cells (even zeros) go before rows' totals, and
  those before schools' case counts, so the figures a board reads first survive where they
  can; the trust's total number of cases is withheld only when a trust is too small for
  the other figures to be hidden around it (it is the board's first question); then a figure
  whose other lines already hide something (hiding it there opens no new weak line), then
  one that also helps another pinned line, then the smallest. A zero is withheld only when
  no other figure is left in those lines, and never a zero the reader knows anyway (a school
  with no cases, a row whose total is 0): withholding it would hide nothing.
- when every figure near a pinned one is already hidden, and the pin comes from the "1 or 2"
  that "fewer than 3" itself says (a school with 2 cases on two platforms: each is 1), one
  of those figures is printed as "withheld" instead, which does not say it is small.

- a withheld figure that the attacker still works out (a 0 for a referral made where none
  was advised, or a referral advised for every case) is printed after all and never
  withheld again, unless it is a 1 or 2: it protects nothing, and says nothing new.

Each step hides, relabels or settles one more figure for good, so the loop ends within three
times the number of figures; every choice is by fixed order, so the same figures give the
same report.
"""

from __future__ import annotations

from misuse_responder.dates import long_date
from misuse_responder.i18n import _
from misuse_responder.oversight.disclosure import (
    CASES,
    Key,
    Layout,
    attack,
    exact_figures,
    merged_layout,
    report_of,
)
from misuse_responder.oversight.errors import OversightError
from misuse_responder.oversight.model import TOTAL, Hidden, Merged, Report, Shown

SMALL = (1, 2)
TRUST_TOTAL: Key = (CASES, CASES, TOTAL)
_RELABEL_TRIALS = 8  # relabellings tried before taking the first


def suppress(merged: Merged, previous: Merged | None = None) -> Report:
    """The report for ``merged``, suppressed so ``disclosure.recoverable`` finds nothing;
    ``previous`` (an earlier period) is suppressed the same way, on its own."""
    prior = None
    if previous is not None:
        if previous.period_to >= merged.period_from:
            raise OversightError(
                _(
                    "The previous period ({previous_start} to {previous_end}) must end before "
                    "this report's period ({start} to {end}) starts."
                ).format(
                    previous_start=long_date(previous.period_from),
                    previous_end=long_date(previous.period_to),
                    start=long_date(merged.period_from),
                    end=long_date(merged.period_to),
                )
            )
        prior = suppress(previous)
    try:
        shown = _suppressed(merged, keep_total=True)
    except OversightError:  # a trust too small to print around its total: hide it too
        shown = _suppressed(merged, keep_total=False)
    return report_of(merged, shown, prior)


def shown_change(report: Report, section: str, category: str, column: str) -> int | None:
    """This period's figure minus the previous one's, only where both are printed: a change
    next to a hidden figure would give it back. ``section`` ``"cases"`` is the case counts."""
    if report.previous is None:
        return None
    now = _printed(report, section, category, column)
    before = _printed(report.previous, section, category, column)
    if isinstance(now, int) and isinstance(before, int):
        return now - before
    return None


def _printed(report: Report, section: str, category: str, column: str) -> Shown | None:
    if section == CASES:
        return report.cases.get(column)
    for t in report.tables:
        if t.section == section:
            if category not in t.categories or (column != TOTAL and column not in t.schools):
                return None
            return t.cells.get((category, column), 0)
    return None


def _suppressed(merged: Merged, keep_total: bool) -> dict[Key, Shown]:
    lay = merged_layout(merged)
    exact = exact_figures(merged)
    order = {k: i for i, k in enumerate(lay.keys)}
    hidden: dict[Key, Hidden] = {k: Hidden.FEWER_THAN_3 for k in lay.keys if exact[k] in SMALL}
    known = _known_zeros(lay, exact)  # figures never to withhold: the reader knows them
    lines = lay.lines()
    lines_of: dict[Key, list[int]] = {k: [] for k in lay.keys}
    for i, line in enumerate(lines):
        for k in line:
            lines_of[k].append(i)

    def shown() -> dict[Key, Shown]:
        return {k: hidden.get(k, exact[k]) for k in lay.keys}

    for _step in range(3 * len(lay.keys) + 1):
        found = attack(lay, shown(), thorough=False) or attack(lay, shown(), thorough=True)
        if not found:
            return shown()
        settled = [k for k in found if hidden[k] is Hidden.SECONDARY and exact[k] == 0]
        small = {k: v for k, v in found.items() if exact[k] in SMALL}
        if not settled and not small:
            # only withheld figures (none small) are pinned: the reader works them out
            # anyway, so they protect nothing
            settled = list(found)
        if settled:
            for k in settled:  # the reader works it out anyway: print it, never hide it again
                del hidden[k]
                known.add(k)
            continue
        found = small  # only a pinned 1 or 2 needs more hidden around it
        needy = {i for k in found for i in lines_of[k]}
        pinned = sorted(found, key=order.__getitem__)
        worded = (_worded_line(k, lines, lines_of, hidden, exact) for k in pinned)
        word_line = next((w for w in worded if w is not None), None)
        if word_line is not None:
            # hiding more cannot help where "fewer than 3" itself pins the figure: print
            # one of that line's "fewer than 3"s as "withheld" (a case count first)
            choice = min(
                (x for x in word_line if hidden.get(x) is Hidden.FEWER_THAN_3),
                key=lambda x: (x[0] != CASES, order[x]),
            )
            hidden[choice] = Hidden.SECONDARY
            continue
        # one figure for each pinned figure whose lines no other pick this round touches:
        # far fewer rounds than one at a time, and no line gets two at once
        touched: set[int] = set()
        picks = 0
        for k in sorted(found, key=order.__getitem__):
            if touched & set(lines_of[k]):
                continue
            pool = set(lines_of[k])
            pick = _pick(pool, needy, lines, lines_of, hidden, exact, known, order, keep_total)
            if pick is not None:
                hidden[pick] = Hidden.SECONDARY
                touched.update(lines_of[k], lines_of[pick])
                picks += 1
        if picks:
            continue
        relabel = _relabel(lay, found, needy, lines, hidden, exact, order)
        if relabel is None:
            break
        hidden[relabel] = Hidden.SECONDARY
    raise OversightError(
        _("These figures are too few to print safely, even with small numbers hidden.")
    )


def _worded_line(
    key: Key,
    lines: tuple[tuple[Key, ...], ...],
    lines_of: dict[Key, list[int]],
    hidden: dict[Key, Hidden],
    exact: dict[Key, int],
) -> tuple[Key, ...] | None:
    """The first line of ``key`` whose "fewer than 3"s the words' "1 or 2" pin (a school of
    2 cases on two platforms has 1 on each) whatever else is withheld, so only printing one
    of them as "withheld" helps; None if there is none."""
    return next((lines[i] for i in lines_of[key] if _only_words(lines[i], hidden, exact)), None)


def _only_words(line: tuple[Key, ...], hidden: dict[Key, Hidden], exact: dict[Key, int]) -> bool:
    """A line (its parts, then its total) whose parts are zeros and "fewer than 3"s that
    the words alone pin: a total that is "fewer than 3" too, or a printed total with every
    hidden part the same (three parts of 1 beside a printed 3 must each be 1)."""
    words = [x for x in line if hidden.get(x) is Hidden.FEWER_THAN_3]
    if not words or any(hidden.get(x) is Hidden.SECONDARY for x in line):
        return False
    if not all(x in words or not exact[x] for x in line[:-1]):
        return False  # a printed part: withholding it beside the small one is the remedy
    total = line[-1]
    return total in words or len({exact[x] for x in words}) == 1


def _known_zeros(lay: Layout, exact: dict[Key, int]) -> set[Key]:
    """Zeros the reader sees anyway (more are found as the attacker pins them)."""
    zeros = set()
    for k in lay.keys:
        if exact[k]:
            continue
        section, cat, col = k
        if (
            section == CASES
            or col == TOTAL
            or exact[(CASES, CASES, col)] == 0
            or exact[(section, cat, TOTAL)] == 0
        ):
            zeros.add(k)
    return zeros


def _pick(
    pool: set[int],
    needy: set[int],
    lines: tuple[tuple[Key, ...], ...],
    lines_of: dict[Key, list[int]],
    hidden: dict[Key, Hidden],
    exact: dict[Key, int],
    known: set[Key],
    order: dict[Key, int],
    keep_total: bool,
) -> Key | None:
    """The printed figure to withhold next among the lines of the pinned figures."""
    candidates = {k for i in sorted(pool) for k in lines[i] if k not in hidden and k not in known}
    if not candidates:
        return None
    if keep_total:  # the board's first figure: printed wherever the trust is big enough
        candidates.discard(TRUST_TOTAL)
        if not candidates:
            return None

    def score(k: Key) -> tuple[int, int, int, int, int, int]:
        helps = sum(1 for i in lines_of[k] if i in needy)
        # a line with nothing hidden yet would have exactly one hidden figure: a new weak line
        opens = sum(1 for i in lines_of[k] if not any(x in hidden for x in lines[i]))
        margin = 2 if k[0] == CASES else int(k[2] == TOTAL)
        size = -exact[k] if k[0] == CASES else exact[k]  # a big school hides a small one best
        return (margin, int(exact[k] == 0), opens, -helps, size, order[k])

    return min(candidates, key=score)


def _relabel(
    lay: Layout,
    found: dict[Key, int],
    needy: set[int],
    lines: tuple[tuple[Key, ...], ...],
    hidden: dict[Key, Hidden],
    exact: dict[Key, int],
    order: dict[Key, int],
) -> Key | None:
    """The "fewer than 3" to print as "withheld": the first (pinned ones, case counts
    first, then report order) that leaves fewer figures pinned, else the first."""
    near = {k for i in needy for k in lines[i]}
    options = sorted(
        (k for k in near | set(found) if hidden.get(k) is Hidden.FEWER_THAN_3),
        key=lambda k: (k not in found, k[0] != CASES, order[k]),
    )
    for k in options[:_RELABEL_TRIALS]:
        trial: dict[Key, Shown] = {x: hidden.get(x, exact[x]) for x in lay.keys}
        trial[k] = Hidden.SECONDARY
        if len(attack(lay, trial, thorough=False)) < len(found):
            return k
    return options[0] if options else None
