"""Fixtures for exports: a real encrypted store with a realistic case, and PDF helpers."""

from __future__ import annotations

import io
import random
import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from misuse_responder.store import (
    FAST_KDF_FOR_TESTS,
    Capture,
    CaseStore,
    ContactInfo,
    SchoolProfile,
)
from tests.support import BULLYING, PASSPHRASE, SCHOOL

HEAD = "Helen Whitcombe"
CHAIR = "Charles Abernethy"
DSL = "Dana Okafor"

PUPIL_PL = "Łukasz Wróblewski"
PUPIL_VI = "Nguyễn Thị Ánh"
PUPIL_AR = "محمد العلي"
PUPIL_ZH = "李雷"
PARENT = "Agnieszka Wróblewska"
STAFF = "Mr Tom Baxter"

HEAD_SUBJECT: dict[str, Any] = {
    "concerns": ["staff-conduct"],
    "targets": ["pupil"],
    "subject": "headteacher",
    "subject_identified": True,
}


class Clock:
    """Moves one second on every reading, so every event in a pack has its own time."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def screenshot(width: int = 480, height: int = 270, seed: int = 0) -> Image.Image:
    """A flat 'UI' picture: panels and lines of text-like marks."""
    rnd = random.Random(seed)
    image = Image.new("RGB", (width, height), (245, 245, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, height // 10), fill=(60, 90, 160))
    for row in range(12):
        y = height // 8 + row * (height // 16)
        draw.text(
            (10, y),
            f"comment {row} by user_{rnd.randint(1, 99)}: you are so weird",
            fill=(20, 20, 20),
        )
    return image


def photo(width: int = 400, height: int = 300, seed: int = 1) -> Image.Image:
    """Photo-like noise with gradients (many distinct colours)."""
    rnd = random.Random(seed)
    data = bytes(rnd.randrange(256) for _ in range(width * height * 3))
    noisy = Image.frombytes("RGB", (width, height), data)
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    return Image.blend(noisy, gradient, 0.6)


def save(image: Image.Image, path: Path, fmt: str = "PNG") -> Path:
    image.save(path, fmt)
    return path


@pytest.fixture
def store(isolated_data_dir: Path) -> Iterator[CaseStore]:
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    s, _recovery = CaseStore.create(
        isolated_data_dir, PASSPHRASE, SCHOOL, actor=DSL, kdf=FAST_KDF_FOR_TESTS, clock=clock
    )
    s.set_school(
        SchoolProfile(
            SCHOOL,
            "england",
            (
                ContactInfo("head", HEAD, "Headteacher"),
                ContactInfo("chair", CHAIR, "Chair of Governors"),
                ContactInfo("dsl", DSL, "Designated Safeguarding Lead"),
            ),
        ),
        DSL,
    )
    yield s
    s.close()


def add_people(store: CaseStore, case_id: int) -> None:
    store.add_person(
        case_id, role="target", kind="pupil", name=PUPIL_PL, by=DSL, year_group="Year 9"
    )
    store.add_person(
        case_id, role="subject", kind="pupil", name=PUPIL_VI, by=DSL, year_group="Year 9"
    )
    store.add_person(case_id, role="witness", kind="pupil", name=PUPIL_AR, by=DSL)
    store.add_person(case_id, role="witness", kind="pupil", name=PUPIL_ZH, by=DSL)
    store.add_person(case_id, role="reporter", kind="parent", name=PARENT, by=DSL)
    store.add_person(case_id, role="witness", kind="staff", name=STAFF, by=DSL)


@pytest.fixture
def case_id(store: CaseStore, tmp_path: Path) -> int:
    """A bullying case with people in four scripts, entries, an action and evidence."""
    cid = store.create_case(BULLYING, f"Comments about {PUPIL_PL} on Instagram", DSL).id
    store.open_case(cid, DSL)
    add_people(store, cid)
    store.add_entry(
        cid, f"{PARENT} phoned: Lukasz was upset by comments from Ánh. {STAFF} saw it.", DSL
    )
    store.add_entry(
        cid, f"Spoke to {PUPIL_AR} and {PUPIL_ZH}; both saw the posts. <b>not bold</b> & co", STAFF
    )
    action = store.case(cid).actions[0]
    store.record_action(action.id, "done", DSL, reference="IG-12345", reference_kind="platform")
    shots = tmp_path / "shots"
    shots.mkdir()
    capture = Capture("Screenshot of the comments", "https://instagram.com/p/abc", "@nasty_account")
    store.add_evidence_file(
        cid, save(screenshot(seed=1), shots / "one.png"), DSL, capture, shows_child_sexual="no"
    )
    store.add_evidence_file(
        cid, save(screenshot(seed=2), shots / "two.png"), DSL, capture, shows_child_sexual="no"
    )
    store.add_evidence_file(
        cid,
        save(photo(), shots / "photo.jpg", "JPEG"),
        DSL,
        Capture("A photo of the screen"),
        shows_child_sexual="no",
    )
    store.add_evidence_text(cid, f"you are weird {PUPIL_PL}", DSL, Capture("Pasted comment"))
    store.add_evidence_link(cid, "https://instagram.com/nasty_account", DSL, Capture("The account"))
    return cid


def pdf_text(path: Path, password: str | None = None) -> str:
    reader = PdfReader(path)
    if password is not None:
        reader.decrypt(password)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def normalised(text: str) -> str:
    """Extracted text with Arabic presentation forms folded back (NFKC) and spaces squeezed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def image_count(path: Path, password: str | None = None) -> int:
    reader = PdfReader(path)
    if password is not None:
        reader.decrypt(password)
    count = 0
    for page in reader.pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        xobjects = resources.get_object().get("/XObject")
        if xobjects is None:
            continue
        for ref in xobjects.get_object().values():
            if ref.get_object().get("/Subtype") == "/Image":
                count += 1
    return count


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
