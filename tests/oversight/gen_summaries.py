"""Generated school summaries for the merge and suppression tests: counted case by case,
the way oversight/counts.py counts, so every guarantee the attacker may use holds."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from misuse_responder.oversight.model import CLOSE_BANDS, SECTIONS, School, SchoolSummary

START = dt.date(2026, 9, 1)
END = dt.date(2026, 12, 31)
MADE = dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.UTC)

CONCERNS = ("bullying", "grooming", "hate", "nudes", "scam", "threats")
CLASSES = ("conduct/bullying", "contact/grooming", "content/aggressive", "content/sexual")
PLATFORMS = ("discord", "instagram", "other", "snapchat", "tiktok", "whatsapp")
TARGETS = ("pupil", "staff", "parent")
POLICE = ("999", "report", "consider", "none")
REFERRALS = ("ceop", "chair", "lado", "social-care")


def school(i: int) -> School:
    return School(f"School {i:02d}", f"FP{i:02d}-{'ABCD' * 4}")


def counted(rng: random.Random, n: int) -> dict[str, dict[str, int]]:
    """``n`` random cases, counted once per category like the app."""
    c: dict[str, Counter[str]] = {s: Counter() for s in SECTIONS}
    for _ in range(n):
        c["concern"].update(rng.sample(CONCERNS, rng.choice((1, 1, 2))))
        c["classification"].update(rng.sample(CLASSES, rng.choice((1, 2))))
        c["platform"][rng.choice(PLATFORMS)] += 1
        c["affected"].update(rng.sample(TARGETS, rng.choice((1, 1, 2))))
        status = rng.choice(("open", "closed", "closed"))
        c["status"][status] += 1
        band = CLOSE_BANDS[4] if status == "open" else rng.choice(CLOSE_BANDS[:4])
        c["time_to_close"][band] += 1
        police = rng.choice(POLICE)
        c["police"][police] += 1
        advised = [f"police:{police}"] if police != "none" else []
        advised += rng.sample(REFERRALS, rng.choice((0, 0, 1, 2)))
        c["referrals_advised"].update(advised)
        c["referrals_made"].update(a for a in advised if rng.random() < 0.6)
    return {s: {k: v for k, v in sorted(cnt.items()) if v} for s, cnt in c.items()}


def summary(
    i: int,
    rng: random.Random,
    n: int,
    *,
    start: dt.date = START,
    end: dt.date = END,
    version: str = "2026.3",
) -> SchoolSummary:
    return SchoolSummary(school(i), start, end, version, MADE, n, counted(rng, n))


def trust(seed: int, schools: int = 12, low: int = 0, high: int = 40) -> list[SchoolSummary]:
    rng = random.Random(seed)
    return [summary(i, rng, rng.randint(low, high)) for i in range(schools)]
