"""The one way a service says who made a change and why, for django-simple-history.

On a web request simple-history's middleware names the signed-in user; commands, imports and
tests have no request, so every service passes its ``actor`` (the acting user, or ``None`` for
the system) and a reason here. Bulk writes read the same two attributes from each object.
"""

from collections.abc import Iterable, Sequence

from django.db.models import Model


def attribute(obj: Model, *, actor, reason: str = "") -> Model:
    """Mark ``obj`` so that its next history record names ``actor`` and ``reason``."""
    if actor is not None:
        obj._history_user = actor
    if reason:
        obj._change_reason = reason
    return obj


def attribute_all(objs: Iterable[Model], *, actor, reason: str = "") -> list[Model]:
    return [attribute(obj, actor=actor, reason=reason) for obj in objs]


def save(obj: Model, *, actor, reason: str = "", update_fields: Sequence[str] | None = None) -> Model:
    """Save ``obj`` with a history record naming ``actor`` and ``reason``."""
    attribute(obj, actor=actor, reason=reason)
    obj.save(update_fields=update_fields)
    return obj
