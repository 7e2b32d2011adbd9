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
    if not rule:
        return True
    return all(str(characteristics.get(field) or "") in values for field, values in rule.items())


def describe_rule(rule: dict[str, list[str]] | None) -> str:
    """Plain-English reason a question is limited, e.g. 'custody or licence cases only'."""
    if not rule:
        return ""
    parts = []
    for field, values in rule.items():
        label = LABELS.get(field, field).lower() if field not in ("sentence_type", "rosh") else ""
        shown = " or ".join(v.replace("_", " ") for v in values)
        if field == "sentence_type":
            parts.append(f"{shown} cases only")
        elif field == "rosh":
            parts.append(f"{shown} RoSH cases only")
        else:
            parts.append(f"cases where {label} is {shown}")
    return "; ".join(parts)
