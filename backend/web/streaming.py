"""A streamed text answer, gzipped on the fly when the client takes gzip: the whole
answer is never in memory, and the transfer stays as small as a compressed one
(flask-compress leaves streams alone)."""

import zlib

from flask import Response, request, stream_with_context


def _gzipped(chunks):
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip framing
    for chunk in chunks:
        data = compressor.compress(chunk.encode())
        if data:
            yield data
    yield compressor.flush()


def streamed(chunks, mimetype):
    """A response from an iterable of str, read within the request (its database session)."""
    use_gzip = request.accept_encodings["gzip"] > 0
    body = _gzipped(chunks) if use_gzip else (chunk.encode() for chunk in chunks)
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Vary"] = "Accept-Encoding"
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    return response
