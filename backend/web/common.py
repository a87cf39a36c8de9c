"""The modules both web apps share (static/common/: the DOM builder, the one fetch wrapper,
the message catalogue worded by code, record flags in words), served as they are.

/collect bundles them into its page (frontend/build.mjs); the dashboard pages import them
as ES modules from here, at the URLs `module_urls()` puts into each page's config, so no
script writes the path. Served as the dashboard's own static files are (conditional
requests on ETag and Last-Modified)."""

import re
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, url_for

MODULES = ("dom", "request", "messages", "flags")

blp = Blueprint("web_common", __name__, static_folder="static/common", static_url_path="/common")


def module_urls():
    """The URL of each shared module, by name, for a page's config."""
    return {name: url_for("web_common.static", filename=f"{name}.js") for name in MODULES}


# `import … from './x.js'` (or '../x.js') at the start of a line: a module's static imports
IMPORT = re.compile(r"""^import\s+(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}/[^'"]+)['"]""", re.M)


@lru_cache(maxsize=32)
def module_graph(folder, entry):
    """The files an entry module of `folder` imports, directly or not, itself first, as
    paths relative to `folder`: a page links them as modulepreload, so that the browser
    asks for all of them at once instead of one level of imports after another. (Read once
    per process: a file added since is still imported, only not ahead of time.)"""
    root = Path(folder).resolve()
    found, pending = [], [root / entry]
    while pending:
        path = pending.pop(0)
        name = path.relative_to(root).as_posix()
        if name in found or not path.is_file():
            continue
        found.append(name)
        pending += [(path.parent / target).resolve() for target in IMPORT.findall(path.read_text(encoding="utf-8"))]
    return tuple(found)
