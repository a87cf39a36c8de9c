"""Test photos, made with Pillow (EXIF through Pillow's Exif API): nothing downloaded."""

import datetime as dt
import io
import random

from PIL import Image

EXIF_IFD, GPS_IFD = 0x8769, 0x8825


def _dms(value):
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 4)
    return (float(degrees), float(minutes), seconds)


def exif_block(taken=None, lonlat=None):
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(EXIF_IFD)[36867] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if lonlat is not None:
        lon, lat = lonlat
        gps = exif.get_ifd(GPS_IFD)
        gps.update({1: "N" if lat >= 0 else "S", 2: _dms(lat), 3: "E" if lon >= 0 else "W", 4: _dms(lon)})
    return exif


def photo(fmt="JPEG", size=(64, 48), taken=None, lonlat=None, seed=None, noise=False):
    """Bytes of an image; a different seed gives different bytes."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    if noise:  # incompressible: the file is about as large as its pixels
        image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    options = {"exif": exif_block(taken, lonlat).tobytes()} if fmt in ("JPEG", "PNG", "WEBP") else {}
    image.save(out, fmt, **options)
    return out.getvalue()


def png_bomb(side=20_000):
    """A PNG of side × side pixels, one colour: a few hundred kB that would decode to GBs."""
    image = Image.new("1", (side, side), 0)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


TODAY = dt.datetime(2025, 6, 30, 10, 0, 0)
