"""The scenario table for a school in Scotland: incident facts and the full routing each must
produce under guides/jurisdictions/scotland.yaml.

Each row is written from Scotland's guidance and law (the National Guidance for Child
Protection in Scotland 2021, updated 2023; Police Scotland's reporting routes; Scots law), not
from the engine's output. Where a row differs from England's, ``why`` says how and ``source``
what it follows.
"""

from __future__ import annotations

from typing import Any

from tests.guidance.scenarios import Scenario

NGCPS = "National Guidance for Child Protection in Scotland 2021 (updated 2023)"
NO_HARM = {"harmed": "no", "offence": "no", "risk": "no", "unsuitable": "no"}


def facts(*concerns: str, **kw: Any) -> dict[str, Any]:
    return {"concerns": list(concerns), "jurisdiction": "scotland", **kw}


BY_PUPIL = {"subject": "pupil", "subject_identified": True}

SCOTLAND_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "a pupil of 14 shares a nude of another pupil of 14",
        facts(
            "nude-imagery",
            platform="snapchat",
            targets=["pupil"],
            target_age="13-15",
            subject_age="13-15",
            **BY_PUPIL,
        ),
        "do-not-capture",
        "consider",
        ("dsl",),
        ("iwf", "report-remove"),
        False,
        first_steps=("tell-dsl-now", "stop-do-not-view"),
        includes=("record-description", "dsl-decides-in-school", "signpost-report-remove"),
        excludes=("preserve-evidence", "refer-childrens-social-care"),
        why="Between children of the same age the co-ordinator decides, with police advice.",
        source=f"{NGCPS} Part 3; Civic Government (Scotland) Act 1982 s52",
    ),
    Scenario(
        "an adult stranger sends sexual images to a pupil of 12",
        facts(
            "obscene-material",
            platform="instagram",
            targets=["pupil"],
            subject="adult",
            target_age="under-13",
        ),
        "do-not-capture",
        "report",
        ("dsl",),
        ("ceop", "childrens-social-care", "platform"),
        False,
        includes=("report-to-police", "refer-childrens-social-care", "report-to-ceop"),
        excludes=("preserve-evidence",),
        why="An adult sending sexual images to a young child: Police Scotland and social work.",
        source="Sexual Offences (Scotland) Act 2009 s23; CEOP is UK-wide",
    ),
    Scenario(
        "an adult grooms a pupil of 13 in a game",
        facts(
            "grooming", platform="roblox", targets=["pupil"], subject="adult", target_age="13-15"
        ),
        "capture",
        "report",
        ("dsl",),
        ("ceop", "childrens-social-care", "platform"),
        False,
        first_steps=("tell-dsl-now",),
        includes=("report-to-police", "refer-childrens-social-care", "do-not-alert-subject"),
        source="Protection of Children and Prevention of Sexual Offences (Scotland) Act 2005 s1",
    ),
    Scenario(
        "sextortion of a pupil of 16 by an unknown account",
        facts("sextortion", platform="instagram", targets=["pupil"], target_age="16-17"),
        "do-not-capture",
        "report",
        ("dsl",),
        ("ceop", "childrens-social-care", "iwf", "report-remove"),
        False,
        includes=("ukcis-immediate-referral", "do-not-pay-or-reply", "report-to-police"),
        excludes=("preserve-evidence",),
        why="A child under 18 in the images, blackmail: a child protection referral the same day.",
        source=f"{NGCPS} Part 3; Civic Government (Scotland) Act 1982 s52",
    ),
    Scenario(
        "a scam message sent to a pupil",
        facts("scam", platform="whatsapp", targets=["pupil"]),
        "capture",
        "report",
        ("dsl",),
        ("platform",),
        False,
        includes=("report-to-police", "block-after-preserving"),
        excludes=("report-action-fraud",),
        why=(
            "England refers scams to Report Fraud (Action Fraud), which takes no reports from "
            "Scotland: here the scam is reported to Police Scotland on 101."
        ),
        source="Police Scotland, scams and frauds; Citizens Advice Scotland, reporting a scam",
    ),
    Scenario(
        "a fake school page scams parents",
        facts(
            "scam",
            "impersonation",
            platform="facebook",
            targets=["school", "parent"],
            subject="adult",
        ),
        "capture",
        "report",
        ("headteacher",),
        ("platform", "platform-impersonation", "posh", "report-harmful-content"),
        False,
        includes=("report-to-police", "report-impersonation", "call-posh"),
        excludes=("report-action-fraud",),
        why="No Report Fraud in Scotland; POSH and Report Harmful Content are UK-wide.",
        source="Police Scotland, scams and frauds; UK Safer Internet Centre",
    ),
    Scenario(
        "racist abuse of a pupil by another pupil",
        facts("hate", platform="tiktok", targets=["pupil"], **BY_PUPIL),
        "capture",
        "report",
        ("dsl",),
        ("platform", "report-harmful-content"),
        False,
        includes=("report-to-police",),
        excludes=("report-true-vision",),
        why=(
            "England reports hate crime through True Vision, which does not cover Scotland: "
            "here it goes to Police Scotland's hate crime form or 101."
        ),
        source="https://www.scotland.police.uk/secureforms/hate-crime/",
    ),
    Scenario(
        "a teacher sends a pupil inappropriate private messages",
        facts(
            "staff-conduct",
            platform="instagram",
            targets=["pupil"],
            subject="staff",
            subject_identified=True,
        ),
        "capture",
        "consider",
        ("dsl", "headteacher"),
        ("childrens-social-care",),
        False,
        includes=("ird-about-staff", "do-not-alert-subject", "follow-allegations-procedure"),
        excludes=("contact-lado",),
        before=(("ird-about-staff", "follow-allegations-procedure"),),
        why=(
            "Scotland has no LADO: a concern about staff that may meet the harm threshold goes "
            "to social work and the police, who decide at an interagency referral discussion."
        ),
        source=f"{NGCPS} Part 3 (interagency referral discussions)",
    ),
    Scenario(
        "the head teacher sends a pupil of 14 sexual messages",
        facts(
            "grooming",
            platform="snapchat",
            targets=["pupil"],
            subject="headteacher",
            subject_identified=True,
            target_age="13-15",
        ),
        "capture",
        "report",
        ("chair", "dsl"),
        ("ceop", "childrens-social-care", "platform"),
        False,
        includes=("tell-chair", "ird-about-staff", "report-to-police"),
        excludes=("tell-headteacher", "contact-lado"),
        why=(
            "A council school has no governing body: the concern about the head teacher goes to "
            "the council's education service (the chair id), never to the head teacher."
        ),
        source="Education (Scotland) Act 2016 s25; Scottish Parliament written answer S5W-09458",
    ),
    Scenario(
        "the child protection co-ordinator is the subject, and there is a depute",
        facts(
            "staff-conduct",
            platform="instagram",
            targets=["pupil"],
            subject="staff",
            subject_identified=True,
            subject_is_dsl=True,
        ),
        "capture",
        "consider",
        ("deputy-dsl", "headteacher"),
        ("childrens-social-care",),
        False,
        includes=("tell-deputy-dsl", "ird-about-staff"),
        excludes=("tell-dsl", "tell-dsl-now", "contact-lado"),
        source=f"{NGCPS} Part 3",
    ),
    Scenario(
        "the head teacher, who is the co-ordinator, is the subject and there is no depute",
        facts(
            "staff-conduct",
            platform="instagram",
            targets=["pupil"],
            subject="headteacher",
            subject_identified=True,
            head_is_dsl=True,
            has_deputy_dsl=False,
        ),
        "capture",
        "consider",
        ("chair",),
        ("childrens-social-care",),
        False,
        includes=("tell-chair", "ird-about-staff"),
        excludes=("tell-headteacher", "tell-head-who-is-dsl", "tell-dsl"),
        source="Education (Scotland) Act 2016 s25; " + NGCPS + " Part 3",
    ),
    Scenario(
        "a concern about a teacher's posts below the harm threshold",
        facts(
            "staff-conduct",
            platform="x",
            targets=["pupil"],
            subject="staff",
            subject_identified=True,
            harm_tests=NO_HARM,
        ),
        "capture",
        "none",
        ("dsl", "headteacher"),
        (),
        False,
        includes=("record-low-level-concern", "follow-allegations-procedure"),
        excludes=("ird-about-staff", "refer-childrens-social-care"),
        why="Not a child protection concern: the head teacher records it; no social work referral.",
        source="the school's social media policy",
    ),
    Scenario(
        "a parent threatens a teacher online",
        facts(
            "threats",
            platform="facebook",
            targets=["staff"],
            subject="parent",
            subject_identified=True,
        ),
        "capture",
        "report",
        ("headteacher",),
        ("platform", "posh", "report-harmful-content"),
        False,
        includes=("report-to-police", "call-posh"),
        source="Criminal Justice and Licensing (Scotland) Act 2010 s38",
    ),
    Scenario(
        "a pupil says they will hurt themselves tonight",
        facts("immediate-danger", "self-harm", platform="tiktok", targets=["pupil"]),
        "capture",
        "999",
        ("dsl",),
        ("childrens-social-care", "platform", "report-harmful-content"),
        False,
        first_steps=("call-999", "tell-dsl-now", "keep-child-safe"),
        source=f"{NGCPS} Part 3; Police Scotland (999)",
    ),
    Scenario(
        "a pupil shares extremist material",
        facts("extremism", platform="telegram", targets=["pupil"], **BY_PUPIL),
        "capture",
        "consider",
        ("dsl",),
        ("platform", "prevent"),
        False,
        includes=("refer-prevent",),
        why="Prevent works in Scotland, under its own Prevent duty guidance for Scotland.",
        source="Prevent duty guidance for Scotland",
    ),
    Scenario(
        "an adult sends an unasked-for sexual image to a member of staff",
        facts(
            "obscene-material",
            platform="other",
            targets=["staff"],
            subject="adult",
            target_age="18-plus",
        ),
        "do-not-capture",
        "consider",
        ("headteacher",),
        ("platform", "posh"),
        False,
        includes=("record-description", "seek-police-advice"),
        source="Sexual Offences (Scotland) Act 2009 s6",
    ),
    Scenario(
        "an intimate image of a member of staff is shared",
        facts(
            "nude-imagery", platform="x", targets=["staff"], subject="adult", target_age="18-plus"
        ),
        "do-not-capture",
        "consider",
        ("dsl", "headteacher"),
        ("posh",),
        False,
        includes=("adult-intimate-image", "record-description"),
        source="Abusive Behaviour and Sexual Harm (Scotland) Act 2016 s2",
    ),
    Scenario(
        "flashing images are sent to a pupil with epilepsy",
        facts("flashing-images", platform="x", targets=["pupil"], subject="adult"),
        "capture",
        "report",
        ("dsl",),
        ("platform",),
        False,
        includes=("flashing-images-safety", "report-to-police"),
        source=(
            "NHS first aid advice for seizures; "
            "Criminal Justice and Licensing (Scotland) Act 2010 s38"
        ),
    ),
    Scenario(
        "a pupil makes a fake account of a teacher",
        facts("impersonation", platform="instagram", targets=["staff"], **BY_PUPIL),
        "capture",
        "none",
        ("dsl", "headteacher"),
        ("platform", "platform-impersonation", "posh", "report-harmful-content"),
        False,
        includes=("report-impersonation", "call-posh"),
        source="UK Safer Internet Centre (POSH is UK-wide)",
    ),
    Scenario(
        "a journalist asks about an incident",
        facts("press", platform="none", targets=["school"]),
        "capture",
        "none",
        ("headteacher", "slt"),
        (),
        False,
        includes=("tell-slt",),
        source="the school's social media policy",
    ),
)
