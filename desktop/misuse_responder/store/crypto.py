"""Keys: the random data key, its two wrappings, and the recovery key's printable form.

The database is keyed with a random 256-bit key (raw, so opening costs no KDF time).
That key is kept in a small JSON key file, wrapped twice with AES-256-GCM: under a
key derived from the school's passphrase with argon2id, and under the one-time
recovery key. Changing the passphrase rewraps the data key and touches nothing else.
A wrong passphrase fails the GCM tag check on the key file, so the database itself
is never opened with a wrong key.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from misuse_responder.i18n import _, ngettext
from misuse_responder.store.errors import StoreDamaged, WrongPassphrase, WrongRecoveryKey
from misuse_responder.store.paths import atomic_write

KEY_BYTES = 32
KEY_FILE_FORMAT = 1
_AAD_PASSPHRASE = b"misuse-responder key-file v1: passphrase"
_AAD_RECOVERY = b"misuse-responder key-file v1: recovery"
_HKDF_RECOVERY = b"misuse-responder recovery key v1"

# Crockford's base32: no I, L, O or U, so a printed key cannot be misread.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = {"O": "0", "I": "1", "L": "1"}
RECOVERY_BYTES = 20  # 160 bits -> 32 characters
RECOVERY_GROUP = 4
MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class KdfParams:
    """argon2id cost. The default takes about 0.2-0.5 s; tests pass cheaper ones."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 4


FAST_KDF_FOR_TESTS = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)

# What a key file may ask argon2id for. A tampered or damaged file could otherwise ask for
# no work at all (time_cost 0, which argon2 rejects with an exception) or for terabytes of
# memory (which freezes or crashes the laptop): outside these bounds it is called damaged.
KDF_LIMITS = {"time_cost": (1, 64), "memory_kib": (1024, 4 * 1024 * 1024), "parallelism": (1, 64)}
_NONCE_BYTES = 12
_MIN_SALT = 8
_WRAPPED_BYTES = KEY_BYTES + 16
# The key file's own fields; anything else at its top level (e.g. the audit-chain anchor kept
# by store/anchor.py) is carried over unchanged whenever the file is rewritten.
_KNOWN_FIELDS = frozenset({"format", "note", "cipher", "passphrase", "recovery"})


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _normalise_passphrase(passphrase: str) -> bytes:
    # NFC so the same passphrase typed on Windows and macOS keyboards gives the same bytes.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_kdf(params: KdfParams) -> None:
    """Refuse argon2id costs no key file of ours would hold (damage or tampering)."""
    for name, (low, high) in KDF_LIMITS.items():
        value = getattr(params, name)
        if not low <= value <= high:
            raise StoreDamaged(
                _(
                    "The key file keys.json is damaged or has been changed by something other "
                    "than this app: it asks for passphrase settings no key file of ours uses "
                    "({name} {value}, allowed {low} to {high}). Restore it from a backup, or "
                    "ask IT."
                ).format(name=name, value=value, low=low, high=high)
            )
    if params.memory_kib < 8 * params.parallelism:
        raise StoreDamaged(
            _(
                "The key file keys.json is damaged or has been changed by something other than "
                "this app: its memory cost is too small for its parallelism. Restore it from a "
                "backup, or ask IT."
            )
        )


def passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The key-encryption key for ``passphrase`` (argon2id)."""
    check_kdf(params)
    try:
        return hash_secret_raw(
            secret=_normalise_passphrase(passphrase),
            salt=salt,
            time_cost=params.time_cost,
            memory_cost=params.memory_kib,
            parallelism=params.parallelism,
            hash_len=KEY_BYTES,
            type=Type.ID,
        )
    except HashingError as exc:
        # e.g. "Memory allocation error" on a laptop short of memory.
        raise StoreDamaged(
            _(
                "The passphrase could not be checked ({error}). Close other programs and try "
                "again; if it happens every time, the key file may be damaged."
            ).format(error=exc)
        ) from None


def recovery_kek(recovery: bytes, salt: bytes) -> bytes:
    """The key-encryption key for the recovery key (HKDF: it is already 160 random bits)."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=_HKDF_RECOVERY).derive(
        recovery
    )


def new_recovery_key() -> bytes:
    return secrets.token_bytes(RECOVERY_BYTES)


