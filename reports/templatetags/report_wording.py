"""The house style's numbers for the report templates (``reports.wording``): {% load report_wording %}

{{ n|count_of:"unit" }}     → "four units", "12 units", "one unit"
{{ n|all_the:"question" }}  → "all the 12 questions", "both questions", "the one question"
"""

from django import template

from .. import wording

register = template.Library()


@register.filter
def count_of(n: int, noun: str) -> str:
    return wording.count(int(n), noun)


@register.filter
def all_the(n: int, noun: str) -> str:
    return wording.all_the(int(n), noun)
