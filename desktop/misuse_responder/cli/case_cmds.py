"""``misuse-responder record FACTS --title TEXT``: a case recorded from the command line.

For IT and scripts (and the frozen build's smoke test, which must create a case with the
shipped binary alone). The facts are the same JSON ``assess`` reads, so the case gets the
same guidance the wizard would give; the steps are printed so that whoever runs it sees
what to do next, in order, as the wizard would show them.
"""

from __future__ import annotations

import argparse
from typing import Any

from misuse_responder.cli.common import (
    Fail,
    author,
    by_arg,
    data_dir_arg,
    guarded,
    open_store,
    out,
    read_json,
)
from misuse_responder.i18n import _


def register(sub: Any) -> None:
    p = sub.add_parser(
        "record",
        help=_("record a new case from incident facts given as JSON"),
        description=_(
            "Record a case from incident facts (the JSON 'assess' reads; - for standard "
            "input) and print its reference and the steps to take."
        ),
    )
    p.add_argument("path", metavar="FACTS", help=_("a JSON file of incident facts, or -"))
    p.add_argument("--title", required=True, help=_("a short title for the case"))
    p.add_argument("--note", help=_("a first chronology entry: what happened, in your words"))
    p.add_argument(
        "--draft", action="store_true", help=_("keep it as a draft (default: an open case)")
    )
    by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_record)


def run_record(ns: argparse.Namespace) -> int:
    def body() -> int:
        from misuse_responder.guidance import FactsError, assess_data

        facts = read_json(ns.path)
        try:
            assess_data(facts)  # checked before the store is opened: a typo creates nothing
        except FactsError as exc:
            raise Fail(str(exc), 2) from None
        by = author(ns)
        with open_store(ns, write=True) as store:
            case = store.create_case(facts, ns.title, by)
            if ns.note:
                store.add_entry(case.id, ns.note, by)
            if not ns.draft:
                store.open_case(case.id, by)
            steps = store.guidance(case.id).get("steps", [])
        out(case.reference)
        if steps:
            out(_("Steps to take, in order:"))
            for number, step in enumerate(steps, 1):
                out(f"  {number}. {step['title']}")
        return 0

    return guarded("record", body)
