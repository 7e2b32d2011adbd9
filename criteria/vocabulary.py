"""The case-characteristic vocabulary of DOMAIN.md: field names, allowed values, derived groupings.

Shared by the criteria loader (``applies_when`` rules), the case sample import and the scoring
breakdowns, so every part of the application agrees on one list.
"""

SENTENCE_TYPES = ["community_order", "suspended_sentence_order", "licence", "custody"]
ROSH_LEVELS = ["low", "medium", "high", "very_high", "unknown"]
YES_NO = ["yes", "no"]

# Field -> allowed values. None means free text / number. "" (empty) means unknown where optional.
CHARACTERISTICS: dict[str, list[str] | None] = {
    "sentence_type": SENTENCE_TYPES,
    "rosh": ROSH_LEVELS,
    "tier": ["1", "2", "3", "4"],
    "mappa_level": ["0", "1", "2", "3"],
    "mappa_category": ["1", "2", "3"],
    "ppo": YES_NO,
    "approved_premises": YES_NO,
    "victim_contact": YES_NO,
    "domestic_abuse": YES_NO,
    "child_safeguarding": YES_NO,
    "gender": ["male", "female", "other", "unknown"],
    "age": None,
    "ethnic_group": ["white", "mixed", "asian", "black", "other", "unknown"],
    "offence_type": None,
}
REQUIRED_CHARACTERISTICS = ["sentence_type", "rosh"]

BAME_GROUPS = {"mixed", "asian", "black", "other"}
AGE_GROUPS = [(18, 20, "18-20"), (21, 24, "21-24"), (25, 29, "25-29"), (30, 39, "30-39"), (40, 49, "40-49")]

DERIVED_GROUPINGS: dict[str, list[str]] = {
    "age_group": ["18-20", "21-24", "25-29", "30-39", "40-49", "50+", "unknown"],
    "bame": ["white", "bame", "unknown"],
    "supervision": ["community", "licence", "custody"],
    "rosh_band": ["low", "medium", "high_very_high", "unknown"],
    "mappa": ["yes", "no", "unknown"],
}

LABELS = {
    "sentence_type": "Sentence type",
    "rosh": "RoSH level",
    "tier": "Tier",
    "mappa_level": "MAPPA level",
    "mappa_category": "MAPPA category",
    "ppo": "PPO",
    "approved_premises": "Approved premises",
    "victim_contact": "Statutory victim contact",
    "domestic_abuse": "Domestic abuse",
    "child_safeguarding": "Child safeguarding",
    "gender": "Gender",
    "age": "Age",
    "ethnic_group": "Ethnic group",
    "offence_type": "Offence type",
    "age_group": "Age group",
    "bame": "BAME",
    "supervision": "Supervision",
    "rosh_band": "RoSH band",
    "mappa": "MAPPA",
    "unit": "Unit",
}


def age_group(age: int | None) -> str:
    if age is None:
        return "unknown"
    for low, high, label in AGE_GROUPS:
        if low <= age <= high:
            return label
    return "50+" if age >= 50 else "unknown"


def bame(ethnic_group: str) -> str:
    if ethnic_group == "white":
        return "white"
    return "bame" if ethnic_group in BAME_GROUPS else "unknown"


def supervision(sentence_type: str) -> str:
    return "community" if sentence_type in ("community_order", "suspended_sentence_order") else sentence_type


def rosh_band(rosh: str) -> str:
    return "high_very_high" if rosh in ("high", "very_high") else (rosh or "unknown")


def mappa(mappa_level: str, mappa_category: str) -> str:
    if mappa_level in ("1", "2", "3") or mappa_category:
        return "yes"
    return "no" if mappa_level == "0" else "unknown"


def applies(rule: dict[str, list[str]] | None, characteristics: dict[str, str]) -> bool:
    """A question applies when every field named in its ``applies_when`` rule matches."""
    if rule:  # a loop, not all() over a generator: an import asks this ~300k times
        for field, values in rule.items():
            if str(characteristics.get(field) or "") not in values:
                return False
    return True


