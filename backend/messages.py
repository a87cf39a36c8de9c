"""The message catalogue lives in domain/messages.py (pure) and schemas/messages.py (the
mapping of marshmallow's own messages); this module re-exports both for the backend."""

from domain.messages import (  # noqa: F401  (re-exported names)
    CATALOGUE,
    FIELD_PARAMS,
    LANGUAGES,
    PATTERN_NAMES,
    Message,
    catalogue,
    message,
    param_text,
    render,
)
from schemas.messages import coded, localise  # noqa: F401
