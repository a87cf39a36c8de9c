"""The interface every output format shares, and the body of a file built on disk."""

import os
import shutil
import tempfile

READ_BLOCK = 256 * 1024


class Writer:
    """One output format. `write(export)` returns the response body: an iterable of bytes
    with a close() that frees whatever the body holds (a cursor, a temporary file)."""

    name: str  # the value of ?format=
    label: str  # how a person knows the format (the dashboard's buttons)
    media_type: str
    extension: str
    wgs84_only = False  # KML: WGS84 by its standard
    encodings = ("utf-8",)  # text encodings of the attributes a client may ask for
    # True: rows are written out as they come from the database cursor, so the response
    # must keep the request (and its database session) alive while it streams.
    streams_from_database = False

    def write(self, export):
        raise NotImplementedError


class FileBody:
    """A file built in a temporary directory, streamed out block by block.

    close() removes the directory; the view registers it with response.call_on_close, so
    it runs when the download ends, fails or the client disconnects -- and also when the
    body was never read at all, which a generator's `finally` would not see."""

    def __init__(self, path, workdir):
        self.workdir = workdir
        self.size = os.path.getsize(path)
        self._handle = open(path, "rb")  # noqa: SIM115  (close() closes it, when the download ends)

    def __iter__(self):
        while block := self._handle.read(READ_BLOCK):
            yield block

    def close(self):
        self._handle.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


def temporary_directory():
    return tempfile.mkdtemp(prefix="meizhou-export-")


def build_in_temporary_directory(build):
    """FileBody of the file `build(workdir)` makes; the directory goes if building fails."""
    workdir = temporary_directory()
    try:
        return FileBody(build(workdir), workdir)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
