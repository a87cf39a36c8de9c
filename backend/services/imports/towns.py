"""Towns of a ledger by name or code, within the importing account's scope.

Town names are not unique (大坪镇 is a town of 梅县区 and of 平远县): a name is resolved
among the towns the account may write, narrowed by the row's county if the ledger has a
county column; a name that still matches several towns is an error on that row."""

import re
from typing import Any

from backend.auth import scope
from backend.extensions import db
from backend.models import Unit
from backend.services.imports.columns import CellError, normalise_name, parse_text
from domain.messages import message
from domain.units import contains, county_of

CODE = re.compile(r"^(\d{9})(000)?$")
COUNTY_CODE = re.compile(r"^\d{6}$")


class TownDirectory:
    def __init__(self, user):
        units = db.session.execute(
            db.select(Unit.code, Unit.name, Unit.level).where(Unit.level.in_(("county", "town")))
        ).all()
        self.county_names = {u.code: u.name for u in units if u.level == "county"}
        self.counties = {normalise_name(u.name): u.code for u in units if u.level == "county"}
        self.towns_by_name: dict[Any, Any] = {}
        self.outside = set()
        for unit in units:
            if unit.level != "town":
                continue
            if scope.can_write(user, unit.code):
                self.towns_by_name.setdefault(normalise_name(unit.name), []).append(unit.code)
            else:
                self.outside.add(normalise_name(unit.name))
        self.cache = {}

    def county(self, value):
        """The county code of a county cell (name or 6-digit code)."""
        text = normalise_name(parse_text(value))
        if COUNTY_CODE.match(text) and text in self.county_names:
            return text
        code = self.counties.get(text) or self.counties.get(text + "县") or self.counties.get(text + "区")
        if code is None:
            raise CellError(message("cell_not_a_county", text=repr(text[:40])))
        return code

    def town(self, value, county_code=None):
        """The 9-digit code of a town cell (a 9- or 12-digit code, or a name)."""
        key = (value, county_code)
        if key not in self.cache:
            self.cache[key] = self._resolve(value, county_code)
        return self.cache[key]

    def _resolve(self, value, county_code):
        text = normalise_name(parse_text(value))
        code = CODE.match(text)
        if code:  # a code is taken as it is; ingest checks it exists and is in scope
            return code.group(1)
        candidates = [c for c in self.towns_by_name.get(text, ()) if not county_code or contains(county_code, c)]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            counties = "、".join(self.county_names[county_of(c)] for c in candidates)
            raise CellError(message("cell_ambiguous_town", text=text[:40], counties=counties))
        if text in self.towns_by_name or text in self.outside:
            if county_code:
                raise CellError(
                    message(
                        "cell_town_not_in_county",
                        text=text[:40],
                        county=self.county_names.get(county_code, county_code),
                    )
                )
            raise CellError(message("cell_town_out_of_scope", text=text[:40]))
        raise CellError(message("cell_not_a_town", text=repr(text[:40])))
