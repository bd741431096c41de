"""Photo metadata: taken out of every picture in a pack, and listed in the evidence index.

A phone photo carries EXIF: where it was taken (GPS), who owns the camera, comments, the
device and the time. Embedded unchanged in a pack, that travels with every copy. The pack
therefore shows a copy with the metadata removed (the original, with its SHA-256, stays
untouched in the store), and the evidence index says what metadata the original held,
because the capture time and device can matter as evidence. The location is listed only
in the packs for the safeguarding team; the redacted pack never shows it.

JPEGs are cleaned without re-encoding: the segments that hold metadata (APP1 EXIF/XMP,
APP13 IPTC, APP3-APP13 and APP15 vendor blocks, COM comments) are dropped and the image
data is kept byte for byte. PNG pixels are always re-written by reportlab, which keeps no
chunks, so nothing more is needed there.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from fractions import Fraction

from PIL import Image
from PIL.ExifTags import GPS, IFD, Base

from misuse_responder.i18n import _, ngettext

HEAD_BYTES = 256 * 1024  # metadata sits at the start of a JPEG or PNG file

_KEEP_APP = {0xE0, 0xE2, 0xEE}  # JFIF, ICC colour profile, Adobe (colour transform)
_SOS = 0xDA
_EOI = 0xD9


def strip_jpeg(data: bytes) -> bytes | None:
    """The JPEG without its metadata segments (image data unchanged), or None when the file
    cannot be walked safely (then the caller re-encodes the picture instead)."""
    if data[:2] != b"\xff\xd8":
        return None
    out = bytearray(b"\xff\xd8")
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None  # not a marker where one must be
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers with no length
            out += data[at : at + 2]
            at += 2
            continue
        if marker in (_SOS, _EOI):
            out += data[at:]  # the scan and everything after it: kept as it is
            return bytes(out)
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        end = at + 2 + length
        if length < 2 or end > len(data):
            return None
        is_metadata = marker == 0xFE or (0xE1 <= marker <= 0xEF and marker not in _KEEP_APP)
        if not is_metadata:
            out += data[at:end]
        at = end
    return None


@dataclass
class Found:
    """The metadata an original held (each an already readable value)."""

    taken: str = ""
    device: str = ""
    software: str = ""
    author: str = ""
    comments: list[str] = field(default_factory=list)
    location: str = ""  # "52.20510, 0.12180" (only ever shown in the team's packs)
    other: int = 0  # further tags, counted

    def __bool__(self) -> bool:
        return bool(
            self.taken
            or self.device
            or self.software
            or self.author
            or self.comments
            or self.location
            or self.other
        )

    def rows(self, show_location: bool) -> list[tuple[str, str]]:
        """(label, value) rows for the evidence index."""
        out: list[tuple[str, str]] = []
        if self.taken:
            out.append((_("Photo taken (camera clock)"), self.taken))
        if self.device:
            out.append((_("Camera or phone"), self.device))
        if self.software:
            out.append((_("Software"), self.software))
        if self.author:
            out.append((_("Author in the file"), self.author))
        for comment in self.comments:
            out.append((_("Comment in the file"), comment))
        if self.location and show_location:
            out.append((_("Location in the file (GPS)"), self.location))
        if self.other:
            out.append(
                (
                    _("Other metadata"),
                    ngettext(
                        "{n} further item (camera settings and the like)",
                        "{n} further items (camera settings and the like)",
                        self.other,
                    ).format(n=self.other),
                )
            )
        return out


def _text(value: object) -> str:
    if isinstance(value, bytes):
        if value[:8] in (b"ASCII\x00\x00\x00", b"UNICODE\x00", b"\x00" * 8):
            body = value[8:]
            codec = "utf-16" if value[:8] == b"UNICODE\x00" else "utf-8"
            return body.decode(codec, "replace").strip("\x00 ").strip()
        try:
            return value.decode("utf-16-le").strip("\x00 ").strip()  # Windows XP* tags
        except UnicodeDecodeError:
            return value.decode("utf-8", "replace").strip("\x00 ").strip()
    if isinstance(value, tuple) and value and all(isinstance(v, int) for v in value):
        return _text(bytes(value))  # XP* tags as a tuple of bytes
    return " ".join(str(value).replace("\x00", " ").split())


def _degrees(value: object, ref: object) -> float | None:
    try:
        d, m, s = (Fraction(float(x)).limit_denominator(10_000) for x in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    sign = -1 if str(ref).strip().upper() in ("S", "W") else 1
    return sign * float(d + m / 60 + s / 3600)


def read(head: bytes | None) -> Found:
    """The metadata in the first bytes of an image file (empty when there is none)."""
    found = Found()
    if not head:
        return found
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(head))
            info = dict(image.info)
            if image.format == "PNG":  # Pillow would decode the whole image to look further
                exif = Image.Exif()
                if isinstance(info.get("exif"), bytes):
                    exif.load(info["exif"])
            else:
                exif = image.getexif()
    except Exception:  # a damaged or hostile header: list nothing rather than fail the pack
        return found
    used: set[int] = set()

    def tag(ifd: dict[int, object], number: int) -> str:
        value = ifd.get(number)
        if value is None:
            return ""
        used.add(number)
        return _text(value)

    try:
        details = dict(exif.get_ifd(IFD.Exif))
        gps = dict(exif.get_ifd(IFD.GPSInfo))
    except Exception:  # as above: a broken IFD is simply not listed
        details, gps = {}, {}
    base = dict(exif)
    found.taken = tag(details, Base.DateTimeOriginal) or tag(base, Base.DateTime)
    found.device = " ".join(x for x in (tag(base, Base.Make), tag(base, Base.Model)) if x)
    found.software = tag(base, Base.Software)
    found.author = "; ".join(
        x
        for x in dict.fromkeys(
            (tag(base, Base.Artist), tag(base, Base.XPAuthor), _text(info.get("Author", "")))
        )
        if x
    )
    comments = [
        tag(base, Base.ImageDescription),
        tag(base, Base.XPComment),
        tag(base, Base.XPSubject),
        tag(details, Base.UserComment),
        _text(info.get("comment", b"")),
        _text(info.get("Comment", "")),
        _text(info.get("Description", "")),
    ]
    found.comments = [c for c in dict.fromkeys(comments) if c]
    if not found.taken:
        found.taken = _text(info.get("Creation Time", ""))
    if not found.software:
        found.software = _text(info.get("Software", ""))
    if gps:
        lat = _degrees(gps.get(GPS.GPSLatitude), gps.get(GPS.GPSLatitudeRef))
        lon = _degrees(gps.get(GPS.GPSLongitude), gps.get(GPS.GPSLongitudeRef))
        if lat is not None and lon is not None:
            found.location = f"{lat:.5f}, {lon:.5f}"
        else:
            found.location = _("present, but not readable as a position")
    skip = {Base.ExifOffset, Base.GPSInfo, Base.Orientation, Base.XResolution, Base.YResolution}
    skip |= {Base.ResolutionUnit, Base.YCbCrPositioning}
    found.other = len([k for k in base if k not in used and k not in skip]) + len(
        [k for k in details if k not in used]
    )
    return found
