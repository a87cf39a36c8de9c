"""Every message code the code asks for is in the catalogue (a missing one is a 500)."""

import re
import subprocess
from pathlib import Path

from domain.messages import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
# message("code", …): the only way a text is made from the catalogue
ASKED = re.compile(r'\bmessage\(\s*"([a-z0-9_]+)"')


def test_every_code_asked_for_is_in_the_catalogue():
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    asked = {
        (code, path)
        for path in files.stdout.split()
        if not path.startswith("tests/")
        for code in ASKED.findall((ROOT / path).read_text(encoding="utf-8"))
    }
    assert asked, "the scan found no message() call: the pattern is wrong"
    missing = sorted(f"{code} ({path})" for code, path in asked if code not in CATALOGUE)
    assert not missing, "codes missing from domain/messages.py: " + ", ".join(missing)


def test_every_entry_has_both_languages():
    assert all(set(texts) == {"en", "zh"} for texts in CATALOGUE.values())
