"""Generated school stores with known cases, and the trust's own store (oversight tests).

The generator keeps its own tally of what it made (``School.true``), case by case, from the
facts it chose, the advice the engine gave and the steps it recorded as done, so the trust's
report can be checked against figures that never went through ``oversight/counts.py``. It also
keeps every name, reference, title and piece of free text it typed (``School.secrets``): none
of them may reach a summary file, the report or its CSV.

The stores are real encrypted stores on disk (a store with its cases takes about half a
second with the tests' cheap passphrase KDF), left closed: the store binds the models to one
database at a time, so a test opens the one it needs. ``tests/oversight/conftest.py`` makes
the twelve once per module; the command-line tests make a few.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from misuse_responder.guidance import assess, load_guides, parse_facts
from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from tests.support import PASSPHRASE, Clock

PERIOD_FROM = date(2025, 9, 1)
PERIOD_TO = date(2026, 8, 31)
PREVIOUS_FROM = date(2024, 9, 1)
PREVIOUS_TO = date(2025, 8, 31)
TRUST_NAME = "Northern Lights Learning Trust"
LEAD = "Oversight lead"

# (name, jurisdiction, cases opened in the period): 1 case to 25, Welsh and Chinese names.
SCHOOLS: tuple[tuple[str, str, int], ...] = (
    ("St Hilda's C of E Academy", "england", 25),
    ("Ysgol Gymraeg Llanfair\u2010\u0175", "wales", 9),
    ("学校", "england", 1),
    ("Oak Hill Primary", "england", 14),
    ("Brookfield High School", "england", 21),
    ("Ysgol y Môr", "wales", 4),
    ("Kingsmead Academy", "england", 2),
    ("Riverside Free School", "england", 17),
    ("Al-Noor Girls' School \u0645\u062f\u0631\u0633\u0629", "england", 6),
    ("Łąka Community School", "england", 11),
    ("Holy Cross Catholic Primary", "england", 3),
    ("Greenacre Studio School", "england", 8),
)

# Facts that the engine accepts, from the everyday to the rare (a concern met once or twice
# in the whole trust must come out as "fewer than 3", or be withheld).
COMMON: tuple[dict[str, Any], ...] = (
    {
        "concerns": ["bullying"],
        "targets": ["pupil"],
        "subject": "pupil",
        "subject_identified": True,
    },
    {"concerns": ["harassment"], "targets": ["pupil"], "subject": "pupil"},
    {"concerns": ["bullying", "hate"], "targets": ["pupil"], "subject": "pupil"},
    {"concerns": ["impersonation"], "targets": ["staff"], "subject": "unknown"},
    {"concerns": ["defamation"], "targets": ["staff"], "subject": "parent"},
    {"concerns": ["privacy"], "targets": ["pupil", "parent"], "subject": "pupil"},
    {"concerns": ["scam"], "targets": ["school"], "subject": "unknown"},
    {"concerns": ["threats"], "targets": ["pupil"], "subject": "pupil", "target_age": "13-15"},
)
RARE: tuple[dict[str, Any], ...] = (
    {"concerns": ["extremism"], "targets": ["pupil"], "subject": "adult"},
    {"concerns": ["self-harm"], "targets": ["pupil"], "subject": "unknown"},
    {"concerns": ["staff-conduct"], "targets": ["pupil"], "subject": "staff"},
)
PLATFORMS = ("instagram", "tiktok", "snapchat", "whatsapp", "roblox", "other")

FIRST = ("Zofia", "Łukasz", "Nguyễn", "Aoife", "Kwame", "Siôn", "Priyanka", "Mateusz", "Yūki")
LAST = ("Brzęczyszczykiewicz", "Oyelaran-Whitfield", "Ní Bhraonáin", "Quartermaine", "Ffoulkes")


@dataclass
class School:
    """One generated school: where its store is, and what is true about its cases."""

    name: str
    jurisdiction: str
    root: Path
    cases: int = 0  # cases opened in the period (drafts and cases outside it excluded)
    true: dict[str, Counter[str]] = field(default_factory=dict)  # section -> id -> cases
    secrets: set[str] = field(default_factory=set)
    fingerprint: str = ""
    summary: Path | None = None  # this period's .mrsummary
    previous: Path | None = None  # the previous period's

    def count(self, section: str, *categories: str) -> None:
        counter = self.true.setdefault(section, Counter())
        for category in dict.fromkeys(categories):  # once per case and category
            counter[category] += 1


@dataclass
class Trust:
    """The trust's own store (its hand-over keys are the address schools encrypt to)."""

    root: Path
    address_file: Path
    fingerprint: str
    identity_file: Path  # the same identity as an age key file, for --identity


