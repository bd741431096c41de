"""The ``.mrsummary`` file: one school's counts for one period, for its trust only.

A signed JSON document (``handover/signed.py``: canonical JSON, Ed25519 by the school's
hand-over key, the school's public address inside it and the trust's fingerprint as
``to``), age-encrypted to the trust's hand-over address. The counts are exact, so only the
trust may read them; the signature means no one on the way (an email, a shared drive) can
change a figure, and ``to`` means a file meant for one trust cannot be passed off to another.
It holds counts by id, the period, the school's name, fingerprint and nation, the guide
version and when it was made: never a name, a reference or any text typed into a case.

The reader is strict (exact fields, known sections, sane ids and counts) and refuses with
one plain sentence, so a trust never merges a figure it cannot vouch for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import pyrage
from pyrage import x25519

from misuse_responder.guidance.vocabulary import JURISDICTIONS, POLICE_LEVELS
from misuse_responder.handover import signed
from misuse_responder.handover.address import HandoverAddress, from_public_dict
from misuse_responder.handover.keys import HandoverKeys
from misuse_responder.i18n import _
from misuse_responder.oversight.counts import COUNTED_STATUSES
from misuse_responder.oversight.errors import OversightError
from misuse_responder.oversight.model import (
    CLOSE_BANDS,
    EXCLUSIVE,
    FORMAT,
    FORMAT_VERSION,
    SECTIONS,
    School,
    SchoolSummary,
)

MAX_FILE: Final = 256 * 1024  # a real summary is a few kilobytes
_AGE_MAGIC = b"age-encryption.org/v1\n"
_FIELDS = {
    "format",
    "version",
    "sender",
    "to",
    "school",
    "period_from",
    "period_to",
    "guide_version",
    "made_at",
    "cases",
    "counts",
    "signature",
}
_SCHOOL_FIELDS = {"name", "fingerprint", "jurisdiction"}
_ID = re.compile(r"[a-z0-9][a-z0-9._:/-]{0,79}")
_FINGERPRINT = re.compile(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){5}")
_MAX_IDS = 500  # per section: far more than guides/ hold
_MAX_NAME = 200
_MAX_VERSION = 80
_JOINERS = frozenset("\u200c\u200d")
# Sections whose ids are fixed in code (vocabulary.py, model.py); the others may hold ids a
# newer guide added, which the trust keeps and labels by id.
_FIXED: Final = {
    "status": frozenset(COUNTED_STATUSES),
    "police": frozenset(POLICE_LEVELS),
    "time_to_close": frozenset(CLOSE_BANDS),
}


def _not_summary() -> OversightError:
    return OversightError(_("This is not a summary file from Misuse Responder."))


def _elsewhere() -> OversightError:
    return OversightError(
        _(
            "This summary file was made for someone else's address, not this one: ask the "
            "school to make it again for your address."
        )
    )


def _damaged() -> OversightError:
    return OversightError(_("This summary file is damaged: ask the school to make it again."))


def _altered() -> OversightError:
    return OversightError(
        _(
            "This summary file has been changed since the school made it, so it cannot be "
            "trusted: ask the school to make it again."
        )
    )


def _too_large() -> OversightError:
    return OversightError(_("This file is far too large to be a summary file."))


def write_summary(
    summary: SchoolSummary, keys: HandoverKeys, sender: HandoverAddress, to: HandoverAddress
) -> bytes:
    """The ``.mrsummary`` bytes: signed by ``keys`` (whose address is ``sender``), readable
    only with the identity behind ``to``."""
    if keys.verify_key_bytes != sender.verify_key_bytes:
        raise OversightError(_("This laptop's hand-over keys do not match its address."))
    if summary.school.fingerprint != sender.fingerprint:
        raise OversightError(_("The summary names another school's fingerprint than this one's."))
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "sender": sender.to_public_dict(),
        "to": to.fingerprint,
        "school": {
            "name": summary.school.name,
            "fingerprint": summary.school.fingerprint,
            "jurisdiction": summary.school.jurisdiction,
        },
        "period_from": summary.period_from.isoformat(),
        "period_to": summary.period_to.isoformat(),
        "guide_version": summary.guide_version,
        "made_at": summary.made_at.isoformat(),
        "cases": summary.cases,
        "counts": {
            s: {k: n for k, n in sorted(summary.counts.get(s, {}).items()) if n} for s in SECTIONS
        },
    }
    try:  # never write a file the trust's reader would refuse
        if set(summary.counts) - set(SECTIONS):
            raise ValueError("unknown section")
        _parse(doc)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise OversightError(
            _("These counts do not add up, so no summary file was written.")
        ) from None
    plain = signed.sign_doc(doc, keys.signing_key)
    return bytes(pyrage.encrypt(plain, [to.recipient]))


def open_summary(
    data: bytes, identity: x25519.Identity, me_fingerprint: str | None
) -> tuple[SchoolSummary, HandoverAddress]:
    """The summary in ``data`` and the address of the school that signed it.

    ``me_fingerprint`` is the reader's own hand-over fingerprint; ``None`` (a trust with only
    an age key file) leaves the decryption itself as the check that the file is for us.
    Raises ``OversightError`` with one sentence; nothing partial is ever returned.
    """
    if len(data) > MAX_FILE:
        raise _too_large()
    if not data.startswith(_AGE_MAGIC):
        raise _not_summary()
    try:
        plain = pyrage.decrypt(data, [identity])
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            raise _elsewhere() from None
        raise _damaged() from None
    except Exception:  # pyrage reports a cut-short or altered chunk as a bare OSError
        raise _damaged() from None
    try:
        doc = signed.load_doc(bytes(plain), MAX_FILE)
    except (ValueError, UnicodeDecodeError):
        raise _not_summary() from None
    if doc.get("format") != FORMAT:
        raise _not_summary()
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise OversightError(
            _("This summary file was made by a newer version of the app: update this one.")
        )
    if version != FORMAT_VERSION or set(doc) != _FIELDS:
        raise _damaged()
    try:
        sender = from_public_dict(doc["sender"])
    except Exception:
        raise _damaged() from None
    if not signed.verify_doc(doc, sender.verify_key):
        raise _altered()
    if me_fingerprint is not None and doc["to"] != me_fingerprint:
        raise _elsewhere()
    return _check_content(doc, sender), sender


def _check_content(doc: dict[str, Any], sender: HandoverAddress) -> SchoolSummary:
    """The summary the fields say, or ``_damaged()`` for anything out of shape."""
    try:
        summary = _parse(doc)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise _damaged() from None
    if summary.school.fingerprint != sender.fingerprint:
        raise _damaged()  # the school named is not the one whose keys signed it
    return summary


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ValueError("text")
    if any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in _JOINERS for ch in value):
        raise ValueError("control characters")  # as store/text.clean_line keeps names
    return value


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("count")
    return value


def _parse(doc: dict[str, Any]) -> SchoolSummary:
    if not isinstance(doc["to"], str) or not _FINGERPRINT.fullmatch(doc["to"]):
        raise ValueError("to")
    school_doc = doc["school"]
    if not isinstance(school_doc, dict) or set(school_doc) != _SCHOOL_FIELDS:
        raise ValueError("school")
    fingerprint = school_doc["fingerprint"]
    if not isinstance(fingerprint, str) or not _FINGERPRINT.fullmatch(fingerprint):
        raise ValueError("fingerprint")
    if school_doc["jurisdiction"] not in JURISDICTIONS:
        raise ValueError("jurisdiction")
    school = School(
        _text(school_doc["name"], _MAX_NAME), fingerprint, str(school_doc["jurisdiction"])
    )
    period_from, period_to = _date(doc["period_from"]), _date(doc["period_to"])
    if period_to < period_from:
        raise ValueError("period")
    made_at = datetime.fromisoformat(_plain(doc["made_at"]))
    if made_at.tzinfo is None:
        raise ValueError("made_at")
    cases = _count(doc["cases"])
    counts = _counts(doc["counts"], cases)
    return SchoolSummary(
        school=school,
        period_from=period_from,
        period_to=period_to,
        guide_version=_text(doc["guide_version"], _MAX_VERSION),
        made_at=made_at,
        cases=cases,
        counts=counts,
    )


def _plain(value: Any) -> str:
    if not isinstance(value, str) or not value.isascii():
        raise ValueError("not a plain date")
    return value


def _date(value: Any) -> date:
    """``YYYY-MM-DD`` exactly (not the other forms ``fromisoformat`` also takes)."""
    day = date.fromisoformat(_plain(value))
    if day.isoformat() != value:
        raise ValueError("date form")
    return day


def _counts(raw: Any, cases: int) -> dict[str, dict[str, int]]:
    """Every section, each id well formed, each count a whole number no larger than the
    number of cases; exclusive sections adding up to it; no referral made more often than
    it was advised. A file that breaks one of these was not made by this app."""
    if not isinstance(raw, dict) or set(raw) != set(SECTIONS):
        raise ValueError("sections")
    out: dict[str, dict[str, int]] = {}
    for section in SECTIONS:
        ids = raw[section]
        if not isinstance(ids, dict) or len(ids) > _MAX_IDS:
            raise ValueError(section)
        table: dict[str, int] = {}
        for key, value in ids.items():
            if not isinstance(key, str) or not _ID.fullmatch(key):
                raise ValueError("id")
            if section in _FIXED and key not in _FIXED[section]:
                raise ValueError("fixed id")
            if section == "classification" and key.count("/") != 1:
                raise ValueError("classification")
            n = _count(value)
            if n > cases:
                raise ValueError("more than the cases")
            table[key] = n
        if section in EXCLUSIVE and sum(table.values()) != cases:
            raise ValueError("exclusive section")
        out[section] = table
    advised = out["referrals_advised"]
    if any(n > advised.get(k, 0) for k, n in out["referrals_made"].items()):
        raise ValueError("made more than advised")
    return out


def read_summary_files(
    paths: Sequence[Path], identity: x25519.Identity, me_fingerprint: str | None
) -> list[tuple[Path, SchoolSummary, HandoverAddress]]:
    """Every file opened, or none: the first that cannot be used raises ``OversightError``
    naming it, so a report is never drawn from some of the files."""
    out: list[tuple[Path, SchoolSummary, HandoverAddress]] = []
    for path in paths:
        try:
            data = _read(Path(path))
            summary, sender = open_summary(data, identity, me_fingerprint)
        except OversightError as exc:
            raise OversightError(
                _("{file}: {problem}").format(file=Path(path).name, problem=str(exc))
            ) from None
        out.append((Path(path), summary, sender))
    return out


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE + 1)
    except FileNotFoundError:
        raise OversightError(_("There is no such file.")) from None
    except IsADirectoryError:
        raise OversightError(_("This is a folder, not a summary file.")) from None
    except OSError as exc:
        raise OversightError(
            _("The file could not be read ({detail}).").format(detail=exc.strerror or exc)
        ) from None
    if len(data) > MAX_FILE:
        raise _too_large()
    return data
