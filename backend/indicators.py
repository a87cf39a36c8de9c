"""The indicator registry now lives in domain/indicators.py (pure, importable by every layer).

This module stays as a re-export so that code written against `backend.indicators` keeps
working; new code imports `domain.indicators`."""

from domain.indicators import (  # noqa: F401  (re-exported names)
    ACCURACY_MAX_M,
    BREAKDOWN_PART_MAX,
    CROP,
    EARLIEST_DAY,
    INDICATORS,
    NOTE_MAX_LENGTH,
    RATE,
    REASON_MAX_LENGTH,
    STATUSES,
    TOTAL,
    TOWN_CODE_PATTERN,
    Indicator,
    ValueField,
)
