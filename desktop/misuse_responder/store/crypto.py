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
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from misuse_responder.i18n import _
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


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _normalise_passphrase(passphrase: str) -> bytes:
    # NFC so the same passphrase typed on Windows and macOS keyboards gives the same bytes.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The key-encryption key for ``passphrase`` (argon2id)."""
    return hash_secret_raw(
        secret=_normalise_passphrase(passphrase),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


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
            _("That is not a recovery key: it should be {count} letters and digits.").format(
                count=expected
            )
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
        return (json.dumps(doc, indent=2) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> KeyFile:
        try:
            doc = json.loads(data)
            if doc.get("format") != KEY_FILE_FORMAT:
                raise ValueError("unknown format")
            pp, rc = doc["passphrase"], doc["recovery"]
            kdf = pp["kdf"]
            return cls(
                kdf=KdfParams(
                    time_cost=int(kdf["time_cost"]),
                    memory_kib=int(kdf["memory_kib"]),
                    parallelism=int(kdf["parallelism"]),
                ),
                passphrase_salt=_unb64(pp["salt"]),
                passphrase_nonce=_unb64(pp["nonce"]),
                passphrase_wrapped=_unb64(pp["wrapped"]),
                recovery_salt=_unb64(rc["salt"]),
                recovery_nonce=_unb64(rc["nonce"]),
                recovery_wrapped=_unb64(rc["wrapped"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreDamaged(
                _("The key file is damaged and cannot be read ({error}).").format(error=exc)
            ) from None


def check_passphrase_strength(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise WrongPassphrase(
            _("The passphrase must be at least {count} characters long.").format(
                count=MIN_PASSPHRASE
            )
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


def read_key_file(path: Path) -> KeyFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreDamaged(
            _("The key file cannot be read: {error}").format(error=exc.strerror or exc)
        ) from None
    return KeyFile.from_json(data)


def write_key_file(path: Path, key_file: KeyFile) -> None:
    atomic_write(path, key_file.to_json())