@dataclass
class World:
    trust: Trust
    schools: list[School]
    folder: Path

    def true_total(self) -> int:
        return sum(s.cases for s in self.schools)

    def true_row(self, section: str, category: str) -> int:
        return sum(s.true.get(section, Counter())[category] for s in self.schools)

    def secrets(self) -> set[str]:
        return set().union(*(s.secrets for s in self.schools))

    def by_fingerprint(self) -> dict[str, School]:
        return {s.fingerprint: s for s in self.schools}


def _band(opened: datetime, closed: datetime | None) -> str:
    if closed is None:
        return "still-open"
    days = (closed - opened).total_seconds() / 86400
    if days <= 1:
        return "within-1-day"
    if days <= 7:
        return "2-7-days"
    if days <= 30:
        return "8-30-days"
    return "over-30-days"


def _name(rnd: random.Random) -> str:
    return f"{rnd.choice(FIRST)} {rnd.choice(LAST)}-{rnd.randrange(100, 999)}"


def _facts(rnd: random.Random, index: int, school_index: int) -> dict[str, Any]:
    # The rare concerns appear in only two schools in all: their trust totals are 1 and 2.
    if index == 0 and school_index in (3, 4):
        base = dict(RARE[0] if school_index == 3 else RARE[1])
    elif index == 1 and school_index == 4:
        base = dict(RARE[1])
    else:
        base = dict(rnd.choice(COMMON))
    base["platform"] = rnd.choice(PLATFORMS)
    return base


def _referrals(
    guidance: dict[str, Any], done: set[str], jurisdiction: str
) -> tuple[list[str], list[str]]:
    """What the engine advised, by id, and which of it was recorded as done (its routed step
    in the nation's guides)."""
    from misuse_responder.guidance.jurisdictions import guides_for

    routing = guides_for(load_guides(), jurisdiction).routing
    pairs: list[tuple[str, str | None]] = []
    police = str(guidance.get("police", "none"))
    if police != "none":
        pairs.append((f"police:{police}", routing.police.get(police)))
    for e in guidance.get("escalate_to", []) or []:
        if e in ("lado", "chair"):
            pairs.append((e, routing.escalate_to.get(e)))
    for r in guidance.get("refer_to", []) or []:
        pairs.append((r, routing.refer_to.get(r)))
    advised = [i for i, _step in pairs]
    made = [i for i, step in pairs if step is not None and step in done]
    return advised, made


def _make_case(
    store: CaseStore, school: School, rnd: random.Random, facts: dict[str, Any], *, draft: bool
) -> tuple[int, datetime, str]:
    """A case with a person, a note and some steps done; its free text kept as a secret."""
    pupil = _name(rnd)
    staff = _name(rnd)
    title = f"Messages sent to {pupil} after the trip {rnd.randrange(10_000, 99_999)}"
    summary = store.create_case(facts, title, staff)
    school.secrets.update({pupil, staff, title, summary.reference})
    if draft:  # the wizard left it: never counted
        return summary.id, summary.opened_at, staff
    store.open_case(summary.id, staff)
    store.add_person(summary.id, role="target", kind="pupil", name=pupil, by=staff)
    note = f"{pupil}'s mother rang about the posts; ticket {rnd.randrange(10**6, 10**7)}"
    store.add_entry(summary.id, note, staff)
    school.secrets.add(note)
    return summary.id, summary.opened_at, staff


def _steps_done(
    store: CaseStore, school: School, case_id: int, rnd: random.Random, by: str
) -> set[str]:
    """About half the advised steps recorded as done, each with a platform reference."""
    done: set[str] = set()
    for action in store.case(case_id).actions:
        if rnd.random() < 0.5:
            ref = f"PLAT-{rnd.randrange(10**5, 10**6)}"
            store.record_action(action.id, "done", by, reference=ref, reference_kind="platform")
            school.secrets.add(ref)
            done.add(action.step_id)
    return done


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


