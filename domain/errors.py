"""The errors a rule raises, by kind: a request names nothing that exists (NotFound), asks
what its account may not do (Forbidden), clashes with what is stored (Conflict), is wrong
field by field (Invalid), edits a revision that is no longer current (PreconditionFailed),
is too large (TooLarge), is of a kind that is not kept (UnsupportedMedia), or needs what is
not there right now (Unavailable).

Services raise these, never an HTTP exception: backend/errors.py is the one place that
maps each kind to a status and a problem document. A new kind of error is a subclass here
plus its status there; a new error of a known kind is a catalogue code in
domain/messages.py, raised as `Kind("code", **params)`. Pure: no Flask.
"""

from collections.abc import Mapping
from typing import Any, ClassVar

from domain.messages import Message, message

# {field path: [its messages]}: what an Invalid names, field by field
FieldErrors = dict[str, list[str]]


class DomainError(Exception):
    """A broken rule: its words are the catalogue's `code` filled with params; `errors`
    names the fields at fault; `members` go into the problem as they are (a limit, the
    current revision)."""

    # the problem's `code` member: the kind of problem, as the catalogue names it
    problem_code: ClassVar[str] = "bad_request"

    def __init__(
        self,
        code: str,
        /,
        *,
        errors: Mapping[str, list[str]] | None = None,
        members: Mapping[str, Any] | None = None,
        **params: Any,
    ) -> None:
        self.message = message(code, **params)
        super().__init__(self.message)
        self.errors: FieldErrors | None = dict(errors) if errors else None
        self.members: dict[str, Any] = dict(members or {})

    @property
    def detail(self) -> Message:
        return self.message

    @classmethod
    def of(cls, text: Message, **kwargs: Any) -> "DomainError":
        """The error of a message made elsewhere (a ledger file's, a geometry check's)."""
        return cls(text.code, **kwargs, **text.params)


class NotFound(DomainError):
    problem_code = "not_found"


class Forbidden(DomainError):
    problem_code = "forbidden"


class Conflict(DomainError):
    problem_code = "conflict"


class Invalid(DomainError):
    """Field-level: `errors` names every field at fault (the problem's invalid_params)."""

    problem_code = "validation_failed"

    @classmethod
    def fields(cls, messages: Any) -> "Invalid":
        """The error of marshmallow's messages (nested or flat): names every field that is wrong."""
        errors = field_errors(messages)
        return cls("validation_failed", errors=errors, fields=sorted(errors))

    @classmethod
    def field(cls, name: str, code: str, /, **params: Any) -> "Invalid":
        """One field wrong, the detail saying the same as the field's message."""
        return cls(code, errors={name: [message(code, **params)]}, **params)


class PreconditionFailed(DomainError):
    """The revision the client edited is not the current one; it learns which is."""

    problem_code = "precondition_failed"

    def __init__(self, code: str, /, *, current_revision: int, **params: Any) -> None:
        super().__init__(code, members={"current_revision": current_revision}, **params)


class TooLarge(DomainError):
    problem_code = "payload_too_large"


class UnsupportedMedia(DomainError):
    problem_code = "unsupported_media_type"


class Unavailable(DomainError):
    """Not there right now; retry_after (seconds), when known, tells the client when to ask
    again (and is a param of the message too)."""

    problem_code = "unavailable"

    def __init__(self, code: str, /, *, retry_after: int | None = None, **params: Any) -> None:
        if retry_after is not None:
            params["retry_after"] = retry_after
        super().__init__(code, **params)
        self.retry_after = retry_after


def field_errors(messages: Any, prefix: str = "") -> FieldErrors:
    """Flatten marshmallow's nested messages into {"values.film_used_t": [...]}."""
    flat: FieldErrors = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key == "_schema":
                path = prefix or "_schema"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(field_errors(value, path))
    elif isinstance(messages, (list, tuple)) and messages and all(isinstance(m, str) for m in messages):
        flat.setdefault(prefix or "_schema", []).extend(messages)
    elif isinstance(messages, str):
        flat.setdefault(prefix or "_schema", []).append(messages)
    elif isinstance(messages, (list, tuple)):
        for value in messages:
            for path, msgs in field_errors(value, prefix).items():
                flat.setdefault(path, []).extend(msgs)
    return flat
