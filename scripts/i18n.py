"""The UI's gettext catalogues, managed with Babel: ``python scripts/i18n.py [COMMAND]``.

    extract  the messages of desktop/misuse_responder into locale/misuse_responder.pot
    update   bring each language's .po up to date with the POT (new messages with no text)
    compile  build each .po into its .mo (git-ignored; setup.sh and packaging/build.sh run it)
    check    the committed POT is current, and every {placeholder} of a message is in its
             translation and no other: says what is wrong and exits 1
    merge LANGUAGE FILE.po...
             copy the translations in FILE.po (made from an older POT, say) into the
             language's .po where it has none yet; a message that became a plural one gets
             the old text in every form, marked fuzzy (not compiled) until its forms are
             written; then update and compile

With no command: extract, update, compile. Keywords: ``_`` and ``ngettext:1,2`` only (no Qt
``tr``: the Qt-free core, the command line and the GUI share one catalogue). The POT lists
files, not line numbers, and is sorted, so an edit elsewhere in a file does not change it.
"""

from __future__ import annotations

import contextlib
import io
import string
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop" / "misuse_responder"
LOCALE = PACKAGE / "locale"
DOMAIN = "misuse_responder"
POT = LOCALE / f"{DOMAIN}.pot"
LANGUAGES = ("cy",)  # English is the source language: it has no catalogue
KEYWORDS = ("_", "ngettext:1,2")


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _babel(*args: str) -> None:
    with contextlib.chdir(ROOT):  # the POT names files relative to the repository
        CommandLineInterface().run(["pybabel", "--quiet", *args])


def _dateless(text: str) -> str:
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith(_DATE_LINES)
    )


_DATE_LINES = ('"POT-Creation-Date:', '"PO-Revision-Date:')


@contextlib.contextmanager
def _keep_if_only_dates(path: Path) -> Iterator[None]:
    """Leave ``path`` as it was when what the block writes differs only in its dates, so
    running the command twice changes nothing for git."""
    before = path.read_text(encoding="utf-8") if path.exists() else None
    yield
    if before is not None and _dateless(path.read_text(encoding="utf-8")) == _dateless(before):
        path.write_text(before, encoding="utf-8")


def extract(output: Path = POT) -> None:
    """Write the POT of every ``_``/``ngettext`` message in the package to ``output``."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with _keep_if_only_dates(output):
        _extract(output)


def _extract(output: Path) -> None:
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    _babel(
        "extract",
        "--no-default-keywords",
        *keywords,
        "--add-location=file",
        "--sort-output",
        "--project=Misuse Responder",
        "--copyright-holder=Misuse Responder",
        "--charset=utf-8",
        "-o",
        str(output),
        str(PACKAGE.relative_to(ROOT)),
    )


def update() -> None:
    """Merge the POT into each language's .po, creating it (all texts empty) when missing."""
    for language in LANGUAGES:
        po = po_path(language)
        if not po.exists():
            _babel("init", "-D", DOMAIN, "-i", str(POT), "-d", str(LOCALE), "-l", language)
        else:
            with _keep_if_only_dates(po):
                _babel("update", "-D", DOMAIN, "-i", str(POT), "-d", str(LOCALE), "-l", language)


