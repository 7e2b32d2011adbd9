"""A deliberately simple, pure-Python reading of DOMAIN.md's scoring rules, for the tests.

It works on plain data (no database, no code shared with reports.scoring) so that agreement
between the two is evidence both follow the rules.
"""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction


def applies(rule: dict, case: dict) -> bool:
    for field, allowed in (rule or {}).items():
        value = case.get(field)
        if ("" if value is None else str(value)) not in allowed:
            return False
    return True


def question_counts(question: dict, judgements: list[dict], cases: dict[str, dict], include_in_progress=False):
    """numerator, denominator of one question over the given judgements.

    A judgement: {case_ref, question, scoring ("above"/"below"/"excluded"/None), status, primary}.
    """
    statuses = {"submitted"} | ({"in_progress", "returned"} if include_in_progress else set())
    above = below = 0
    for j in judgements:
        if j["question"] != question["code"] or not j["primary"] or j["status"] not in statuses:
            continue
        if j["case_ref"] not in cases or not applies(question.get("applies_when"), cases[j["case_ref"]]):
            continue
        if j["scoring"] == "above":
            above += 1
        elif j["scoring"] == "below":
            below += 1
    return above, above + below


def mean(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return sum(values, Fraction(0)) / len(values)


def whole_percent(value: Fraction | None):
    if value is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(value.numerator) * 100 / Decimal(value.denominator)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def one_decimal(value: Fraction | None):
    if value is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(value.numerator) * 100 / Decimal(value.denominator)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def band(whole: int | None, bands: list[dict]) -> str:
    if whole is None:
        return ""
    for b in sorted(bands, key=lambda b: -b["min"]):
        if whole >= b["min"]:
            return b["label"]
    return ""


def scores(criteria_set: dict, cases: dict[str, dict], judgements: list[dict], include_in_progress=False) -> dict:
    """{(level, code): (proportion or None, numerator or None, denominator or None)} for a
    criteria set in the inspection-criteria/1 shape."""
    result = {}
    question_value = {}
    for section in criteria_set["sections"]:
        criterion_values = []
        for criterion in section["criteria"]:
            values = []
            for question in criterion.get("questions", []):
                n, d = question_counts(question, judgements, cases, include_in_progress)
                value = Fraction(n, d) if d else None
                question_value[question["code"]] = (value, n, d)
                result[("question", question["code"])] = (value, n, d)
                values.append(value)
            criterion_value = mean(values)
            result[("criterion", criterion["code"])] = (criterion_value, None, None)
            criterion_values.append(criterion_value)
        result[("section", section["code"])] = (mean(criterion_values), None, None)
    for headline in criteria_set.get("headlines", []):
        tagged = [
            question_value[q["code"]]
            for s in criteria_set["sections"]
            for c in s["criteria"]
            for q in c.get("questions", [])
            if headline["code"] in q.get("headlines", [])
        ]
        if headline.get("method", "mean") == "pooled":
            n = sum(t[1] for t in tagged)
            d = sum(t[2] for t in tagged)
            result[("headline", headline["code"])] = (Fraction(n, d) if d else None, n, d)
        else:
            result[("headline", headline["code"])] = (mean([t[0] for t in tagged]), None, None)
    return result
