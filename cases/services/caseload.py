"""The lead's record of each unit's caseload (cases supervised when the sample was drawn), which the
report's contextual information sets the sample against."""

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Count

from inspection import history
from inspection.errors import ServiceError

from ..models import Inspection, Unit

MAX_CASELOAD = 1_000_000


@transaction.atomic
def set_caseloads(*, inspection: Inspection, caseloads: Mapping[int, int | None], actor) -> int:
    """Unit id → caseload (None: not known). Returns how many units changed. ServiceError keyed
    ``caseload-<unit id>``; nothing written then. A caseload smaller than the unit's sample is refused:
    the sample is drawn from the caseload."""
    if not inspection.is_led_by(actor):
        raise ServiceError("Only the lead inspector records caseloads")
    units = {unit.pk: unit for unit in Unit.objects.select_for_update().filter(inspection=inspection)}
    sampled = dict(Unit.objects.filter(inspection=inspection).values_list("pk").annotate(n=Count("cases")).order_by())
    errors = {}
    for pk, caseload in caseloads.items():
        unit = units.get(pk)
        if unit is None:
            errors[f"caseload-{pk}"] = "That unit is not in this inspection"
        elif caseload is not None and not 0 <= caseload <= MAX_CASELOAD:
            errors[f"caseload-{pk}"] = f"The caseload of {unit.name} must be a whole number up to {MAX_CASELOAD:,}"
        elif caseload is not None and caseload < sampled.get(pk, 0):
            n = sampled[pk]
            errors[f"caseload-{pk}"] = (
                f"The caseload of {unit.name} must be at least {n}, the number of its cases in the sample"
            )
    if errors:
        raise ServiceError(errors)
    changed = 0
    for pk, caseload in caseloads.items():
        unit = units[pk]
        if unit.caseload != caseload:
            unit.caseload = caseload
            history.save(unit, actor=actor, reason="Caseload")
            changed += 1
    return changed