def describe_rule(rule: dict[str, list[str]] | None) -> str:
    """Plain-English reason a question is limited, e.g. 'custody or licence cases only' (the
    criteria set's page and refusals; ``not_applicable_reason`` says it for one case)."""
    if not rule:
        return ""
    parts = []
    for field, values in rule.items():
        if field == "sentence_type":
            parts.append(f"{either(values)} cases only")
        elif field == "rosh":
            parts.append(f"{either(values)} RoSH cases only")
        else:
            parts.append(f"cases {_qualifier(field, values)}")
    return "; ".join(parts)


# --- Why a question does not apply, in words (the criterion page, the lead's data checks) ---

# Characteristics read as a noun: "cases with a RoSH level of high or very high"; "this case's
# RoSH level is medium". (qualifier template, noun for "this case's … is not recorded")
_NOUN_FIELDS = {
    "rosh": ("with a RoSH level of {values}", "RoSH level"),
    "tier": ("in tier {values}", "tier"),
    "mappa_level": ("managed at MAPPA level {values}", "MAPPA level"),
    "mappa_category": ("in MAPPA category {values}", "MAPPA category"),
    "gender": ("where the offender's gender is {values}", "gender"),
    "ethnic_group": ("where the offender's ethnic group is {values}", "ethnic group"),
}

# Yes/no characteristics: (qualifier when yes, qualifier when no, fact when yes, fact when no,
# what is not recorded).
_YES_NO_FIELDS = {
    "ppo": (
        "where the offender is a prolific or other priority offender (PPO)",
        "where the offender is not a prolific or other priority offender (PPO)",
        "the offender is a PPO",
        "the offender is not a PPO",
        "whether the offender is a PPO",
    ),
    "approved_premises": (
        "with a placement in approved premises",
        "with no placement in approved premises",
        "this case has a placement in approved premises",
        "this case has no placement in approved premises",
        "whether the offender was placed in approved premises",
    ),
    "victim_contact": (
        "with statutory victim contact",
        "without statutory victim contact",
        "this case has statutory victim contact",
        "this case has no statutory victim contact",
        "whether there is statutory victim contact",
    ),
    "domestic_abuse": (
        "involving domestic abuse",
        "not involving domestic abuse",
        "this case involves domestic abuse",
        "this case does not involve domestic abuse",
        "whether domestic abuse is involved",
    ),
    "child_safeguarding": (
        "with child safeguarding concerns",
        "without child safeguarding concerns",
        "this case has child safeguarding concerns",
        "this case has no child safeguarding concerns",
        "whether there are child safeguarding concerns",
    ),
}


def value_words(value: str) -> str:
    """How a value reads in a sentence: 'very high', 'community order'."""
    return value.replace("_", " ")


# How a characteristic is named in a sentence when it is not one of _NOUN_FIELDS and its label,
# in lower case, does not say it ("sentence type", "age").
_NAMES = {
    "ppo": "prolific or other priority offender (PPO)",
    "approved_premises": "placement in approved premises",
    "child_safeguarding": "child safeguarding concerns",
}


def characteristic_name(field: str) -> str:
    """A characteristic as people name it mid-sentence: 'RoSH level', 'child safeguarding concerns'."""
    if field in _NOUN_FIELDS:
        return _NOUN_FIELDS[field][1]
    return _NAMES.get(field) or LABELS.get(field, field.replace("_", " ")).lower()


def characteristic_value(field: str, value: str) -> str:
    """A recorded value as people read it: 'very high', 'community order', '0 (not MAPPA)',
    'not recorded'; free text and numbers as written."""
    if not value:
        return "not recorded"
    if field == "mappa_level" and value == "0":
        return "0 (not MAPPA)"
    return value_words(value) if CHARACTERISTICS.get(field) else value


def either(values: list[str]) -> str:
    """'high or very high'; 'community order, suspended sentence order or licence'."""
    words = [value_words(v) for v in values]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _qualifier(field: str, values: list[str]) -> str:
    if field in _YES_NO_FIELDS:
        if_yes, if_no, _, _, unknown = _YES_NO_FIELDS[field]
        if set(values) >= set(YES_NO):
            return f"where it is recorded {unknown}"
        return if_yes if "yes" in values else if_no
    template = (
        _NOUN_FIELDS[field][0] if field in _NOUN_FIELDS else f"where the {characteristic_name(field)} is {{values}}"
    )
    return template.format(values=either(values))


