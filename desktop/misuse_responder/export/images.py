"""Evidence images scaled to the page, encoded sensibly, without touching the original.

Screenshots (flat colours, sharp text) stay lossless: reportlab stores their pixels
Flate-compressed. Photos are re-encoded as JPEG at quality 85 and at most 2000 pixels
on the long side (a full-page A4 image at about 300 dpi); a JPEG that is already small
enough goes in as it is. The SHA-256 quoted beside each image is always the original
file's, and the pack says when the picture is a re-encoded copy.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from misuse_responder.export import metadata
from misuse_responder.store import heif

MAX_PHOTO_SIDE = 2000
MAX_FLAT_SIDE = 2560
JPEG_QUALITY = 85
FLAT_COLOURS = 2048
ORIENTATION = 0x0112  # the EXIF tag saying how a phone photo must be turned


@dataclass
class Prepared:
    reader: ImageReader
    width: int
    height: int
    reencoded: bool


def _is_photo(image: Image.Image) -> bool:
    """Photo-like when a nearest-neighbour sample has many distinct colours.

    Sampled before converting, so a full-HD bitmap is never copied just to look at it."""
    sample = image.resize((256, 144), Image.Resampling.NEAREST).convert("RGB")
    return sample.getcolors(maxcolors=FLAT_COLOURS) is None


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    if image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    return image


def _turned(image: Image.Image) -> bool:
    """Whether a photo's EXIF says it must be turned (only formats that carry EXIF up front;
    asking a PNG would decode the whole image just to look)."""
    if image.format not in ("JPEG", "WEBP", "TIFF", "MPO"):
        return False
    return image.getexif().get(ORIENTATION, 1) not in (0, 1)


def _heif_opener(data: bytes) -> None:
    """An iPhone photo (HEIC) needs Pillow's HEIF plugin, registered on first need."""
    if heif.looks_like_heif(data[:16]):
        heif.ensure_opener()


def probe(data: bytes) -> tuple[int, int]:
    """The displayed size of an image from its header, without decoding the pixels."""
    _heif_opener(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if _turned(image) and image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8):
                return height, width
            return width, height


def prepare(data: bytes) -> Prepared:
    """Decode the original and choose how it goes into the PDF (raises OSError if unreadable)."""
    _heif_opener(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        opened = Image.open(io.BytesIO(data))
        fmt = opened.format
        turned = _turned(opened)
        width, height = opened.size
        clean = metadata.strip_jpeg(data) if fmt == "JPEG" else None
        if clean is not None and not turned and max(width, height) <= MAX_PHOTO_SIDE:
            # the same picture without its EXIF (GPS, author); one that cannot be cleaned
            # this way is re-encoded below, which keeps no metadata either
            return Prepared(ImageReader(io.BytesIO(clean)), width, height, False)
        image: Image.Image = ImageOps.exif_transpose(opened) if turned else opened
        image.load()
    image = _flatten(image)
    if fmt == "JPEG" or _is_photo(image):
        if max(image.size) > MAX_PHOTO_SIDE:
            image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        cleaned = io.BytesIO(metadata.strip_jpeg(out.getvalue()) or out.getvalue())
        return Prepared(ImageReader(cleaned), image.width, image.height, True)
    reencoded = fmt != "PNG" or turned or max(image.size) > MAX_FLAT_SIDE
    if max(image.size) > MAX_FLAT_SIDE:
        image.thumbnail((MAX_FLAT_SIDE, MAX_FLAT_SIDE), Image.Resampling.LANCZOS)
    return Prepared(ImageReader(image), image.width, image.height, reencoded)


class _Named:
    """An ImageReader that reportlab identifies by a name we give it.

    reportlab names each image by an MD5 of its decoded pixels (6 MB for a full-HD
    screenshot) unless it is given a file name. We already know each original's SHA-256,
    so the image is offered under that name instead; reportlab only asks it for the
    reader's methods (``jpeg_fh``, ``getSize``, ``getRGBData``, ...), which pass through.
    """

    def __init__(self, reader: ImageReader, name: str) -> None:
        self._reader = reader
        self._name = name

    def __str__(self) -> str:
        return self._name

    def __getattr__(self, attr: str) -> object:
        return getattr(self._reader, attr)


class Picture(Flowable):  # type: ignore[misc]
    """An evidence image, decoded only when its page is drawn.

    Holding the small compressed original until then (rather than 20 decoded full-HD
    bitmaps) keeps the pack's memory to about one image at a time.
    """

    def __init__(self, data: bytes, width: float, height: float, key: str) -> None:
        super().__init__()
        self.data: bytes | None = data
        self.width = width
        self.height = height
        self.key = key

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.data is None:
            return
        prepared = prepare(self.data)
        self.data = None
        named = _Named(prepared.reader, f"evidence-{self.key}")
        self.canv.drawImage(named, 0, 0, self.width, self.height)


def flowable(data: bytes, max_width: float, max_height: float, key: str) -> Picture:
    """The image scaled to fit the box, keeping its proportions (never enlarged past 2x).

    ``key`` names the image in the PDF (the original's SHA-256: the same file twice is
    stored once). Raises OSError (or ValueError) when the header cannot be read.
    """
    width, height = probe(data)
    scale = min(max_width / width, max_height / height, 2.0)
    return Picture(data, width * scale, height * scale, key)
