"""``misuse-responder assess PATH``: facts as JSON in, guidance as JSON out."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from misuse_responder.cli.common import Fail, read_json
from misuse_responder.guidance import FactsError, GuideError, assess_data
from misuse_responder.i18n import _


def register(sub: Any) -> None:
    p = sub.add_parser(
        "assess",
        help=_("print the guidance for incident facts given as JSON"),
        description=_("Read incident facts as JSON from PATH (or - for standard input)."),
    )
    p.add_argument("path", metavar="PATH", help=_("a JSON file of incident facts, or - for stdin"))
    p.add_argument(
        "--with-support",
        action="store_true",
        help=_("also print the support to offer the people affected (key 'support')"),
    )
    p.set_defaults(handler=run)


def _fail(message: str) -> int:
    sys.stderr.write(_("misuse-responder assess: {message}").format(message=message) + "\n")
    return 2


def run(ns: argparse.Namespace) -> int:
    try:
        data = read_json(ns.path)
    except Fail as exc:
        return _fail(str(exc))
    try:
        guidance = assess_data(data)
    except FactsError as exc:
        return _fail(str(exc))
    except GuideError as exc:
        sys.stderr.write(_("misuse-responder: the guides are broken: {error}").format(error=exc))
        sys.stderr.write("\n")
        return 3
    data = guidance.to_dict()
    if ns.with_support:  # outside the published contract, so only when asked for
        data["support"] = guidance.support_to_dict()
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
