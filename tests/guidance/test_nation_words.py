"""No England-only word reaches a school in Wales, Scotland or Northern Ireland.

Every text a user of a nation can see is read from that nation's view of the guides (steps in
every wording context, rules.yaml's summaries and sources as the checklists print them, the
services that cover the nation, support, concerns, offences, who leads about the head, and
each glossary explanation a page would show for those texts). None may name England's
guidance or roles: KCSIE, UKCIS, Working Together, MASH, Ofsted, the DfE, nor the LADO unless
the nation's overlay keeps the `lado` role available (Wales: its councils' officer exists,
under another name), nor the DSL where the nation's title for the lead differs. England's
view is the guides as written, word for word.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from misuse_responder.guidance import GuideError, load_guides
from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.guides import Guides, default_guides_dir, fill_wording
from misuse_responder.guidance.jurisdictions import (
    PLATFORM_ROUTES,
    available,
    cited_documents,
    guides_for,
    head_concern,
    overlay_of,
    role_available,
    role_label,
)

OTHER_NATIONS = ("wales", "scotland", "northern-ireland")

ENGLAND_ONLY: dict[str, re.Pattern[str]] = {
    "KCSIE": re.compile(r"\bKCSIE\b|keeping children safe in education", re.IGNORECASE),
    "UKCIS": re.compile(r"\bUKCIS\b"),
    # Wales's own statutory guidance is "Working Together to Safeguard People".
    "Working Together": re.compile(r"Working Together(?! to Safeguard People)"),
    # England's role by its name; "Scotland has no local authority designated officer" may stay.
    "LADO": re.compile(r"\bLADO\b|Local Authority Designated Officer"),
    "MASH": re.compile(r"\bMASH\b|Multi-Agency Safeguarding Hub", re.IGNORECASE),
    "Ofsted": re.compile(r"\bOfsted\b"),
    "DfE": re.compile(r"\bDfE\b|Department for Education"),
}


def _filled(text: str, wording: dict[str, dict[str, str]]) -> Iterator[str]:
    """``text`` as the engine may show it: with its role words in every context."""
    for context in ("", *v.WORDING_CONTEXTS):
        yield fill_wording(text, wording, {context} if context else set())


def shown_texts(view: Guides, nation: str) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of ``view`` a user of ``nation`` can see."""
    for step in view.steps.values():
        for name, template in zip(("title", "detail", "why"), step.templates, strict=True):
            for text in _filled(template, view.wording):
                yield f"steps.{step.id}.{name}", text
        yield f"steps.{step.id}.source", step.source
    for rule in view.rules:
        yield f"rules.{rule.id}.summary", rule.summary
        yield f"rules.{rule.id}.source", rule.source
    for service in view.services.values():
        if service.jurisdictions and nation not in service.jurisdictions:
            continue  # never referred to, so never shown
        for name in ("name", "for_", "not_for", "how", "note", "source"):
            yield f"services.{service.id}.{name}", getattr(service, name) or ""
    for item in view.support:
        for name, template in zip(("title", "detail"), item.templates, strict=True):
            for text in _filled(template, view.wording):
                yield f"support.{item.id}.{name}", text
        yield f"support.{item.id}.source", item.source
    for concern in view.concerns.values():
        for name in ("label", "explanation", "source"):
            yield f"concerns.{concern.id}.{name}", getattr(concern, name)
    for offence in view.offences.values():
        for name in ("name", "law", "source", "extent", "note"):
            yield f"offences.{offence.id}.{name}", getattr(offence, name) or ""
    for platform in view.platforms.values():
        for index, note in enumerate(platform.notes):
            yield f"platforms.{platform.id}.notes[{index}]", note
        for field in PLATFORM_ROUTES:
            route = getattr(platform, field)
            if route is not None:
                yield f"platforms.{platform.id}.{field}.how", route.how
                yield f"platforms.{platform.id}.{field}.note", getattr(route, "note", None) or ""
    lead = head_concern(view, nation)
    if lead is not None:
        yield "head_concern.label", lead.label
        yield "head_concern.source", lead.source


