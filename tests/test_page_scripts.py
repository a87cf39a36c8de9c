"""The dashboard pages' scripts build no URL and re-derive no rule (issue #12): every URL
comes from the page's config (url_for, or a URL template), every capability from
domain/roles.py, every indicator's display from the registry. Read from the source, with
comments left out, so a path, a role name or an indicator code written into a script fails
here before a page misbehaves."""

import re
from pathlib import Path

import pytest

from domain.indicators import INDICATORS
from domain.roles import ROLES
from domain.units import CITY_CODE

STATIC = Path(__file__).resolve().parents[1] / "backend" / "web" / "static" / "dashboard"
COMMENTS = re.compile(r"/\*.*?\*/|(?<![:'\"])//[^\n]*", re.S)
FORBIDDEN = {
    "a path of the service": re.compile(r"['\"`]/(api|web|dashboard|common|static|vendor)\b"),
    "a role name": re.compile("|".join(ROLES)),
    "an indicator code": re.compile("|".join(rf"\b{code}\b" for code in INDICATORS)),
    "a unit code": re.compile(rf"\b{CITY_CODE}\b|\b4414\d\d\b"),
}
SCRIPTS = sorted(STATIC.rglob("*.js"))


def test_there_are_scripts_to_read():
    assert len(SCRIPTS) > 10 and any(path.name == "dashboard.js" for path in SCRIPTS)


@pytest.mark.parametrize("path", SCRIPTS, ids=[str(path.relative_to(STATIC)) for path in SCRIPTS])
def test_a_script_writes_no_url_role_or_indicator(path):
    code = COMMENTS.sub("", path.read_text(encoding="utf-8"))
    found = {what: pattern.findall(code) for what, pattern in FORBIDDEN.items()}
    assert {what: hits for what, hits in found.items() if hits} == {}


def test_the_check_sees_what_it_looks_for():
    written = "const url = '/api/v1/records/' + id; if (role === 'county_reviewer') show('film_recovery', '441400');"
    assert all(pattern.search(written) for pattern in FORBIDDEN.values())
    assert not any(
        pattern.search(COMMENTS.sub("", "/* GET /api/v1/records: county_reviewer */")) for pattern in FORBIDDEN.values()
    )
