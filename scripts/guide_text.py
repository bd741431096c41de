"""The guides' words in another language (guides/text/<language>/): template and check.

    python scripts/guide_text.py template cy   # add every missing key, as "TODO: <English>"
    python scripts/guide_text.py check cy      # missing, TODO, stale, misplaced, role words

``template`` rewrites each file of guides/text/<language>/ in the order of the guides,
keeping every text already there (a stale one at the end, for ``check`` to name), and
records in english.lock the English each translated text was made from; a text whose
English has changed since is marked ``TODO: `` again (the app shows the English meanwhile).
``check`` exits 1 and lists each problem, one line each, if there is any.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from misuse_responder.guidance.guide_text import (
    LOCK,
    TODO,
    english_mark,
    file_of,
    outdated,
    problems,
    read_lock,
    read_texts,
    text_dir,
    texts,
)
from misuse_responder.guidance.guides import GuideError, load_guides

HEADER = (
    "# {file} in {language}: key -> text, one per user-facing text of guides/{file}.\n"
    "# Keep every role word such as {{dsl}} exactly; never translate ids, URLs or numbers.\n"
    "# Made and updated by `python scripts/guide_text.py template {language}`; a text still\n"
    '# starting "TODO: " is shown in English.\n'
)
LOCK_HEADER = (
    "# For each text of guides/text/{language}/: a fingerprint of the English it was\n"
    "# translated from. When the English changes, its translation is shown in English until\n"
    "# reviewed, and `template` marks it TODO again. Written by `template`; do not edit.\n"
)


def _entry(key: str, text: str) -> str:
    """``key: text`` as YAML, folded over lines of about 96 characters when long."""
    import yaml

    one = yaml.safe_dump({key: text}, allow_unicode=True, width=10**6, sort_keys=False)
    if len(one) <= 100:
        return one
    name = yaml.safe_dump({key: 0}, allow_unicode=True, width=10**6)[: -len(": 0\n")]
    lines = textwrap.wrap(
        text, 94, initial_indent="  ", subsequent_indent="  ", break_long_words=False
    )
    folded = f"{name}: >-\n" + "\n".join(lines) + "\n"
    try:
        if yaml.safe_load(folded) == {key: text}:
            return folded
    except yaml.YAMLError:
        pass
    return one


def template(language: str, directory: Path | None = None) -> int:
    g = load_guides(directory)
    english = texts(g)
    found = read_texts(language, directory)
    lock = read_lock(language, directory)
    folder = text_dir(language, directory)
    folder.mkdir(parents=True, exist_ok=True)
    added = reopened = 0
    marks: dict[str, str] = {}
    names = [*(file_of(k) for k in english), *(where for where, _t in found.values())]
    for name in dict.fromkeys(names):
        keys = [k for k in english if file_of(k) == name]
        stale = [k for k, (where, _t) in found.items() if where == name and k not in english]
        parts = [HEADER.format(file=name, language=language)]
        for key in keys:
            if key not in found:
                text = TODO + english[key]
                added += 1
            else:
                text = found[key][1]
                if not text.startswith(TODO) and outdated(english[key], key, lock):
                    text = TODO + text  # the English changed: review it (English shown)
                    reopened += 1
                elif not text.startswith(TODO):
                    marks[key] = lock.get(key) or english_mark(english[key])
            parts.append(_entry(key, text))
        for key in stale:
            parts.append(_entry(key, found[key][1]))
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("".join(parts), encoding="utf-8")
    lines = [LOCK_HEADER.format(language=language)]
    lines += [_entry(key, mark) for key, mark in marks.items()]
    (folder / LOCK).write_text("".join(lines), encoding="utf-8")
    print(
        f"{folder}: {added} key(s) added, {reopened} marked TODO again because their English "
        f"changed, {len(english)} in all"
    )
    return 0


def check(language: str, directory: Path | None = None) -> int:
    wrong = problems(load_guides(directory), language, directory)
    for problem in wrong:
        print(problem)
    todo = sum(1 for p in wrong if p.message in ("has no text", "is still TODO"))
    print(f"{language}: {len(wrong)} problem(s), {todo} of them text(s) still to translate")
    return 1 if wrong else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("command", choices=("template", "check"))
    parser.add_argument("language", help="a language code, such as cy")
    parser.add_argument("--guides", type=Path, help="the guides folder (default: the app's)")
    args = parser.parse_args(argv)
    try:
        run = template if args.command == "template" else check
        return run(args.language, args.guides)
    except GuideError as exc:
        print(f"guides: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
