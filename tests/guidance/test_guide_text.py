"""The guides' words in Welsh (guides/text/cy/): keys, checks, and the engine unchanged."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from misuse_responder.guidance import assess, guide_text, load_guides, parse_facts
from misuse_responder.guidance.engine import support_for
from misuse_responder.guidance.guide_text import (
    TODO,
    _walk,
    file_of,
    guides_in,
    problems,
    read_lock,
    read_texts,
    texts,
    translated,
)
from misuse_responder.guidance.guides import GuideError, default_guides_dir
from tests.guidance.scenarios import SCENARIOS, Scenario

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "guide_text_script", ROOT / "scripts/guide_text.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def guides_copy(tmp_path: Path) -> Path:
    target = tmp_path / "guides"
    shutil.copytree(default_guides_dir(), target)
    shutil.rmtree(target / "text", ignore_errors=True)
    return target


def _write(folder: Path, language: str, name: str, data: dict[str, str]) -> Path:
    path = folder / "text" / language / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# --- The keys -----------------------------------------------------------------------------


def test_keys_are_made_of_ids_and_name_every_kind_of_text() -> None:
    keys = texts(load_guides())
    for key in (
        "meta/title",
        "meta/notice",
        "concerns/nude-imagery/label",
        "concerns/nude-imagery/explanation",
        "steps/report-to-ceop/title",
        "steps/report-to-ceop/detail",
        "steps/report-to-ceop/why",
        "wording/dsl/deputy-for-dsl",
        "support/everyone-not-your-fault/detail",
        "services/ceop/not_for",
        "services/police-999/hours",
        "services/ceop/links/0/label",
        "platforms/instagram/report_content/how",
        "platforms/facebook/non_user_route/links/0/label",
        "offences/soa-2003-s15a/note",
        "glossary/DSL/stands_for",
    ):
        assert key in keys, key
    # As written in the YAML: role words still to fill in.
    assert "{dsl_full}" in keys["steps/tell-dsl-now/title"]
    for key in keys:
        file_of(key)  # every key belongs to a guides file
        # A list position only where the list has no ids (links, a platform's notes).
        for i, part in enumerate(key.split("/")):
            if part.isdigit():
                assert key.split("/")[i - 1] in ("links", "notes"), key
    # Never a URL, a phone number, an id or a source.
    assert not any(re.search(r"/(url|phone|email|source|id|law|checked)$", k) for k in keys)


def test_walking_the_guides_with_their_own_words_changes_nothing() -> None:
    g = load_guides()
    assert _walk(g, lambda _key, text: text) == g


# --- The Welsh ----------------------------------------------------------------------------


def _welsh_missing() -> list[str]:
    return [
        str(p)
        for p in problems(load_guides(), "cy")
        if p.message in ("has no text", "is still TODO")
    ]


def test_every_text_has_a_welsh_text() -> None:
    # New English in guides/? Run `python scripts/guide_text.py template cy`, then write the
    # Welsh of each "TODO: " it adds (until then the app shows those texts in English).
    assert _welsh_missing() == []


def test_the_welsh_texts_keep_every_role_word_and_have_no_stale_key() -> None:
    assert [str(p) for p in problems(load_guides(), "cy", missing=False)] == []
    found = read_texts("cy")
    english = texts(load_guides())
    assert found, "guides/text/cy/ is empty"
    for key, (_file, text) in found.items():
        assert re.findall(r"\{\w+\}", text) or not re.findall(r"\{\w+\}", english[key]), key


# Welsh words after which "y"/"yr" becomes "'r" (i'r, a'r, o'r, neu'r, ...): a role word,
# which begins "y ..." in Welsh, must never follow one, or the page reads "i y DSL".
_CONTRACTING = r"(?<![\w'])(i|a|ac|o|â|ag|gyda|na|nac|neu|yw|mai|heblaw|efo)\s+\{"


def test_no_welsh_role_word_follows_a_word_that_would_contract_it() -> None:
    wrong = [
        f"{key}: {text}"
        for key, (_file, text) in read_texts("cy").items()
        if re.search(_CONTRACTING, text, re.IGNORECASE)
    ]
    assert wrong == []
    assert all(
        read_texts("cy")[f"wording/{w}/default"][1].lower().startswith("y") for w in ("dsl", "head")
    )


def test_the_welsh_steps_are_in_welsh() -> None:
    g, cy = load_guides(), guides_in("cy")
    assert cy.steps["call-999"].title != g.steps["call-999"].title
    assert cy.steps["call-999"].title == read_texts("cy")["steps/call-999/title"][1]
    # The glossary speaks Welsh too: its terms are found in the Welsh texts.
    detail = cy.steps["ukcis-immediate-referral"].detail
    assert "pum arwydd ar gyfer atgyfeiriad ar unwaith" in cy.glossary.tooltip(detail)
    assert (
        cy.glossary.explain([cy.steps["stop-do-not-view"].detail])[0].count(
            "DSL (arweinydd diogelu dynodedig)"
        )
        == 1
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_welsh_guidance_routes_exactly_as_english(scenario: Scenario) -> None:
    g, cy = load_guides(), guides_in("cy")
    facts = parse_facts(scenario.facts, g.platforms.keys())
    english, welsh = assess(facts, g), assess(facts, cy)
    assert welsh.step_ids == english.step_ids
    assert (welsh.evidence, welsh.police, welsh.escalate_to, welsh.refer_to) == (
        english.evidence,
        english.police,
        english.escalate_to,
        english.refer_to,
    )
    assert (welsh.contact_subject, welsh.rules, welsh.lead, welsh.wording) == (
        english.contact_subject,
        english.rules,
        english.lead,
        english.wording,
    )
    assert [s.source for s in welsh.steps] == [s.source for s in english.steps]
    assert [s.id for s in support_for(facts, cy, welsh)] == [
        s.id for s in support_for(facts, g, english)
    ]
    for step in welsh.steps:
        assert "{" not in step.title + step.detail, step.id  # every role word filled


# --- translated() on a copy of guides/ ------------------------------------------------------


def test_a_translation_replaces_the_text_and_keeps_ids_urls_numbers_and_sources(
    guides_copy: Path,
) -> None:
    _write(
        guides_copy,
        "cy",
        "steps.yaml",
        {
            "steps/call-999/title": "Ffoniwch 999 nawr",
            "steps/tell-dsl-now/title": "Dywedwch wrth {dsl_full} ar unwaith",
            "wording/dsl_full/default": "yr arweinydd diogelu dynodedig (DSL)",
            "steps/tell-stand-in-now/title": (
                "Os yw'r pryder am y DSL, dywedwch wrth {stand_in} ar unwaith"
            ),
            "wording/stand_in/deputy-for-dsl": "y dirprwy DSL",
        },
    )
    _write(
        guides_copy,
        "cy",
        "services.yaml",
        {
            "services/ceop/links/0/label": "Adrodd i CEOP",
            "services/police-999/hours": "Ar agor bob amser",
        },
    )
    _write(guides_copy, "cy", "meta.yaml", {"meta/title": "Ymateb i gamddefnydd ar-lein"})
    g = load_guides(guides_copy)
    cy = translated(g, "cy", guides_copy)
    assert cy.steps["call-999"].title == "Ffoniwch 999 nawr"
    assert cy.steps["call-999"].templates[0] == "Ffoniwch 999 nawr"
    assert cy.steps["tell-dsl-now"].title == (
        "Dywedwch wrth yr arweinydd diogelu dynodedig (DSL) ar unwaith"
    )
    assert cy.title == "Ymateb i gamddefnydd ar-lein"
    assert cy.services["police-999"].hours == "Ar agor bob amser"
    assert cy.services["ceop"].links[0].label == "Adrodd i CEOP"
    # What is not a text is exactly as it was.
    assert cy.services["ceop"].links[0].url == g.services["ceop"].links[0].url
    assert cy.services["police-999"].phone == g.services["police-999"].phone
    assert cy.steps["call-999"].source == g.steps["call-999"].source
    assert cy.steps.keys() == g.steps.keys()
    assert cy.version == g.version and cy.rules == g.rules and cy.routing == g.routing
    # Not translated yet: still English.
    assert cy.steps["call-999"].detail == g.steps["call-999"].detail
    assert cy.concerns == g.concerns
    # The engine fills the Welsh role words for the case: here the DSL is the one responsible.
    facts = parse_facts(
        {
            "concerns": ["immediate-danger"],
            "targets": ["pupil"],
            "subject": "staff",
            "subject_identified": True,
            "subject_is_dsl": True,
            "has_deputy_dsl": True,
        },
        g.platforms.keys(),
    )
    english, welsh = assess(facts, g), assess(facts, cy)
    assert welsh.step_ids == english.step_ids
    titles = {s.id: s.title for s in welsh.steps}
    assert titles["call-999"] == "Ffoniwch 999 nawr"
    assert welsh.wording == {"deputy-for-dsl"}
    assert titles["tell-stand-in-now"] == (
        "Os yw'r pryder am y DSL, dywedwch wrth y dirprwy DSL ar unwaith"
    )
    # Cached per guides and language; English is the guides themselves.
    assert translated(g, "cy", guides_copy) is cy
    assert translated(g, "en", guides_copy) is g


def test_a_todo_text_stays_english(guides_copy: Path) -> None:
    g = load_guides(guides_copy)
    _write(guides_copy, "cy", "steps.yaml", {"steps/call-999/title": TODO + "Call 999 now"})
    assert translated(g, "cy", guides_copy).steps["call-999"].title == "Call 999 now"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("steps.yaml", {"steps/no-such-step/title": "Dim"}, "stale key"),
        ("concerns.yaml", {"steps/call-999/title": "Ffoniwch 999"}, "belongs in"),
        ("steps.yaml", {"steps/tell-dsl-now/title": "Dywedwch wrth y DSL"}, "{dsl_full}"),
        (
            "steps.yaml",
            {"steps/tell-dsl-now/title": "Dywedwch wrth {dsl_full} a {head}"},
            "{dsl_full}",
        ),
        ("steps.yaml", {"steps/call-999/title": "Ffoniwch {999}"}, "role words"),
        ("steps.yaml", {"steps/call-999/title": " "}, "is empty"),
        ("guides.yaml", {"steps/call-999/title": "Ffoniwch"}, "not named after"),
        ("steps.yaml", {"steps/call-999/title": ["Ffoniwch"]}, "a key and a text"),
    ],
)
def test_texts_that_do_not_fit_the_guides_are_refused(
    guides_copy: Path, name: str, data: dict[str, str], message: str
) -> None:
    g = load_guides(guides_copy)
    path = _write(guides_copy, "cy", name, data)
    with pytest.raises(GuideError) as info:
        translated(g, "cy", guides_copy)
    assert info.value.file == f"text/cy/{path.name}"
    assert message in str(info.value)


def test_the_text_folder_is_part_of_the_guides_and_of_their_version(
    guides_copy: Path, tmp_path: Path
) -> None:
    before = load_guides(guides_copy)
    other = shutil.copytree(guides_copy, tmp_path / "other")
    _write(other, "cy", "meta.yaml", {"meta/title": "Ymateb i gamddefnydd ar-lein"})
    after = load_guides(other)  # guides/text/ is no unknown guides file
    assert after.version != before.version
    assert after.version.split("+")[0] == before.version.split("+")[0] == before.edition
    assert after.steps == before.steps  # loading alone translates nothing


# --- scripts/guide_text.py ------------------------------------------------------------------


def test_template_adds_every_missing_key_and_keeps_what_is_written(
    guides_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script()
    _write(
        guides_copy,
        "cy",
        "steps.yaml",
        {"steps/call-999/title": "Ffoniwch 999 nawr", "steps/gone/title": "Hen"},
    )
    assert script.main(["template", "cy", "--guides", str(guides_copy)]) == 0
    found = read_texts("cy", guides_copy)
    english = texts(load_guides(guides_copy))
    assert found["steps/call-999/title"] == ("steps.yaml", "Ffoniwch 999 nawr")
    assert found["steps/gone/title"] == ("steps.yaml", "Hen")  # kept, for check to name
    assert set(english) <= set(found)
    for key, text in english.items():
        if key != "steps/call-999/title":
            assert found[key] == (file_of(key), TODO + text), key
    assert script.main(["template", "cy", "--guides", str(guides_copy)]) == 0
    assert read_texts("cy", guides_copy) == found  # a second run changes nothing
    capsys.readouterr()
    assert script.main(["check", "cy", "--guides", str(guides_copy)]) == 1
    out = capsys.readouterr().out
    assert "steps/gone/title: names no text in guides/ (a stale key)" in out
    assert "steps/call-999/detail: is still TODO" in out
    assert "steps/call-999/title" not in out


def test_check_passes_on_a_complete_translation(
    guides_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english = texts(load_guides(guides_copy))
    by_file: dict[str, dict[str, str]] = {}
    for key, text in english.items():
        by_file.setdefault(file_of(key), {})[key] = "[cy] " + text
    for name, data in by_file.items():
        _write(guides_copy, "cy", name, data)
    script = _script()
    assert script.main(["check", "cy", "--guides", str(guides_copy)]) == 1
    assert "is not in english.lock yet (run template)" in capsys.readouterr().out
    assert script.main(["template", "cy", "--guides", str(guides_copy)]) == 0
    assert set(read_lock("cy", guides_copy)) == set(english)
    capsys.readouterr()
    assert script.main(["check", "cy", "--guides", str(guides_copy)]) == 0
    assert "cy: 0 problem(s)" in capsys.readouterr().out
    cy = guides_in("cy", guides_copy)
    assert cy.steps["call-999"].title == "[cy] Call 999 now"
    assert all(t.term.startswith("[cy] ") for t in cy.glossary.terms)


def test_a_translation_of_english_that_has_changed_since_is_not_shown(
    guides_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script()
    _write(guides_copy, "cy", "steps.yaml", {"steps/call-999/title": "Ffoniwch 999 nawr"})
    assert script.main(["template", "cy", "--guides", str(guides_copy)]) == 0
    assert translated(load_guides(guides_copy), "cy", guides_copy).steps["call-999"].title == (
        "Ffoniwch 999 nawr"
    )
    # The English is changed (in a new folder: loaded guides are cached per folder).
    other = shutil.copytree(guides_copy, tmp_path / "other")
    steps = other / "steps.yaml"
    before = steps.read_text(encoding="utf-8")
    steps.write_text(
        before.replace("title: Call 999 now\n", "title: Call 999 at once\n"), encoding="utf-8"
    )
    g = load_guides(other)
    assert g.steps["call-999"].title == "Call 999 at once"
    cy = translated(g, "cy", other)
    assert cy.steps["call-999"].title == "Call 999 at once"  # the old Welsh is not shown
    assert cy.steps["call-999"].detail == g.steps["call-999"].detail
    capsys.readouterr()
    assert script.main(["check", "cy", "--guides", str(other)]) == 1
    assert "steps/call-999/title: translates an older English text" in capsys.readouterr().out
    # template marks it TODO again, keeping the old Welsh for the translator to revise.
    assert script.main(["template", "cy", "--guides", str(other)]) == 0
    assert read_texts("cy", other)["steps/call-999/title"][1] == "TODO: Ffoniwch 999 nawr"
    assert "steps/call-999/title" not in read_lock("cy", other)
    # Revised and recorded: shown again.
    path = other / "text" / "cy" / "steps.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("TODO: Ffoniwch 999 nawr", "Ffoniwch 999 ar unwaith"), encoding="utf-8"
    )
    assert script.main(["template", "cy", "--guides", str(other)]) == 0
    guide_text._CACHE.clear()  # the app never edits its texts while running; this test does
    assert translated(g, "cy", other).steps["call-999"].title == "Ffoniwch 999 ar unwaith"


# --- The nations' overlays (guides/jurisdictions/, once guides/ has them) --------------------


def _nations() -> list[Any]:
    nations = sorted(getattr(load_guides(), "overlays", None) or {})
    return nations or [pytest.param("-", marks=pytest.mark.skip(reason="no nations in guides/"))]


@pytest.mark.parametrize("nation", _nations())
def test_each_nations_welsh_guidance_routes_exactly_as_its_english(nation: str) -> None:
    g, cy = load_guides(), guides_in("cy")
    for scenario in SCENARIOS:
        facts = parse_facts({**scenario.facts, "jurisdiction": nation}, g.platforms.keys())
        english, welsh = assess(facts, g), assess(facts, cy)
        assert welsh.step_ids == english.step_ids, scenario.name
        assert (welsh.police, welsh.escalate_to, welsh.refer_to, welsh.rules) == (
            english.police,
            english.escalate_to,
            english.refer_to,
            english.rules,
        ), scenario.name
        assert [s.source for s in welsh.steps] == [s.source for s in english.steps]
        for step in welsh.steps:
            assert "{" not in step.title + step.detail, (scenario.name, step.id)


@pytest.mark.parametrize("nation", _nations())
def test_a_nations_own_words_are_translated_in_its_overlay(guides_copy: Path, nation: str) -> None:
    g = load_guides(guides_copy)
    overlay = g.overlays[nation]
    keys = [k for k in texts(g) if k.startswith(f"jurisdictions/{nation}/")]
    assert keys and all(file_of(k) == f"jurisdictions/{nation}.yaml" for k in keys)
    assert f"jurisdictions/{nation}/name" in keys
    _write(
        guides_copy,
        "cy",
        f"jurisdictions/{nation}.yaml",
        {f"jurisdictions/{nation}/name": "[cy] " + overlay.name},
    )
    cy = translated(g, "cy", guides_copy)
    assert cy.overlays[nation].name == "[cy] " + overlay.name
    assert cy.overlays[nation].documents == overlay.documents


@pytest.mark.parametrize("nation", _nations())
def test_a_nations_view_is_never_translated_itself(nation: str) -> None:
    from misuse_responder.guidance.jurisdictions import guides_for

    with pytest.raises(ValueError, match="translate the guides first"):
        translated(guides_for(load_guides(), nation), "cy")
