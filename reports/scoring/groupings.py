"""Breakdown groupings as SQL expressions, so grouping happens in the database.

``by`` is "unit", a case characteristic (criteria.vocabulary.CHARACTERISTICS) or a derived
grouping (vocabulary.DERIVED_GROUPINGS: age_group, bame, supervision, rosh_band, mappa). Each
expression maps a case to its group key, the value the scores export writes in ``group``; the
Case/When rules mirror criteria.vocabulary's functions (tests hold them to it).
"""

from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.expressions import Expression

from criteria import vocabulary

UNIT = "unit"
# Characteristics whose values are free (no vocabulary): groups are the values found in the sample.
FREE_FIELDS = frozenset(f for f, values in vocabulary.CHARACTERISTICS.items() if values is None)
# Key of the group of cases with an empty value, per field (DOMAIN.md: empty mappa_category is "none").
EMPTY_KEY = {"mappa_category": "none"}
UNKNOWN = "unknown"

BREAKDOWN_FIELDS: list[str] = [
    UNIT,
    *vocabulary.DERIVED_GROUPINGS,
    *[f for f in vocabulary.CHARACTERISTICS if f != "age"],
]
ALL_BY = frozenset([UNIT, *vocabulary.DERIVED_GROUPINGS, *vocabulary.CHARACTERISTICS])

_LABELS = {
    "high_very_high": "High or very high",
    "bame": "BAME",
    UNKNOWN: "Unknown",
    "none": "None",
    "50+": "50 and over",
}


def is_valid_by(by: str) -> bool:
    return by in ALL_BY


def label_of(by: str) -> str:
    return vocabulary.LABELS.get(by, by.replace("_", " ").capitalize())


def empty_key(by: str) -> str:
    return EMPTY_KEY.get(by, UNKNOWN)


def fixed_keys(by: str) -> list[str] | None:
    """The groups that always appear (with no score when empty), or None when they come from the data."""
    if by in vocabulary.DERIVED_GROUPINGS:
        return list(vocabulary.DERIVED_GROUPINGS[by])
    if by == UNIT or by in FREE_FIELDS:
        return None
    values = list(vocabulary.CHARACTERISTICS[by])
    if by not in vocabulary.REQUIRED_CHARACTERISTICS and empty_key(by) not in values:
        values.append(empty_key(by))
    return values


def group_label(by: str, key: str) -> str:
    if by == UNIT or by == "offence_type":
        return key if key != UNKNOWN else "Not recorded"
    if by == "tier" and key.isdigit():
        return f"Tier {key}"
    if by == "mappa_level" and key.isdigit():
        return "Level 0 (not MAPPA)" if key == "0" else f"Level {key}"
    if by == "mappa_category" and key.isdigit():
        return f"Category {key}"
    return _LABELS.get(key, key.replace("_", " ").capitalize())


def expression(by: str, prefix: str = "") -> Expression:
    """The SQL expression giving a case's group key; ``prefix`` is the path to the case
    (e.g. "assessment__case__" from a judgement). Unit groups by unit id (named afterwards);
    free fields group by their raw value (named by ``key_of_raw``)."""

    def f(name: str) -> F:
        return F(prefix + name)

    def q(**lookups) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    if by == UNIT:
        return f("unit_id")
    if by in FREE_FIELDS:
        return f(by)
    text = CharField()
    if by == "age_group":
        whens = [When(q(age__isnull=True), then=Value(UNKNOWN))]
        whens += [When(q(age__gte=low, age__lte=high), then=Value(label)) for low, high, label in vocabulary.AGE_GROUPS]
        whens.append(When(q(age__gte=50), then=Value("50+")))
        return Case(*whens, default=Value(UNKNOWN), output_field=text)
    if by == "bame":
        return Case(
            When(q(ethnic_group="white"), then=Value("white")),
            When(q(ethnic_group__in=sorted(vocabulary.BAME_GROUPS)), then=Value("bame")),
            default=Value(UNKNOWN),
            output_field=text,
        )
    if by == "supervision":
        return Case(
            When(q(sentence_type__in=["community_order", "suspended_sentence_order"]), then=Value("community")),
            default=f("sentence_type"),
            output_field=text,
        )
    if by == "rosh_band":
        return Case(
            When(q(rosh__in=["high", "very_high"]), then=Value("high_very_high")),
            When(q(rosh=""), then=Value(UNKNOWN)),
            default=f("rosh"),
            output_field=text,
        )
    if by == "mappa":
        return Case(
            When(q(mappa_level__in=["1", "2", "3"]) | ~q(mappa_category=""), then=Value("yes")),
            When(q(mappa_level="0"), then=Value("no")),
            default=Value(UNKNOWN),
            output_field=text,
        )
    if by in vocabulary.CHARACTERISTICS:
        return Case(When(q(**{by: ""}), then=Value(empty_key(by))), default=f(by), output_field=text)
    raise ValueError(f"Unknown breakdown {by!r}")


def key_of_raw(by: str, raw) -> str:
    """The group key of a raw value from ``expression`` (free fields and units come back raw)."""
    if raw is None or raw == "":
        return empty_key(by)
    return str(raw)