def _fact(field: str, value: str) -> str:
    """What the case records for one characteristic, as a clause ("this case is a custody case")."""
    if field in _YES_NO_FIELDS:
        _, _, if_yes, if_no, unknown = _YES_NO_FIELDS[field]
        if not value:
            return f"this case does not record {unknown}"
        return if_yes if value == "yes" else if_no
    if field == "mappa_level" and value == "0":
        return "this case is not managed under MAPPA (level 0)"
    if field == "sentence_type":
        return f"this case is a {value_words(value)} case" if value else "this case's sentence type is not recorded"
    return f"this case's {characteristic_name(field)} is {value_words(value) if value else 'not recorded'}"


def _it(fact: str) -> str:
    for this, it in (("this case's ", "its "), ("this case ", "it ")):
        if fact.startswith(this):
            return it + fact[len(this) :]
    return fact


def rule_sentence(rule: dict[str, list[str]] | None) -> str:
    """Whom a question is asked about, as a sentence: 'Applies to custody or licence cases with a
    RoSH level of high or very high.' ("" when it has no rule: it applies to every case)."""
    if not rule:
        return ""
    subject = f"{either(rule['sentence_type'])} cases" if "sentence_type" in rule else "cases"
    qualifiers = [_qualifier(field, values) for field, values in rule.items() if field != "sentence_type"]
    if len(qualifiers) > 1:
        qualifiers = [", ".join(qualifiers[:-1]) + " and " + qualifiers[-1]]
    return " ".join(["Applies to", subject, *qualifiers]) + "."


def not_applicable_reason(rule: dict[str, list[str]] | None, characteristics: dict[str, str]) -> str:
    """Why a question does not apply to a case, for people: whom it applies to and what the case
    records instead, e.g. 'Applies to cases in MAPPA category 1, 2 or 3; this case's MAPPA category
    is not recorded.' "" when it applies (the rule itself is ``applies``)."""
    if applies(rule, characteristics):
        return ""
    facts = [
        _fact(field, str(characteristics.get(field) or ""))
        for field, values in rule.items()
        if str(characteristics.get(field) or "") not in values
    ]
    # "this case is a licence case and its RoSH level is low"
    facts[1:] = [_it(fact) for fact in facts[1:]]
    said = facts[0] if len(facts) == 1 else ", ".join(facts[:-1]) + " and " + facts[-1]
    return f"{rule_sentence(rule)[:-1]}; {said}."


# --- Sample data that leaves applicability undecided ---

# Each check: a rule matched as ``applies`` matches ("" is "not recorded"), and what it means for
# applicability. A MAPPA level of 1 to 3 says the case is managed under MAPPA, which every MAPPA
# case is through a category; a category says it is a MAPPA case, so level 0 ("not MAPPA")
# contradicts it and no level leaves the questions about MAPPA levels undecided.
INCOMPLETE_DATA_CHECKS: list[tuple[dict[str, list[str]], str]] = [
    (
        {"mappa_level": ["1", "2", "3"], "mappa_category": [""]},
        "MAPPA level {mappa_level} but no MAPPA category recorded: record its category to decide which"
        " MAPPA questions apply",
    ),
    (
        {"mappa_level": [""], "mappa_category": ["1", "2", "3"]},
        "MAPPA category {mappa_category} but no MAPPA level recorded: record its level to decide which"
        " MAPPA questions apply",
    ),
    (
        {"mappa_level": ["0"], "mappa_category": ["1", "2", "3"]},
        "MAPPA category {mappa_category} but MAPPA level 0 (not MAPPA): correct one of them to decide which"
        " MAPPA questions apply",
    ),
]


def incomplete_data(characteristics: dict[str, str]) -> list[str]:
    """What a case's recorded characteristics leave undecided about which questions apply, for the
    lead to correct ([] when nothing)."""
    return [
        message.format(**{field: characteristics.get(field) or "" for field in rule})
        for rule, message in INCOMPLETE_DATA_CHECKS
        if applies(rule, characteristics)
    ]
