"""The redacted pack hides every way a child's name is written (issue 9 item 7, 15 item 17).

Before: names were matched whole-word as typed or accent-free, so the redacted pack
showed ``zofia_wisniewska`` (also as the evidence file name), ``ZofiaWisniewska``,
``zofia2011``, ``MaryJane``, the surname of ``Liam O’Brien`` and ``OBrien``, the inflected
``Zofii Wiśniewskiej``, the diminutive ``Zosia`` and the handle ``@jade_x09`` in a
description and in pasted text.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from misuse_responder.export import redact
from misuse_responder.export.pack import DSL_COPY, PackOptions, render_pack
from misuse_responder.store import Capture, CaseStore
from misuse_responder.store.errors import InvalidChange
from tests.export.conftest import DSL, STAFF, normalised, pdf_text, save, screenshot
from tests.support import BULLYING

ZOFIA = "Zofia Wiśniewska"
MARY = "Mary-Jane Hughes"
LIAM = "Liam O’Brien"  # typographic apostrophe, as a phone types it
HANDLE = "@jade_x09"

VARIANTS = [
    "zofia_wisniewska",
    "ZofiaWisniewska",
    "zofia2011",
    "ZOFIA",
    "Zofia.Wisniewska",
    "zofia-wisniewska",
    "MaryJane",
    "Mary Jane",
    "maryjane_h",
    "O’Brien",
    "O'Brien",
    "OBrien",
    "Obrien",
    "Liam O\u02bcBrien",
    "Zofii Wiśniewskiej",
    "Wiśniewskiej",
    "Zosia",
    "zosia",
    "jade_x09",
    "@jade_x09",
    "Jade_X09",
]

# What must never appear in the redacted pack, matched on the folded PDF text.
LEAKS = re.compile(r"(?<![a-z])(zofi|wisniew|zosi|mary|o?brien|jade_?x09|hughes|liam)")


def folded(text: str) -> str:
    """Lower case, no accents, no apostrophes (so 'O’Brien' reads as 'obrien')."""
    decomposed = unicodedata.normalize("NFKD", normalised(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub("['\u2019\u02bc]", "", plain)


@pytest.fixture
def case(store: CaseStore, tmp_path: Path) -> int:
    cid = store.create_case(BULLYING, f"Posts about {ZOFIA} and Zosia", DSL).id
    store.open_case(cid, DSL)
    zofia = store.add_person(cid, role="target", kind="pupil", name=ZOFIA, by=DSL)
    store.add_person(cid, role="subject", kind="pupil", name=MARY, by=DSL)
    store.add_person(cid, role="witness", kind="pupil", name=LIAM, by=DSL)
    store.add_person(cid, role="witness", kind="staff", name=STAFF, by=DSL)
    store.set_person_aliases(zofia, ["Zosia", "", "zosia", "  "], DSL)
    for n, variant in enumerate(VARIANTS):
        store.add_entry(cid, f"Entry {n}: {variant} was mentioned by {STAFF}.", DSL)
    store.add_entry(cid, "Zofii Wiśniewskiej nie było; MaryJane i OBrien tak.", DSL)
    shot = save(screenshot(), tmp_path / "zofia_wisniewska.png")
    store.add_evidence_file(
        cid,
        shot,
        DSL,
        Capture(
            f"Post by {HANDLE} naming ZofiaWisniewska",
            "https://x.test/p/1",
            HANDLE,
            device="Zosia's iPhone",
        ),
        shows_child_sexual="no",
    )
    store.add_evidence_text(
        cid, f"{HANDLE}: zofia2011 is a loser, ask MaryJane", DSL, Capture("Pasted comment")
    )
    return cid


def test_every_variant_is_redacted_in_the_redacted_pack(
    store: CaseStore, case: int, tmp_path: Path
) -> None:
    out = tmp_path / "redacted.pdf"
    render_pack(store, case, out, PackOptions(redacted=True), author=DSL)
    text = normalised(pdf_text(out))
    flat = folded(text)
    assert not LEAKS.findall(flat), sorted(set(LEAKS.findall(flat)))
    assert "Pupil A" in text and "Pupil B" in text and "Pupil C" in text
    assert STAFF in text  # staff keep their names
    assert "Pupil A.png" in text  # the evidence file name, its extension kept
    assert "[handle withheld]" in text


@pytest.mark.parametrize("options", [PackOptions(), PackOptions(variant=DSL_COPY)])
def test_the_other_packs_keep_every_name(
    store: CaseStore, case: int, tmp_path: Path, options: PackOptions
) -> None:
    out = tmp_path / "pack.pdf"
    render_pack(store, case, out, options, author=DSL)
    text = normalised(pdf_text(out))
    for needle in (ZOFIA, "zofia_wisniewska.png", "ZofiaWisniewska", "Zosia", HANDLE, "MaryJane"):
        assert needle in text, needle


def test_aliases_are_stored_audited_and_shown_on_the_person(store: CaseStore, case: int) -> None:
    person = next(p for p in store.case(case).people if p.name == ZOFIA)
    assert person.aliases == ("Zosia",)
    trail = [e.kind for e in store.audit_trail(case)]
    assert "person.aliases" in trail
    assert store.set_person_aliases(person.id, ["Zosia", "@zosia_w"], DSL) == ("Zosia", "@zosia_w")
    with pytest.raises(InvalidChange):
        store.set_person_aliases(person.id, [f"t{n}" for n in range(60)], DSL)
    assert store.verify().ok


def test_variants_one_by_one(store: CaseStore, case: int) -> None:
    people = store.case(case).people
    red = redact.build(people, True, [HANDLE])
    for variant in VARIANTS:
        out = red(f"before {variant} after")
        assert out.startswith("before ") and out.endswith(" after"), (variant, out)
        assert not LEAKS.search(folded(out)), (variant, out)
    assert red("zofia_wisniewska.png") == "Pupil A.png"
    assert red("@zofia2011") == "@Pupil A"
    assert red("Zofii Wiśniewskiej") == "Pupil A"
    assert red(f"{STAFF} saw it") == f"{STAFF} saw it"
    assert red("Zofia's phone") == "Pupil A's phone"
    # ordinary words are left alone
    for word in ("March", "market", "Maryland's", "marble", "library"):
        assert red(word) == word or word.lower().startswith("mary"), word
    assert red("a zof b") == "a zof b"


def test_inactive_redactor_changes_nothing(store: CaseStore, case: int) -> None:
    red = redact.build(store.case(case).people, False, [HANDLE])
    assert red("zofia_wisniewska @jade_x09") == "zofia_wisniewska @jade_x09"


def test_a_million_characters_are_redacted_quickly(store: CaseStore, case: int) -> None:
    import time

    red = redact.build(store.case(case).people, True, [HANDLE])
    text = ("Zofii poszła do szkoły z ZofiaWisniewska i @jade_x09. " * 20_000)[:1_000_000]
    start = time.perf_counter()
    out = red(text)
    assert time.perf_counter() - start < 20
    assert not LEAKS.search(folded(out))
