"""Long text in every free-text field exports in all three packs, and all of it is there.

Through the real store (which accepts pasted text and entries up to a million characters)
and the real PDF read back with pypdf. reportlab cannot split a table row, so before the
fix any cell taller than a page (an entry of about 3,600 characters, a description of
4,500) made every pack fail with LayoutError, and the case could never be exported.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from misuse_responder.export.pack import DSL_COPY, PackOptions, render_pack
from misuse_responder.export.styles import pieces
from misuse_responder.store import Capture, CaseStore
from misuse_responder.store.text import MAX_NAME, MAX_TITLE
from tests.export.conftest import DSL, save, screenshot
from tests.support import BULLYING, SCHOOL

# Filler words use consonants only, so no name in the case can be found inside them and
# the redacted pack must keep every character of them too.
LETTERS = "bcdfghjklmnpqrstvwxz"
SHORT = "short entry by a long-named author"
PACKS = {
    "normal": PackOptions(),
    "redacted": PackOptions(redacted=True),
    "dsl": PackOptions(variant=DSL_COPY),
}


def filler(length: int, seed: int, lines: bool = True) -> str:
    """``length`` characters of words and, now and then, line breaks."""
    rnd = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < length:
        word = "".join(rnd.choice(LETTERS) for _ in range(rnd.randint(1, 11)))
        sep = "\n" if lines and rnd.random() < 0.02 else " "
        out.append(word + sep)
        size += len(word) + 1
    return "".join(out)[:length].strip() or "x"


def squeezed(text: str) -> str:
    """Text with all white space (and a soft hyphen reportlab may add) removed."""
    return re.sub(r"[\s\u00ad]+", "", text)


def body_text(path: Path) -> str:
    """Every page's text without the header and footer lines, in page order."""
    out = []
    for page in PdfReader(path).pages:
        lines = (page.extract_text() or "").splitlines()
        keep = [
            line
            for line in lines
            if line.strip() != SCHOOL
            and not re.search(
                r"Page \d+ of \d+|^Generated |OFFICIAL–SENSITIVE|MR-\d{4}-\d{4}$", line
            )
        ]
        out.append("\n".join(keep))
    return "\n".join(out)


@dataclass
class LongCase:
    case_id: int
    texts: dict[str, str]  # field -> text every pack must show in full
    names: dict[str, str]  # field -> text the redacted pack replaces


def make_case(store: CaseStore, tmp_path: Path, size: int, fields: set[str] | None) -> LongCase:
    """A case whose every free-text field (or those in ``fields``) holds ``size`` characters."""

    def want(field: str) -> bool:
        return fields is None or field in fields

    texts: dict[str, str] = {}
    seed = iter(range(100, 200))

    def text(field: str, length: int = size, lines: bool = True) -> str:
        value = filler(length, next(seed), lines)
        texts[field] = value
        return value

    title = filler(MAX_TITLE, 1, lines=False)
    cid = store.create_case(BULLYING, title, DSL).id
    store.open_case(cid, DSL)
    names = {
        "person": ("Maria Nowakowska " + "Aurelia Eleonora " * 12)[:MAX_NAME].strip(),
        "parent": "Oona Ruiz",
    }
    store.add_person(cid, role="target", kind="pupil", name=names["person"], by=DSL)
    removed = store.add_person(cid, role="witness", kind="parent", name=names["parent"], by=DSL)
    if want("removed reason"):
        store.remove_person(removed, DSL, text("removed reason"))
    if want("entry"):
        store.add_entry(cid, text("entry"), DSL)
    if want("entry without spaces"):
        store.add_entry(cid, "q" * min(size, 20_000), DSL)
        texts["entry without spaces"] = "q" * min(size, 20_000)
    author = filler(MAX_TITLE, 3, lines=False)
    store.add_entry(cid, SHORT, author)
    texts["author"] = author
    texts["title"] = title
    if want("description") or want("pasted text"):
        store.add_evidence_text(
            cid,
            text("pasted text") if want("pasted text") else "short paste",
            DSL,
            Capture(text("description") if want("description") else "short"),
        )
    if want("file description"):
        shot = save(screenshot(), tmp_path / "shot.png")
        store.add_evidence_file(
            cid,
            shot,
            DSL,
            Capture(text("file description"), device=text("device", 2000, False)),
            shows_child_sexual="no",
        )
    if want("withdrawn reason"):
        item = store.add_evidence_text(cid, "withdrawn paste", DSL, Capture("to withdraw"))
        store.withdraw_evidence(item, DSL, text("withdrawn reason"))
    actions = store.case(cid).actions
    if want("action reason"):
        store.record_action(actions[0].id, "not-applicable", DSL, reason=text("action reason"))
    if want("action reference") and len(actions) > 1:
        store.record_action(
            actions[1].id,
            "done",
            DSL,
            reference=text("action reference", 4000, False),
            reference_kind="other",
        )
    if want("close reason"):
        outcome = filler(MAX_TITLE, 4, lines=False)
        store.close_case(cid, DSL, outcome, text("close reason"))
        texts["outcome"] = outcome
    return LongCase(cid, texts, names)


def assert_all_there(case: LongCase, path: Path, pack: str) -> None:
    # a long cell's first piece shares its table row with the row's other cells (a time
    # and who, or a dash), which are read in between; the filler has no digits, dashes or
    # capitals, so taking those out leaves the long text whole
    flat = re.sub(
        r"\d\d/\d\d/\d{4}\d\d:\d\d(UTC)?(\([^)]*\))?|—|\[note\]"
        + squeezed(SHORT)
        + "|"
        + squeezed(DSL),
        "",
        squeezed(body_text(path)),
    )
    for field, value in case.texts.items():
        assert squeezed(value) in flat, f"{pack}: {field} is not all in the PDF"
    for field, name in case.names.items():
        if pack == "redacted":
            assert squeezed(name) not in flat, f"{field} shown in the redacted pack"
        else:
            assert squeezed(name) in flat, f"{pack}: {field} missing"


def test_a_cell_is_cut_into_pieces_that_each_fit_and_keep_every_character() -> None:
    text = filler(50_000, 9) + " " + "z" * 7000 + "\n" * 300 + "end"
    cut = pieces(text, 100)
    assert "".join(cut).replace("\n", "") == text.replace("\n", "")
    assert len(cut) > 10
    assert pieces("short", 100) == ["short"]


def test_every_free_text_field_of_10000_characters_exports_in_all_three_packs(
    store: CaseStore, tmp_path: Path
) -> None:
    case = make_case(store, tmp_path, 10_000, None)
    assert {"entry", "pasted text", "description", "close reason", "action reason"} <= set(
        case.texts
    )
    for pack, options in PACKS.items():
        out = tmp_path / f"{pack}.pdf"
        result = render_pack(store, case.case_id, out, options, author=DSL)
        assert result.pages == len(PdfReader(out).pages) > 10
        assert_all_there(case, out, pack)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pack", "field"),
    [("normal", "entry"), ("redacted", "pasted text"), ("dsl", "close reason")],
)
def test_a_million_characters_export(
    store: CaseStore, tmp_path: Path, pack: str, field: str
) -> None:
    case = make_case(store, tmp_path, 1_000_000, {field})
    assert len(case.texts[field]) == 1_000_000
    out = tmp_path / f"{pack}.pdf"
    result = render_pack(store, case.case_id, out, PACKS[pack], author=DSL)
    assert result.pages > 250
    assert_all_there(case, out, pack)
