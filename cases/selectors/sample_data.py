"""Sample data that leaves which questions apply undecided (``criteria.vocabulary.INCOMPLETE_DATA_CHECKS``),
flagged to the lead on the dashboard and the sample page."""

from dataclasses import dataclass

from django.db.models import Q

from criteria import vocabulary

from ..models import Case, Inspection


@dataclass
class IncompleteCase:
    case: Case
    problems: list[str]  # for people, e.g. "MAPPA level 2 but no MAPPA category recorded: …"


def _matching_a_check() -> Q:
    """The checks as one filter: a rule matches when each field holds one of its values ("" is blank)."""
    matching = Q(pk__in=[])
    for rule, _ in vocabulary.INCOMPLETE_DATA_CHECKS:
        matching |= Q(**{f"{name}__in": values for name, values in rule.items()})
    return matching


def incomplete_sample_data(*, inspection: Inspection) -> list[IncompleteCase]:
    """The inspection's cases whose characteristics leave applicability undecided, by case
    reference, each with what is wrong. One query."""
    cases = (
        Case.objects.filter(inspection=inspection)
        .filter(_matching_a_check())
        .select_related("unit")
        .order_by("case_ref")
    )
    return [IncompleteCase(case=case, problems=vocabulary.incomplete_data(case.characteristics())) for case in cases]
