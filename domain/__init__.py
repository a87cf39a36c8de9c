"""The project's rules, pure: no Flask, no database, no GDAL.

Each rule has its one home here and every layer (schemas/, backend/, the web pages through
the capabilities the server hands them, tests/) imports it from here:

- `domain.indicators`: the indicator registry (fields, bounds, numerator and denominator).
- `domain.units`: the administrative hierarchy of Meizhou (the city code, the level of a
  code, the county of a town, containment, the 12→9-digit cut).
- `domain.roles`: the roles and their reach (who may read, write, review, correct).
- `domain.messages`: the message catalogue (codes, English and Chinese templates).
- `domain.errors`: the kinds of error a rule raises (backend/errors.py maps each to HTTP).
- `domain.ids`: the bound on ids and page numbers.

Layers point one way: geo/ and domain/ import nothing of the project's packages except each
other's pure parts; schemas/ imports domain/ and geo/; backend/ imports all three
(tests/test_layers.py enforces it).
"""