def format_recovery_key(raw: bytes) -> str:
    """Printable form: groups of four characters, e.g. ``7K3M-QX9P-…`` (eight groups)."""
    number = int.from_bytes(raw, "big")
    chars = []
    for _i in range(len(raw) * 8 // 5):
        chars.append(_ALPHABET[number & 31])
        number >>= 5
    text = "".join(reversed(chars))
    return "-".join(text[i : i + RECOVERY_GROUP] for i in range(0, len(text), RECOVERY_GROUP))


def parse_recovery_key(text: str) -> bytes:
    """Read a recovery key as typed: case, spaces, dashes and O/I/L look-alikes forgiven."""
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    cleaned = "".join(_READ_AS.get(ch, ch) for ch in cleaned)
    expected = RECOVERY_BYTES * 8 // 5
    if len(cleaned) != expected or any(ch not in _ALPHABET for ch in cleaned):
        raise WrongRecoveryKey(
            ngettext(
                "That is not a recovery key: it should be {count} letter or digit.",
                "That is not a recovery key: it should be {count} letters and digits.",
                expected,
            ).format(count=expected)
        )
    number = 0
    for ch in cleaned:
        number = (number << 5) | _ALPHABET.index(ch)
    return number.to_bytes(RECOVERY_BYTES, "big")


@dataclass(frozen=True)
class KeyFile:
    """The key file's contents: the data key wrapped under the passphrase and the recovery key."""

    kdf: KdfParams
    passphrase_salt: bytes
    passphrase_nonce: bytes
    passphrase_wrapped: bytes
    recovery_salt: bytes
    recovery_nonce: bytes
    recovery_wrapped: bytes
    # Top-level fields this module does not know (e.g. "anchor"), kept as they were read.
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> bytes:
        doc: dict[str, Any] = {
            "format": KEY_FILE_FORMAT,
            "note": "Misuse Responder key file. Without it the case database cannot be opened.",
            "cipher": "AES-256-GCM",
            "passphrase": {
                "kdf": {"name": "argon2id", **asdict(self.kdf)},
                "salt": _b64(self.passphrase_salt),
                "nonce": _b64(self.passphrase_nonce),
                "wrapped": _b64(self.passphrase_wrapped),
            },
            "recovery": {
                "kdf": {"name": "hkdf-sha256"},
                "salt": _b64(self.recovery_salt),
                "nonce": _b64(self.recovery_nonce),
                "wrapped": _b64(self.recovery_wrapped),
            },
        }
        doc.update((k, v) for k, v in self.extra.items() if k not in _KNOWN_FIELDS)
        return (json.dumps(doc, indent=2) + "\n").encode("utf-8")

    def with_field(self, name: str, value: Any) -> KeyFile:
        """The same key file with one extra top-level field set (e.g. the audit anchor)."""
        if name in _KNOWN_FIELDS:
            raise ValueError(f"{name} is one of the key file's own fields")
        return replace(self, extra={**self.extra, name: value})

    @classmethod
    def from_json(cls, data: bytes) -> KeyFile:
        try:
            doc = json.loads(data)
            if not isinstance(doc, dict) or doc.get("format") != KEY_FILE_FORMAT:
                raise ValueError("unknown format")
            pp, rc = doc["passphrase"], doc["recovery"]
            kdf = pp["kdf"]
            if kdf.get("name", "argon2id") != "argon2id":
                raise ValueError("unknown key derivation")
            key_file = cls(
                kdf=KdfParams(
                    time_cost=_whole(kdf["time_cost"]),
                    memory_kib=_whole(kdf["memory_kib"]),
                    parallelism=_whole(kdf["parallelism"]),
                ),
                passphrase_salt=_unb64(pp["salt"]),
                passphrase_nonce=_unb64(pp["nonce"]),
                passphrase_wrapped=_unb64(pp["wrapped"]),
                recovery_salt=_unb64(rc["salt"]),
                recovery_nonce=_unb64(rc["nonce"]),
                recovery_wrapped=_unb64(rc["wrapped"]),
                extra={k: v for k, v in doc.items() if k not in _KNOWN_FIELDS},
            )
            for nonce in (key_file.passphrase_nonce, key_file.recovery_nonce):
                if len(nonce) != _NONCE_BYTES:
                    raise ValueError("a nonce has the wrong length")
            for salt in (key_file.passphrase_salt, key_file.recovery_salt):
                if len(salt) < _MIN_SALT:
                    raise ValueError("a salt is too short")
            for wrapped in (key_file.passphrase_wrapped, key_file.recovery_wrapped):
                if len(wrapped) != _WRAPPED_BYTES:
                    raise ValueError("a wrapped key has the wrong length")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            # Not text or not JSON at all: the codec's own words would mean nothing to staff.
            detail = _("it is not a key file") if isinstance(exc, UnicodeError) else str(exc)
            if isinstance(exc, json.JSONDecodeError):
                detail = _("it is not a key file")
            raise StoreDamaged(
                _(
                    "The key file keys.json is damaged and cannot be read ({error}). Restore "
                    "it from a backup, or ask IT: without it the cases cannot be opened."
                ).format(error=detail)
            ) from None
        check_kdf(key_file.kdf)
        return key_file


def _whole(value: object) -> int:
    """A JSON whole number (not a bool, a float or text)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, not {value!r}"[:80])
    return value


class WeakPassphrase(WrongPassphrase):
    """The passphrase chosen is too short or too easy to guess; nothing was changed."""


# zxcvbn's scale: 0 too guessable, 1 very, 2 somewhat, 3 safely unguessable, 4 very.
MIN_STRENGTH = 3
_STRENGTH_CHARS = 72  # zxcvbn refuses longer input; past that length only time is spent


def passphrase_strength(passphrase: str, context: Sequence[str] = ()) -> tuple[int, str]:
    """zxcvbn's score (0-4) and its estimate of how long a guessing attack would take.

    ``context`` holds words an attacker would try first (the school's name, the user's).
    """
    from zxcvbn import zxcvbn

    words = [w for item in context for w in item.split() if len(w) > 2]
    result = zxcvbn(passphrase[:_STRENGTH_CHARS], user_inputs=words)
    crack = result["crack_times_display"]["offline_slow_hashing_1e4_per_second"]
    return int(result["score"]), str(crack)


def check_passphrase_strength(passphrase: str, context: Sequence[str] = ()) -> None:
    """Refuse a passphrase that is too short or among the easiest to guess (with advice)."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise WeakPassphrase(
            ngettext(
                "The passphrase must be at least {count} character long.",
                "The passphrase must be at least {count} characters long.",
                MIN_PASSPHRASE,
            ).format(count=MIN_PASSPHRASE)
        )
    score, crack = passphrase_strength(passphrase, context)
    if score < MIN_STRENGTH:
        raise WeakPassphrase(
            _(
                "That passphrase is too easy to guess: a computer trying common passwords "
                "could find it in {time}. Use three or four ordinary words that do not belong "
                "together and mean nothing to anyone else, not a name, a date, the school's "
                "name or a well-known phrase."
            ).format(time=crack)
        )


