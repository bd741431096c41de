"""The committed catalogues (scripts/i18n.py): the POT is current, the Welsh keeps placeholders."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def i18n_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_script"] = module
    spec.loader.exec_module(module)
    return module


def welsh(script: ModuleType) -> Catalog:
    with script.po_path("cy").open("rb") as handle:
        return read_po(handle, locale="cy")


def test_the_committed_pot_lists_exactly_the_messages_in_the_code(i18n_script: ModuleType) -> None:
    assert i18n_script.stale_problems() == []


def test_a_message_missing_from_the_pot_is_reported(
    i18n_script: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pot = tmp_path / "old.pot"
    pot.write_text(
        i18n_script.POT.read_text(encoding="utf-8").replace('msgid "Settings"\n', 'msgid "X"\n'),
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n_script, "POT", pot)
    problems = i18n_script.stale_problems()
    assert "not in the POT: 'Settings'" in problems
    assert "in the POT but no longer in the code: 'X'" in problems


def test_every_message_of_the_pot_is_in_the_welsh_catalogue(i18n_script: ModuleType) -> None:
    with i18n_script.POT.open("rb") as handle:
        pot = read_po(handle)
    assert i18n_script.message_ids(pot) <= i18n_script.message_ids(welsh(i18n_script))


def test_the_welsh_catalogue_has_welsh_six_plural_forms(i18n_script: ModuleType) -> None:
    catalog = welsh(i18n_script)
    assert catalog.num_plurals == 6
    assert "nplurals=6;" in catalog.plural_forms


def test_every_welsh_translation_keeps_the_placeholders_of_its_message(
    i18n_script: ModuleType,
) -> None:
    assert list(i18n_script.placeholder_problems(welsh(i18n_script))) == []


def test_a_lost_or_invented_placeholder_is_reported(i18n_script: ModuleType) -> None:
    po = (
        'msgid ""\nmsgstr ""\n"Language: cy\\n"\n'
        '"Plural-Forms: nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n == 3 ? 3'
        ' : n == 6 ? 4 : 5);\\n"\n\n'
        'msgid "Sent to {name}."\nmsgstr "Anfonwyd."\n\n'
        'msgid "Saved {when}."\nmsgstr "Cadwyd {pryd}."\n\n'
        'msgid "Kept {what}."\nmsgstr "Cadwyd {what}."\n\n'
        'msgid "{n} case"\nmsgid_plural "{n} cases"\n'
        'msgstr[0] "{n} achos"\nmsgstr[1] "un achos"\nmsgstr[2] "{n} achos"\n'
        'msgstr[3] "{n} achos"\nmsgstr[4] "{n} achos"\nmsgstr[5] "{n} achos"\n'
    )
    catalog = read_po(io.BytesIO(po.encode()), locale="cy")
    problems = list(i18n_script.placeholder_problems(catalog))
    assert problems == [
        "'Sent to {name}.': the translation has no {name}",
        "'Saved {when}.': the translation has no {when}",
        "'Saved {when}.': the translation has {pryd}, which the message has not",
        "'{n} case' (form 1): the translation has no {n}",
    ]


def test_merge_fills_empty_texts_and_marks_a_message_turned_plural_fuzzy(
    i18n_script: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locale = tmp_path / "locale"
    po = locale / "cy" / "LC_MESSAGES" / "misuse_responder.po"
    po.parent.mkdir(parents=True)
    # The real catalogue's messages, with every Welsh text emptied (the real one is filled).
    blank = read_po(io.BytesIO(i18n_script.po_path("cy").read_bytes()), locale="cy")
    for message in blank:
        if message.id:
            message.string = ("",) * 6 if message.pluralizable else ""
    with po.open("wb") as out:
        write_po(out, blank)
    monkeypatch.setattr(i18n_script, "LOCALE", locale)
    source = tmp_path / "part.po"
    source.write_text(
        'msgid ""\nmsgstr ""\n"Language: cy\\n"\n\n'
        'msgid "Settings"\nmsgstr "Gosodiadau"\n\n'
        'msgid "Sent {n} pages to the printer."\nmsgstr "Anfonwyd {n} tudalen i\'r argraffydd."\n\n'
        'msgid "A message the code no longer has"\nmsgstr "Neges"\n\n'
        'msgid "Language"\nmsgstr ""\n',
        encoding="utf-8",
    )
    counts = i18n_script.merge("cy", [source])
    assert counts == {"filled": 1, "fuzzy": 1, "kept": 0, "unknown": 1}
    merged = welsh(i18n_script)
    assert merged.get("Settings").string == "Gosodiadau"
    assert merged.get("Language").string == ""
    plural = merged.get(("Sent {n} page to the printer.", "Sent {n} pages to the printer."))
    assert plural.fuzzy
    assert list(plural.string) == ["Anfonwyd {n} tudalen i'r argraffydd."] * 6
    # merged again: what is there is kept
    assert i18n_script.merge("cy", [source])["kept"] == 1
