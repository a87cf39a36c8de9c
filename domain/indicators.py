"""The indicator registry: the single description of each indicator of the plan.

Schemas (value validation), the records service (numerator/denominator), summaries,
exports, the OpenAPI document, `GET /api/v1/indicators` and the web forms all read
INDICATORS. Adding an indicator is adding one entry here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from domain.units import TOWN_CODE_PATTERN  # noqa: F401  (published with the bounds below)

# The bounds of a record beyond its values: schemas/records.py checks them, GET
# /api/v1/indicators publishes them (with the configured limits) so clients check alike.
NOTE_MAX_LENGTH = 500
REASON_MAX_LENGTH = 500
EARLIEST_DAY = "2000-01-01"  # observed_on from this day to today in China (UTC+8)
ACCURACY_MAX_M = 100_000
BREAKDOWN_PART_MAX = 1e7
RATE = "rate"  # value = SUM(numerator) / SUM(denominator), a fraction
TOTAL = "total"  # value = SUM(numerator), e.g. mu of new area
Values = dict[str, Any]  # a record's `values`, as the schemas load them


@dataclass(frozen=True)
class ValueField:
    name: str
    kind: str  # "quantity", "text", "choice", "date", "breakdown"
    unit: str | None = None  # "t", "kg", "m3", "mu"
    required: bool = True
    maximum: float | None = None  # plausibility bound for one record
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    parts: tuple[str, ...] = ()  # for "breakdown": quantity parts that must add up
    total_of: str | None = None  # for "breakdown": the field the parts add up to
    name_zh: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    kind: str
    measures: str
    fields: tuple[ValueField, ...]
    numerator: Callable[[Values], float]
    numerator_fields: tuple[str, ...]
    denominator: Callable[[Values], float] | None = None
    denominator_field: str | None = None
    target: float = 0.0
    unit: str = "fraction"
    # how a page shows a value: "percent" (a rate, 0.909 → 90.9 %), "coefficient" (a rate
    # read as it is, 0.535) or "amount" (a total in its unit)
    display: str = "percent"
    # which date places a record in time for summaries; a plot counts when completed
    counted_on: str = "observed_on"
    expects_plot: bool = False
    # a record without a photo is flagged photo_missing
    evidence_required: bool = False
    # pairs (a, b) with values[a] <= values[b] for one record, beyond numerator <= denominator
    orderings: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def field(self, name: str) -> ValueField:
        return next(f for f in self.fields if f.name == name)


def _q(name: str, unit: str, maximum: float, zh: str, en: str, required: bool = True) -> ValueField:
    return ValueField(name, "quantity", unit, required, maximum, name_zh=zh, name_en=en)


CROP = ValueField("crop", "text", max_length=50, name_zh="作物", name_en="crop")

INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in (
        Indicator(
            code="film_recovery",
            name_zh="农膜回收率",
            name_en="Farm film recovery rate",
            kind=RATE,
            measures="farm plastic film recovered ÷ film used",
            target=0.90,
            fields=(
                _q("film_used_t", "t", 1e5, "农膜使用量", "film used"),
                _q("film_recovered_t", "t", 1e5, "农膜回收量", "film recovered"),
            ),
            numerator=lambda v: v["film_recovered_t"],
            numerator_fields=("film_recovered_t",),
            denominator=lambda v: v["film_used_t"],
            denominator_field="film_used_t",
        ),
        Indicator(
            code="straw_utilization",
            name_zh="秸秆综合利用率",
            name_en="Straw utilisation rate",
            kind=RATE,
            measures="crop straw utilised ÷ collectable straw",
            target=0.90,
            fields=(
                _q("straw_collectable_t", "t", 1e7, "秸秆可收集量", "collectable straw"),
                _q("straw_utilized_t", "t", 1e7, "秸秆利用量", "straw utilised"),
                ValueField("crop", "text", required=False, max_length=50, name_zh="作物", name_en="crop"),
                ValueField(
                    "by_use",
                    "breakdown",
                    "t",
                    required=False,
                    total_of="straw_utilized_t",
                    parts=("fertilizer_t", "feed_t", "fuel_t", "substrate_t", "raw_material_t"),
                    name_zh="利用方式（肥料化、饲料化、燃料化、基料化、原料化）",
                    name_en="utilisation by use",
                ),
            ),
            numerator=lambda v: v["straw_utilized_t"],
            numerator_fields=("straw_utilized_t",),
            denominator=lambda v: v["straw_collectable_t"],
            denominator_field="straw_collectable_t",
        ),
        Indicator(
            code="manure_utilization",
            name_zh="畜禽粪污资源化利用率",
            name_en="Livestock manure utilisation rate",
            kind=RATE,
            measures="livestock manure utilised ÷ manure produced",
            target=0.80,
            fields=(
                _q("manure_produced_t", "t", 1e7, "粪污产生量", "manure produced"),
                _q("manure_utilized_t", "t", 1e7, "粪污资源化利用量", "manure utilised"),
                ValueField(
                    "livestock",
                    "choice",
                    required=False,
                    choices=("pig", "cattle", "poultry", "sheep", "other"),
                    name_zh="畜禽种类",
                    name_en="livestock",
                ),
            ),
            numerator=lambda v: v["manure_utilized_t"],
            numerator_fields=("manure_utilized_t",),
            denominator=lambda v: v["manure_produced_t"],
            denominator_field="manure_produced_t",
        ),
        Indicator(
            code="fertilizer_efficiency",
            name_zh="化肥利用率",
            name_en="Fertilizer use efficiency",
            kind=RATE,
            target=0.40,
            measures="(uptake in fertilised plot − uptake in control plot) ÷ nutrient applied",
            fields=(
                CROP,
                _q("nutrient_applied_kg", "kg", 1e8, "化肥施用量（N+P₂O₅+K₂O）", "nutrient applied"),
                _q("uptake_fertilized_kg", "kg", 1e8, "施肥区养分吸收量", "uptake, fertilised plot"),
                _q("uptake_control_kg", "kg", 1e8, "空白区养分吸收量", "uptake, control plot"),
            ),
            numerator=lambda v: v["uptake_fertilized_kg"] - v["uptake_control_kg"],
            numerator_fields=("uptake_fertilized_kg", "uptake_control_kg"),
            denominator=lambda v: v["nutrient_applied_kg"],
            denominator_field="nutrient_applied_kg",
            orderings=(("uptake_control_kg", "uptake_fertilized_kg"),),
        ),
        Indicator(
            code="pesticide_efficiency",
            name_zh="农药利用率",
            name_en="Pesticide use efficiency",
            kind=RATE,
            target=0.43,
            measures="pesticide deposited on the target crop ÷ pesticide applied (active ingredient)",
            fields=(
                CROP,
                _q("pesticide_applied_kg", "kg", 1e8, "农药施用量（有效成分）", "pesticide applied"),
                _q("pesticide_deposited_kg", "kg", 1e8, "靶标作物沉积量", "pesticide deposited"),
                ValueField(
                    "method",
                    "choice",
                    required=False,
                    choices=("drone", "boom", "knapsack", "other"),
                    name_zh="施药方式",
                    name_en="application method",
                ),
            ),
            numerator=lambda v: v["pesticide_deposited_kg"],
            numerator_fields=("pesticide_deposited_kg",),
            denominator=lambda v: v["pesticide_applied_kg"],
            denominator_field="pesticide_applied_kg",
        ),
        Indicator(
            code="water_saving_irrigation",
            name_zh="新增高效节水灌溉面积",
            name_en="New high-efficiency water-saving irrigation area",
            kind=TOTAL,
            unit="mu",
            display="amount",
            target=9700,
            counted_on="completed_on",
            expects_plot=True,
            evidence_required=True,
            measures="new drip, micro-sprinkler, sprinkler or low-pressure pipe irrigation area",
            fields=(
                _q("area_mu", "mu", 1e6, "面积（亩）", "area"),
                ValueField(
                    "technology",
                    "choice",
                    choices=("drip", "micro_sprinkler", "sprinkler", "low_pressure_pipe"),
                    name_zh="节水技术",
                    name_en="technology",
                ),
                ValueField("completed_on", "date", name_zh="建成日期", name_en="completed on"),
            ),
            numerator=lambda v: v["area_mu"],
            numerator_fields=("area_mu",),
        ),
        Indicator(
            code="irrigation_water_coefficient",
            name_zh="农田灌溉水有效利用系数",
            name_en="Irrigation water use coefficient",
            kind=RATE,
            target=0.535,
            display="coefficient",
            measures="irrigation water effectively used by crops ÷ irrigation water withdrawn",
            fields=(
                _q("water_withdrawn_m3", "m3", 1e10, "灌溉取水量", "water withdrawn"),
                _q("water_effective_m3", "m3", 1e10, "有效利用水量", "water effectively used"),
            ),
            numerator=lambda v: v["water_effective_m3"],
            numerator_fields=("water_effective_m3",),
            denominator=lambda v: v["water_withdrawn_m3"],
            denominator_field="water_withdrawn_m3",
        ),
    )
}

STATUSES = ("pending", "approved", "rejected")

# How a page shows a value of each `display`: multiplied by `scale`, with `digits` decimals
# (always that many when `fixed`), then `suffix`, then the indicator's unit when `with_unit`:
# 0.9091 → "90.9%", 0.5351 → "0.535", 9700 → "9,700 mu". The dashboard and the plan form read it.
DISPLAYS: dict[str, dict[str, Any]] = {
    "percent": {"scale": 100, "digits": 1, "fixed": True, "suffix": "%", "with_unit": False},
    "coefficient": {"scale": 1, "digits": 3, "fixed": True, "suffix": "", "with_unit": False},
    "amount": {"scale": 1, "digits": 1, "fixed": False, "suffix": "", "with_unit": True},
}