def wrap_for_passphrase(data_key: bytes, passphrase: str, params: KdfParams) -> tuple[bytes, ...]:
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = passphrase_key(passphrase, salt, params)
    return salt, nonce, AESGCM(kek).encrypt(nonce, data_key, _AAD_PASSPHRASE)


def new_key_file(data_key: bytes, passphrase: str, recovery: bytes, params: KdfParams) -> KeyFile:
    """Wrap ``data_key`` under both secrets."""
    p_salt, p_nonce, p_wrapped = wrap_for_passphrase(data_key, passphrase, params)
    r_salt, r_nonce = os.urandom(16), os.urandom(12)
    r_wrapped = AESGCM(recovery_kek(recovery, r_salt)).encrypt(r_nonce, data_key, _AAD_RECOVERY)
    return KeyFile(params, p_salt, p_nonce, p_wrapped, r_salt, r_nonce, r_wrapped)


def rewrap_passphrase(
    key_file: KeyFile, data_key: bytes, passphrase: str, params: KdfParams | None = None
) -> KeyFile:
    """The same key file with a new passphrase; the recovery wrapping is kept as it was."""
    kdf = params or key_file.kdf
    salt, nonce, wrapped = wrap_for_passphrase(data_key, passphrase, kdf)
    return KeyFile(
        kdf,
        salt,
        nonce,
        wrapped,
        key_file.recovery_salt,
        key_file.recovery_nonce,
        key_file.recovery_wrapped,
        dict(key_file.extra),
    )


def unwrap_with_passphrase(key_file: KeyFile, passphrase: str) -> bytes:
    kek = passphrase_key(passphrase, key_file.passphrase_salt, key_file.kdf)
    try:
        return AESGCM(kek).decrypt(
            key_file.passphrase_nonce, key_file.passphrase_wrapped, _AAD_PASSPHRASE
        )
    except InvalidTag:
        raise WrongPassphrase(_("Wrong passphrase: the store was not opened.")) from None


def unwrap_with_recovery(key_file: KeyFile, recovery: bytes) -> bytes:
    kek = recovery_kek(recovery, key_file.recovery_salt)
    try:
        return AESGCM(kek).decrypt(
            key_file.recovery_nonce, key_file.recovery_wrapped, _AAD_RECOVERY
        )
    except InvalidTag:
        raise WrongRecoveryKey(_("Wrong recovery key: the store was not opened.")) from None


MAX_KEY_FILE = 1 << 20  # ours is under 2 KB; a huge one is damage, never read into memory


def read_key_file(path: Path) -> KeyFile:
    try:
        if path.stat().st_size > MAX_KEY_FILE:
            raise StoreDamaged(
                _(
                    "The key file keys.json is damaged (it is far larger than a key file). "
                    "Restore it from a backup, or ask IT."
                )
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreDamaged(
            _("The key file cannot be read: {error}").format(error=exc.strerror or exc)
        ) from None
    return KeyFile.from_json(data)


def write_key_file(path: Path, key_file: KeyFile) -> None:
    """Replace the key file atomically; on a full disk the old one stays and ``DiskFull``
    names the problem (the passphrase is then unchanged)."""
    from misuse_responder.store.diskfull import disk_full, is_disk_full

    try:
        atomic_write(path, key_file.to_json())
    except OSError as exc:
        if is_disk_full(exc):
            raise disk_full(_("the key file (and so the new passphrase)")) from None
        raise
