from django import template

from criteria import vocabulary

register = template.Library()

STATUS_TAG_CLASSES = {"published": "govuk-tag--green", "draft": "govuk-tag--yellow", "retired": "govuk-tag--grey"}
SCORING_TAG_CLASSES = {"above": "govuk-tag--green", "below": "govuk-tag--red", "excluded": "govuk-tag--grey"}


@register.filter
def describe_rule(rule) -> str:
    """A question's applies_when rule in plain English; every case when it has none."""
    return vocabulary.describe_rule(rule) or "All cases"


@register.filter
def status_tag_class(status: str) -> str:
    return STATUS_TAG_CLASSES.get(status, "govuk-tag--grey")


@register.filter
def scoring_tag_class(scoring: str) -> str:
    return SCORING_TAG_CLASSES.get(scoring, "govuk-tag--grey")