def _plan(rnd: random.Random, wanted: int) -> list[tuple[datetime, str]]:
    """When each case is opened: ``wanted`` in the period, one the day before it starts and
    one the day after it ends, two earlier in the previous period, and a draft. A day's margin
    at each edge, so the laptop's time zone cannot move a case across one."""
    start, end = _at(PERIOD_FROM), _at(PERIOD_TO) + timedelta(days=1)
    span, day = (end - start).total_seconds(), 86400.0
    plan = [(start + timedelta(seconds=rnd.uniform(day, span - day)), "in") for _ in range(wanted)]
    plan += [(start - timedelta(hours=30), "out"), (end + timedelta(hours=30), "out")]
    plan += [(_at(PREVIOUS_FROM) + timedelta(days=rnd.uniform(1, 300)), "out") for _ in range(2)]
    plan.append((start + timedelta(seconds=rnd.uniform(day, span - day)), "draft"))
    return sorted(plan)


def make_school(
    index: int, spec: tuple[str, str, int], folder: Path, trust_address: bytes
) -> School:
    """One school's store, its true counts, and its summary files for both periods."""
    name, jurisdiction, wanted = spec
    rnd = random.Random(1300 + index)
    school = School(name, jurisdiction, folder / f"school-{index:02d}")
    clock = Clock(_at(PREVIOUS_FROM) - timedelta(days=10))
    store, _recovery = CaseStore.create(
        school.root,
        PASSPHRASE,
        name,
        jurisdiction=jurisdiction,
        actor="Setup",
        kdf=FAST_KDF_FOR_TESTS,
        clock=clock,
    )
    guides = load_guides()
    try:
        school.fingerprint = store.handover_address().fingerprint
        store.set_trust_address(trust_address, "Setup")
        # Every change happens in time order (opening, steps, closing), as on a real laptop.
        events: list[tuple[datetime, int, str, Any]] = []
        for n, (moment, kind) in enumerate(_plan(rnd, wanted)):
            if kind == "in":
                facts = _facts(rnd, school.cases, index)
            elif kind == "draft":
                facts = dict(RARE[2], platform="x")
            else:
                facts = dict(COMMON[0], platform="tiktok")
            facts["jurisdiction"] = jurisdiction
            events.append((moment, n, "open", (facts, kind)))
            if kind == "in":
                school.cases += 1
        cases: dict[int, tuple[int, datetime, dict[str, Any], str]] = {}
        closed: dict[int, datetime] = {}
        done: dict[int, set[str]] = {}
        while events:
            events.sort(key=lambda e: (e[0], e[1]))
            moment, n, what, data = events.pop(0)
            clock.now = max(clock.now, moment)
            if what == "open":
                facts, kind = data
                case_id, opened, staff = _make_case(
                    store, school, rnd, facts, draft=kind == "draft"
                )
                if kind == "draft":
                    continue
                cases[n] = (case_id, opened, facts, kind)
                done[n] = _steps_done(store, school, case_id, rnd, staff)
                if rnd.random() < 0.7:
                    delay = rnd.choice(
                        (
                            timedelta(hours=6),
                            timedelta(days=4),
                            timedelta(days=15),
                            timedelta(days=45),
                        )
                    )
                    events.append((opened + delay, n, "close", None))
            else:
                reason = f"Resolved after meeting {rnd.randrange(1000, 9999)} with the family"
                outcome = f"Outcome agreed {rnd.randrange(1000, 9999)}"
                store.close_case(cases[n][0], "DSL", outcome, reason)
                closed[n] = clock.now
                school.secrets.update({reason, outcome})
        for n, (case_id, opened, facts, kind) in cases.items():
            if kind != "in":
                continue
            checked = parse_facts(facts, guides.platforms.keys())
            guidance = assess(checked).to_dict()
            stored = store.guidance(case_id)  # the advice the store recorded must be the same
            for key in ("classification", "police", "escalate_to", "refer_to"):
                assert stored[key] == guidance[key], (key, stored[key], guidance[key])
            school.count("concern", *checked.concerns)
            school.count(
                "classification", *(f"{c['area']}/{c['kind']}" for c in guidance["classification"])
            )
            school.count("platform", checked.platform)
            school.count("affected", *checked.targets)
            school.count("status", "closed" if n in closed else "open")
            school.count("police", str(guidance["police"]))
            school.count("time_to_close", _band(opened, closed.get(n)))
            advised, made = _referrals(guidance, done[n], jurisdiction)
            school.count("referrals_advised", *advised)
            school.count("referrals_made", *made)
        clock.now = datetime(2026, 9, 10, 9, 0, tzinfo=UTC)
        summaries = folder / "summaries"
        summaries.mkdir(exist_ok=True)
        school.summary = store.write_trust_summary(
            PERIOD_FROM, PERIOD_TO, summaries / f"{index:02d}.mrsummary", "DSL"
        )
        school.previous = store.write_trust_summary(
            PREVIOUS_FROM, PREVIOUS_TO, summaries / f"{index:02d}-previous.mrsummary", "DSL"
        )
    finally:
        store.close()
    return school


