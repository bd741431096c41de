"""guides/glossary.yaml: every short word staff meet is explained, once per page."""

from __future__ import annotations

from misuse_responder.guidance import load_guides

REQUIRED = (
    "DSL",
    "LADO",
    "CEOP",
    "POSH",
    "SWGfL",
    "IWF",
    "UKCIS",
    "KCSIE",
    "the five signs for an immediate referral",
    "DSL copy",
)


def test_the_glossary_explains_every_term_the_issue_names() -> None:
    terms = {t.term for t in load_guides().glossary.terms}
    assert set(REQUIRED) <= terms


def test_a_term_is_spelled_out_at_its_first_use_on_a_page_only() -> None:
    words = load_guides().glossary
    out = words.explain(["Tell the DSL now.", "The DSL decides.", "Then ask the LADO."])
    assert out[0] == "Tell the DSL (designated safeguarding lead) now."
    assert out[1] == "The DSL decides."
    assert out[2] == "Then ask the LADO (local authority designated officer)."
    # Already spelled out by the page itself: nothing added, and not again later.
    out = words.explain(["the designated safeguarding lead (DSL) says", "then the DSL"])
    assert out == ["the designated safeguarding lead (DSL) says", "then the DSL"]
    # "the DSL (or the police)": no second bracket; the next use is spelled out instead.
    out = words.explain(["until the DSL (or the police) decides", "Tell the DSL."])
    assert out == [
        "until the DSL (or the police) decides",
        "Tell the DSL (designated safeguarding lead).",
    ]
    # Inside a bracket already: a comma, not a nested bracket.
    assert words.explain(["Report Harmful Content (run by SWGfL)"]) == [
        "Report Harmful Content (run by SWGfL, a UK online safety charity)"
    ]
    # "DSL copy" is its own term: its DSL is not expanded inside it.
    assert words.explain(["Make the DSL copy."]) == ["Make the DSL copy."]


def test_the_hover_text_names_each_term_used() -> None:
    words = load_guides().glossary
    hover = words.tooltip(
        "Ask POSH, or the DSL copy, and check the five signs for an immediate referral"
    )
    assert "POSH: The Professionals Online Safety Helpline" in hover
    assert "DSL copy: " in hover and "\nDSL: " not in hover
    assert "the five signs for an immediate referral: " in hover
    assert words.tooltip("Nothing short here.") == ""