def compile_all() -> None:
    """Build each language's .mo from its .po (fuzzy entries left out: English shows)."""
    for language in LANGUAGES:
        if po_path(language).exists():
            _babel("compile", "-D", DOMAIN, "-d", str(LOCALE), "-l", language)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def message_ids(catalog: Catalog) -> set[tuple[str, ...]]:
    """Each message's context, singular and plural (the header entry left out)."""
    ids: set[tuple[str, ...]] = set()
    for message in catalog:
        if not message.id:
            continue
        parts = message.id if isinstance(message.id, tuple | list) else (message.id,)
        ids.add((message.context or "", *parts))
    return ids


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a str.format text (none when it is not one)."""
    names: set[str] = set()
    try:
        for _literal, field, _spec, _conversion in string.Formatter().parse(text):
            if field is not None:
                names.add(field.split(".", 1)[0].split("[", 1)[0])
    except ValueError:
        return set()
    return names


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(part) for part in value]
    return []


def placeholder_problems(catalog: Catalog) -> Iterator[str]:
    """A sentence per translation that lacks one of its message's placeholders, or has one
    the message has not (which would fail when the app formats it)."""
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        ids = _texts(message.id)
        wanted = placeholders(ids[0])
        allowed = set().union(*(placeholders(text) for text in ids))
        for index, text in enumerate(_texts(message.string)):
            if not text:
                continue
            have = placeholders(text)
            where = f"{ids[0]!r}" + (
                f" (form {index})" if isinstance(message, Message) and message.pluralizable else ""
            )
            for missing in sorted(wanted - have):
                yield f"{where}: the translation has no {{{missing}}}"
            for extra in sorted(have - allowed):
                yield f"{where}: the translation has {{{extra}}}, which the message has not"


def stale_problems() -> list[str]:
    """What differs between the committed POT and a fresh extraction, one line each."""
    if not POT.exists():
        return [f"{POT.relative_to(ROOT)} is missing: run 'python scripts/i18n.py extract'"]
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / f"{DOMAIN}.pot"
        extract(fresh)
        new, old = message_ids(_read(fresh)), message_ids(_read(POT))
    problems = [f"not in the POT: {ids[1]!r}" for ids in sorted(new - old)]
    problems += [f"in the POT but no longer in the code: {ids[1]!r}" for ids in sorted(old - new)]
    if problems:
        problems.append("run 'python scripts/i18n.py' and commit the POT and .po files")
    return problems


def check() -> list[str]:
    problems = stale_problems()
    for language in LANGUAGES:
        po = po_path(language)
        if not po.exists():
            problems.append(f"{po.relative_to(ROOT)} is missing: run 'python scripts/i18n.py'")
            continue
        problems += [f"{language}: {line}" for line in placeholder_problems(_read(po, language))]
    return problems


def merge(language: str, sources: list[Path]) -> dict[str, int]:
    """Fill the empty texts of ``language``'s .po from ``sources``; counts of what was done."""
    from babel.messages.pofile import write_po

    po = po_path(language)
    target = _read(po, language)
    counts = {"filled": 0, "fuzzy": 0, "kept": 0, "unknown": 0}
    by_plural = {
        (m.context, m.id[1]): m
        for m in target
        if m.id and isinstance(m.id, tuple | list) and len(m.id) > 1
    }
    for source in sources:
        for message in _read(source, language):
            if not message.id or not message.string or message.fuzzy:
                continue
            texts = _texts(message.string)
            if not any(texts):
                continue
            found = target.get(message.id, message.context)
            if found is not None:
                if any(_texts(found.string)):
                    counts["kept"] += 1  # already translated here: left as it is
                    continue
                found.string = message.string
                counts["filled"] += 1
                continue
            old = message.id if isinstance(message.id, str) else None
            plural = by_plural.get((message.context, old)) if old else None
            if plural is None or any(_texts(plural.string)):
                counts["unknown"] += 1
                continue
            plural.string = tuple(texts[0] for _ in range(target.num_plurals))
            plural.flags.add("fuzzy")
            counts["fuzzy"] += 1
    with po.open("wb") as out:
        write_po(out, target, width=76)
    return counts


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "all"
    if command == "merge":
        if len(argv) < 3:
            sys.stderr.write("usage: python scripts/i18n.py merge LANGUAGE FILE.po...\n")
            return 2
        counts = merge(argv[1], [Path(name) for name in argv[2:]])
        sys.stdout.write(
            "i18n: {filled} filled, {fuzzy} plural ones marked fuzzy (write their forms), "
            "{kept} already translated and kept, {unknown} no longer in the code\n".format(**counts)
        )
        update()
        compile_all()
        return 0
    if command in ("all", "extract"):
        extract()
    if command in ("all", "update"):
        update()
    if command in ("all", "compile"):
        compile_all()
    if command == "check":
        problems = check()
        out = io.StringIO()
        for line in problems:
            out.write(line + "\n")
        sys.stdout.write(out.getvalue() or "i18n: the catalogues are up to date\n")
        return 1 if problems else 0
    if command not in ("all", "extract", "update", "compile", "check"):
        sys.stderr.write(__doc__ or "")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