def make_trust(folder: Path) -> Trust:
    """The trust's oversight lead's own store: its hand-over address is what schools set."""
    from misuse_responder.store import handover_keys

    folder.mkdir(parents=True, exist_ok=True)
    root = folder / "trust"
    store, _recovery = CaseStore.create(
        root, PASSPHRASE, TRUST_NAME, actor=LEAD, kdf=FAST_KDF_FOR_TESTS
    )
    try:
        address_file = folder / "trust.mraddr"
        address_file.write_bytes(store.handover_address_file())
        identity_file = folder / "trust-key.txt"
        identity_file.write_text(handover_keys.keys().age_identity_text(), encoding="utf-8")
        fingerprint = store.handover_address().fingerprint
    finally:
        store.close()
    return Trust(root, address_file, fingerprint, identity_file)


def open_trust(world: World) -> CaseStore:
    return CaseStore.open(world.trust.root, PASSPHRASE)


def make_world(folder: Path, specs: tuple[tuple[str, str, int], ...] = SCHOOLS) -> World:
    """The trust and its schools, each school's summary files written to the trust."""
    trust = make_trust(folder)
    address = trust.address_file.read_bytes()
    return World(
        trust, [make_school(i, spec, folder, address) for i, spec in enumerate(specs)], folder
    )


@dataclass
class Hostile:
    """Files a trust must refuse, each beside the twelve good ones."""

    tampered: Path  # one school's file with one byte changed
    duplicate: Path  # a second file from one school for the same period
    overlapping: Path  # one school's file for a period overlapping this one
    other_trust: Path  # a school's file encrypted to a different trust
    newcomer: Path  # a school the trust has never confirmed
    newcomer_fingerprint: str
    newcomer_name: str


def _reopen(school: School, when: datetime) -> CaseStore:
    return CaseStore.open(school.root, PASSPHRASE, clock=Clock(when))


def make_hostile(world: World) -> Hostile:
    folder = world.folder / "hostile"
    folder.mkdir()
    later = datetime(2026, 9, 11, 9, 0, tzinfo=UTC)
    first, second, third = world.schools[:3]
    assert first.summary is not None
    data = bytearray(first.summary.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = folder / "tampered.mrsummary"
    tampered.write_bytes(bytes(data))
    with _reopen(first, later) as store:
        duplicate = store.write_trust_summary(
            PERIOD_FROM, PERIOD_TO, folder / "again.mrsummary", "DSL"
        )
    with _reopen(second, later) as store:
        overlapping = store.write_trust_summary(
            date(2026, 1, 1), date(2026, 12, 31), folder / "overlap.mrsummary", "DSL"
        )
    other = make_trust(world.folder / "other")
    with _reopen(third, later) as store:
        store.set_trust_address(other.address_file.read_bytes(), "DSL")
        other_trust = store.write_trust_summary(
            PERIOD_FROM, PERIOD_TO, folder / "elsewhere.mrsummary", "DSL"
        )
        store.set_trust_address(world.trust.address_file.read_bytes(), "DSL")
    newcomer = make_school(
        99, ("Newcomer Academy", "england", 5), folder, world.trust.address_file.read_bytes()
    )
    assert newcomer.summary is not None
    return Hostile(
        tampered,
        duplicate,
        overlapping,
        other_trust,
        newcomer.summary,
        newcomer.fingerprint,
        newcomer.name,
    )
