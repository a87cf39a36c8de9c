"""What a photo is, read from its bytes with Pillow: format, size, EXIF time and place;
and its small thumbnail. Nothing here trusts the Content-Type header or the file name."""

import datetime as dt
import io
import math
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageOps

from domain.errors import Invalid, UnsupportedMedia
from domain.messages import message

pillow_heif.register_heif_opener()  # HEIC/HEIF, as iPhones take them

# Pillow format → the media type served back
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "HEIF": "image/heic"}
THUMBNAIL_SIDE = 320
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, DATETIME = 36867, 306


@dataclass
class ImageFacts:
    content_type: str
    width: int
    height: int
    taken_at: dt.datetime | None
    lon: float | None
    lat: float | None


def _taken_at(exif):
    text = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    try:
        return dt.datetime.strptime(str(text).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def _degrees(value, ref, negative):
    degrees, minutes, seconds = (float(part) for part in value)
    decimal = degrees + minutes / 60 + seconds / 3600
    return -decimal if str(ref).strip("\x00 ").upper() == negative else decimal


def _position(exif):
    """EXIF GPS as decimal WGS84 (lon, lat), or (None, None) when absent or nonsense."""
    gps = exif.get_ifd(GPS_IFD)
    try:
        lat = _degrees(gps[2], gps.get(1, "N"), "S")
        lon = _degrees(gps[4], gps.get(3, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    if not (math.isfinite(lon) and math.isfinite(lat) and abs(lon) <= 180 and abs(lat) <= 90):
        return None, None
    return round(lon, 7), round(lat, 7)


def _decode_all(image):
    """Decode every byte: a truncated or corrupt file fails here. A JPEG is decoded at 1/8
    scale (libjpeg still reads all its entropy-coded data, but skips most of the inverse
    DCT): the cheapest complete check."""
    if image.format == "JPEG":
        image.draft(None, (1, 1))
    image.load()


def thumbnail(data, max_pixels):
    """A JPEG of at most THUMBNAIL_SIDE px, upright, without metadata, of a stored photo
    (inspect() accepted it)."""
    Image.MAX_IMAGE_PIXELS = max_pixels
    with Image.open(io.BytesIO(data)) as image:
        if image.format == "JPEG":
            image.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))  # decode at 1/2…1/8 scale
        image.load()
        return _small_jpeg(image)


def _small_jpeg(image):
    small = ImageOps.exif_transpose(image)
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    if small.mode != "RGB":
        small = small.convert("RGBA").convert("RGB") if "A" in small.mode or small.mode == "P" else small.convert("RGB")
    out = io.BytesIO()
    small.save(out, "JPEG", quality=75)  # no exif= given: the thumbnail carries no metadata
    return out.getvalue()


def inspect(file, max_pixels):
    """ImageFacts of the image in file, or UnsupportedMedia (an image, but not a kind we keep)
    or Invalid (not a readable image: truncated, corrupt, disguised, too many pixels). Its
    thumbnail is made later, on the first GET of it: see thumbnail()."""
    with open_image(file, max_pixels) as image:
        return facts(image, max_pixels)


def open_image(file, max_pixels):
    """The image in file with its header read and judged (kind, pixel count): the cheap half
    of inspect(), which refuses what is no image at all before anything is stored."""
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        image = Image.open(file)  # reads the header only
    except Image.DecompressionBombError:
        raise _too_many_pixels(max_pixels) from None
    except Exception:
        raise Invalid("image_unreadable", errors={"body": [message("not_an_image")]}) from None
    if image.format not in MEDIA_TYPES:
        image.close()
        raise UnsupportedMedia("image_format_refused", format=image.format)
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise _too_many_pixels(max_pixels, width, height)
    return image


def facts(image, max_pixels):
    """ImageFacts of an image open_image() accepted, once every byte of it decodes: the
    costly half of inspect() (the caller closes the image). Pillow's decoder releases the
    GIL, so this may run in a thread of its own while the bytes are written."""
    width, height = image.size
    try:
        _decode_all(image)
    except Image.DecompressionBombError:
        raise _too_many_pixels(max_pixels, width, height) from None
    except Exception:
        raise Invalid("image_corrupt", errors={"body": [message("image_truncated")]}, format=image.format) from None
    # after decoding: a PNG's eXIf chunk may follow its pixels
    try:
        exif = image.getexif()
        taken_at, (lon, lat) = _taken_at(exif), _position(exif)
    except Exception:
        taken_at, lon, lat = None, None, None
    return ImageFacts(MEDIA_TYPES[image.format], width, height, taken_at, lon, lat)


def _too_many_pixels(max_pixels, width=None, height=None):
    size = {"variant": "size", "width": width, "height": height} if width else {}
    return Invalid(
        "image_too_many_pixels",
        errors={"body": [message("too_many_pixels", max=max_pixels)]},
        members={"limit": max_pixels},
        limit=f"{max_pixels:,}",
        **size,
    )
