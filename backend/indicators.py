"""The indicator registry now lives in domain/indicators.py (pure, importable by every layer).

This module stays as a re-export so that code written against `backend.indicators` keeps
working; new code imports `domain.indicators`."""
from domain.indicators import (  # noqa: F401  (re-exported names)
    CROP,
    INDICATORS,
    RATE,
    STATUSES,
    TOTAL,
    Indicator,
    ValueField,
)
