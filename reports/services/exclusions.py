"""Excluding several unfinished cases from the report at once, with one reason (the finalise page's
selection, confirmed on an are-you-sure page): all or nothing, each case with its own history."""

from django.db import transaction

from cases.models import Inspection
from inspection.errors import ServiceError

from ..models import ExcludedCase
from .reports import exclude_case


@transaction.atomic
def exclude_cases(*, inspection: Inspection, case_refs: list[str], reason: str, actor) -> list[ExcludedCase]:
    """Record each case as excluded from the report's counts with the same reason; refused whole
    (nothing written) when any case cannot be excluded, every refusal listed."""
    if not case_refs:
        raise ServiceError({"cases": "Select the cases to exclude"})
    exclusions, problems, reason_problem = [], [], ""
    for case_ref in dict.fromkeys(case_refs):  # each once, in the order chosen
        try:
            exclusions.append(exclude_case(inspection=inspection, case_ref=case_ref, reason=reason, actor=actor))
        except ServiceError as error:
            details = error.message_dict
            problems += details.get("case_ref", [])
            reason_problem = reason_problem or " ".join(details.get("reason", []))
    if problems or reason_problem:
        errors = {"cases": problems} if problems else {}
        raise ServiceError({**errors, **({"reason": reason_problem} if reason_problem else {})})
    return exclusions