def with_glossary(view: Guides, texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The texts plus each glossary explanation a page showing them would give."""
    out = list(texts)
    for term in view.glossary.terms:
        if any(term.pattern.search(text) for _where, text in texts):
            out.append((f"glossary.{term.term}", f"{term.stands_for or ''} {term.meaning}"))
    return out


# England's title for the school's lead, wrong wherever the nation's own title differs.
DSL = re.compile(r"\bDSL\b|designated safeguarding lead", re.IGNORECASE)


def england_words_in(nation: str, guides: Guides | None = None) -> list[str]:
    view = guides_for(guides or load_guides(), nation)
    allowed = {"LADO"} if role_available(view, nation, "lado") else set()
    words = dict(ENGLAND_ONLY)
    if not DSL.search(role_label(view, nation, "dsl")):
        words["DSL"] = DSL
    found = []
    for where, text in with_glossary(view, list(shown_texts(view, nation))):
        for word, pattern in words.items():
            if word not in allowed and (hit := pattern.search(text)):
                found.append(f"{where}: {hit.group(0)!r} in {text!r}")
    return found


@pytest.mark.parametrize("nation", OTHER_NATIONS)
def test_no_england_only_word_reaches_another_nation(nation: str) -> None:
    assert nation in available(load_guides())
    found = england_words_in(nation)
    assert not found, "\n".join(found)


def test_the_check_finds_englands_words_in_englands_view() -> None:
    # The same reading of England's view finds KCSIE, UKCIS, MASH and the DfE: the check can fail.
    view = guides_for(load_guides(), "england")
    texts = with_glossary(view, list(shown_texts(view, "england")))
    words = {w for w, pattern in ENGLAND_ONLY.items() for _, t in texts if pattern.search(t)}
    assert {"KCSIE", "UKCIS", "MASH", "DfE", "LADO", "Working Together"} <= words


def test_the_check_finds_a_re_wording_taken_away(guides_copy: Path) -> None:
    # Wales's re-wording of Snapchat's second note moved to its fifth, and its social
    # services' "how" turned into a writer's comment: England's words come back, and are found.
    path = guides_copy / "jurisdictions" / "wales.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  snapchat:\n    notes:\n      1:", "  snapchat:\n    notes:\n      4:", 1)
    text = text.replace(
        "\n    how: >-\n      The DSP reports to the social services",
        "\n    comment: >-\n      x",
        1,
    )
    path.write_text(text, encoding="utf-8")
    found = england_words_in("wales", load_guides(guides_copy))
    assert any(f.startswith("platforms.snapchat.notes[1]: 'DSL'") for f in found), found
    assert any(f.startswith("services.childrens-social-care.how: 'MASH'") for f in found), found


def test_englands_view_is_the_guides_as_written() -> None:
    base = load_guides()
    england = guides_for(base, "england")
    assert [(r.id, r.summary, r.source) for r in england.rules] == [
        (r.id, r.summary, r.source) for r in base.rules
    ]
    assert england.services == base.services
    assert england.glossary == base.glossary
    overlay = overlay_of(base, "england")
    assert not overlay.rule_words and not overlay.services and not overlay.glossary


@pytest.mark.parametrize("nation", OTHER_NATIONS)
def test_rule_words_change_the_words_and_never_the_rule(nation: str) -> None:
    base = load_guides()
    view = guides_for(base, nation)
    overlay = overlay_of(base, nation)
    assert overlay.rule_words, f"{nation} re-words no rule"
    by_id = {r.id: r for r in view.rules}
    for rule in base.rules:
        words = overlay.rule_words.get(rule.id)
        shown = by_id[rule.id]
        assert shown.summary == (words.summary if words and words.summary else rule.summary)
        assert shown.source == (words.source if words and words.source else rule.source)
        assert shown.when == rule.when
        if all(s in view.steps for s in rule.then.get("steps", ())):
            assert shown.then == rule.then


@pytest.mark.parametrize("nation", OTHER_NATIONS)
def test_services_and_glossary_read_in_the_nations_words(nation: str) -> None:
    base = load_guides()
    view = guides_for(base, nation)
    social = view.services["childrens-social-care"]
    assert social.name != base.services["childrens-social-care"].name
    assert "MASH" not in social.how
    # Which cases go to a service is unchanged: only its texts differ.
    assert social.excluded_when == base.services["childrens-social-care"].excluded_when
    assert social.jurisdictions == base.services["childrens-social-care"].jurisdictions
    signs = {t.term: t for t in view.glossary.terms}["the five signs for an immediate referral"]
    assert "UKCIS" not in signs.meaning
    assert "the DSL" not in signs.meaning


def test_wales_names_its_own_officer_and_lead() -> None:
    view = guides_for(load_guides(), "wales")
    assert view.services["lado"].name == "Designated Officer for Safeguarding (local authority)"
    rules = {r.id: r for r in view.rules}
    assert "Designated Officer for Safeguarding" in rules["adult-in-school-harm-lado"].summary
    assert "the DSP" in rules["pupil-involved-dsl"].summary
    assert "DSP" in {t.term for t in view.glossary.terms}


def test_the_welsh_nudes_guidance_is_cited_by_its_real_title() -> None:
    guides = load_guides()
    welsh = guides.documents["wg-sharing-nudes"]
    assert [d.id for d in cited_documents(guides, welsh.title)] == ["wg-sharing-nudes"]
    england = guides.documents["ukcis-sharing-nudes-2024"]
    assert [d.id for d in cited_documents(guides, england.title)] == ["ukcis-sharing-nudes-2024"]
    assert [d.id for d in cited_documents(guides, "UKCIS Sharing nudes and semi-nudes (2024)")] == [
        "ukcis-sharing-nudes-2024"
    ]
    wales = guides_for(guides, "wales")
    sources = [s.source for s in wales.steps.values()] + [r.source for r in wales.rules]
    assert any(welsh.title in source for source in sources)


# --- The loader refuses a bad re-wording, naming the file and the field --------------------------


@pytest.fixture
def guides_copy(tmp_path: Path) -> Path:
    target = tmp_path / "guides"
    shutil.copytree(default_guides_dir(), target)
    return target


def _replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


BROKEN = [
    (
        _replace("platforms:\n  snapchat:\n", "platforms:\n  snapchat2:\n"),
        "jurisdictions/wales.yaml: platforms.snapchat2: unknown platform 'snapchat2'",
    ),
    (
        _replace("  snapchat:\n    notes:\n      1:", "  snapchat:\n    notes:\n      9:"),
        "jurisdictions/wales.yaml: platforms.snapchat.notes.9: 'snapchat' has 5 notes",
    ),
    (
        _replace("      non_user_route:\n", "      non_user_rout:\n"),
        "jurisdictions/wales.yaml: platforms.youtube.routes.non_user_rout: unknown route",
    ),
    (
        _replace(
            "rule_words:\n  always-keep-a-record:\n", "rule_words:\n  always-keep-a-recrod:\n"
        ),
        "jurisdictions/wales.yaml: rule_words.always-keep-a-recrod: unknown rule "
        "'always-keep-a-recrod' (not in rules.yaml)",
    ),
    (
        _replace(
            "rule_words:\n  always-keep-a-record:\n",
            "rule_words:\n  always-keep-a-record:\n    when: {}\n",
        ),
        "jurisdictions/wales.yaml: rule_words.always-keep-a-record.when: unknown field",
    ),
    (
        _replace(
            "rule_words:\n",
            "rule_words:\n  press-slt:\n    confidence: likely\n",
        ),
        "jurisdictions/wales.yaml: rule_words.press-slt: gives neither a summary nor a source",
    ),
    (
        _replace("services:\n  posh:\n", "services:\n  pohs:\n"),
        "jurisdictions/wales.yaml: services.pohs: unknown service 'pohs' (not in services.yaml)",
    ),
    (
        _replace("services:\n  posh:\n", "services:\n  posh:\n    phone: '0344 381 4772'\n"),
        "jurisdictions/wales.yaml: services.posh.phone: unknown field",
    ),
    (
        _replace("glossary:\n", "glossary:\n  DSPX:\n    confidence: likely\n"),
        "jurisdictions/wales.yaml: glossary.DSPX: unknown term 'DSPX' (not in glossary.yaml; a "
        "new term needs a meaning)",
    ),
    (
        _replace(
            "rule_words:\n  always-keep-a-record:\n    source:",
            "rule_words:\n  always-keep-a-record:\n    source: the seed notes;",
        ),
        "jurisdictions/wales.yaml: rule_words.always-keep-a-record.source: would show staff "
        "the internal word",
    ),
]


@pytest.mark.parametrize(("change", "message"), BROKEN, ids=[b[1][26:90] for b in BROKEN])
def test_a_bad_re_wording_is_refused_naming_the_file_and_field(
    guides_copy: Path, change: Callable[[str], str], message: str
) -> None:
    path = guides_copy / "jurisdictions" / "wales.yaml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(GuideError) as caught:
        load_guides(guides_copy)
    assert message in str(caught.value)
