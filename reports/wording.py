"""The inspectorate's house style for figures in running text (seeds 001 and 003).

    figure_sentence(question, score, cases=35)
        → "The RoH screening was completed at the start of sentence in 28 out of 34 relevant cases (82%)."

number(7)            → "seven"   (numbers under ten in words, ten and above in figures)
number(7, start=True) → "Seven"  (a sentence never starts with a figure-less lower case word)
count(1, "case")     → "one case"; count(12, "case") → "12 cases"
listing(["a", "b", "c"]) → "a, b and c"
"""

import re

from .scoring import Change, Score
from .scoring.structure import StructureQuestion

# One to ten in words, as the seeds write them ("eight out of ten", "ten out of 40"); 11 and up in figures.
WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number(n: int, *, start: bool = False) -> str:
    text = WORDS[n] if 0 <= n < len(WORDS) else f"{n:,}"
    return text[0].upper() + text[1:] if start else text


def count(n: int, noun: str, *, plural: str = "", start: bool = False) -> str:
    """ "one case", "four cases", "12 cases", "no cases" (never "none cases")."""
    word = noun if n == 1 else (plural or noun + "s")
    if n == 0:
        return f"{'No' if start else 'no'} {word}"
    return f"{number(n, start=start)} {word}"


def all_the(n: int, noun: str) -> str:
    """ "all the 12 questions", "all the four questions", "both questions", "the one question"."""
    if n == 1:
        return f"the one {noun}"
    if n == 2:
        return f"both {noun}s"
    return f"all the {count(n, noun)}"


def was(n: int) -> str:
    return "was" if n == 1 else "were"


def listing(items: list[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


PREPOSITIONS = ("in ", "on ", "where ", "when ", "for ", "at ", "during ", "after ", "before ", "within ")


def lower_first(text: str) -> str:
    """ "Completed on time" → "completed on time"; "RoH to children", "OASys…", "MAPPA…" keep their case."""
    word = text.split(" ", 1)[0]
    if (len(word) > 1 and any(c.isupper() for c in word[1:])) or word == "I":
        return text
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clean(text: str) -> str:
    return " ".join(text.split()).rstrip(" .:;?")


def subject(*, text: str, group: str = "", phrase: str = "") -> str:
    """What a figure sentence says was done, as the start of an English sentence.

    The criteria set's own phrase when it gives one; otherwise the group heading and the question
    read together: "The frequency of appointments:" + "Conformed to national standards" → "The
    frequency of appointments conformed to national standards"; "Community cases: The risk
    management plan was:" + "Completed within five working days" → "In community cases, the risk
    management plan was completed within five working days".
    """
    if phrase.strip():
        return _upper_first(_clean(phrase))
    text = _clean(text)
    if not group.strip():
        return _upper_first(text)
    stem = _clean(group)
    if ": " in stem:  # "Community cases: The risk management plan was"
        qualifier, stem = (part.strip() for part in stem.split(": ", 1))
        if qualifier.lower().endswith("cases") and not qualifier.lower().startswith(PREPOSITIONS):
            qualifier = "In " + lower_first(qualifier)
        stem = f"{qualifier}, {lower_first(stem)}"
    elif stem.lower().startswith(PREPOSITIONS) and "," not in stem and not stem.endswith(" to"):
        stem += ","  # "In relation to the sentence plan, reviews integrated…"
    text = lower_first(text)
    if stem.endswith(" to") and text in NEEDS_THE:
        text = "the " + text  # "to address the RoH to:" + "Public" → "to the public"
    return _upper_first(f"{stem} {text}")


# Nouns that read with "the" after a heading ending in "to" ("RoH to the public", "RoH to children").
NEEDS_THE = {"public", "community"}

# A question that names the kind of case it is asked of ("in a child safeguarding case"): the kind
# goes into the figure ("in 51 out of 61 relevant child safeguarding cases") rather than stand
# beside it ("…in a child safeguarding case in 51 out of 61 relevant cases").
CASE_KIND = re.compile(r"^(?:in|for) an? (?P<kind>.+?) case$", re.IGNORECASE)


def case_kind(text: str) -> str:
    """ "in a high/ very high RoH case" → "high/very high RoH"; "" for any other question."""
    found = CASE_KIND.match(_clean(text))
    return found["kind"].replace("/ ", "/") if found else ""


def in_cases(numerator: int, denominator: int, display: str, *, relevant: bool = False, kind: str = "") -> str:
    """The house style of the inspectorate's reports (seed 001): "in 12 out of 17 relevant cases (71%)",
    "in six out of 11 cases" (one to ten in words), "in all 34 cases", "in all but seven of the
    90 relevant cases", "in none of the 12 cases"; one or two cases read as English does ("in the
    one case", "in no case (there was one case; 0%)", "in one of the two cases", "in both cases")."""
    qualifier = " ".join(word for word in ("relevant" if relevant else "", kind) if word)
    noun = f"{qualifier} case" if qualifier else "case"
    plural = noun + "s"
    if denominator == 1:
        return f"in the one {noun} ({display})" if numerator else f"in no case (there was one {noun}; {display})"
    if denominator == 2:
        return {0: f"in neither of the two {plural}", 1: f"in one of the two {plural}", 2: f"in both {plural}"}[
            numerator
        ] + f" ({display})"
    if numerator == denominator:
        return f"in all {number(denominator)} {plural} ({display})"
    if numerator == 0:
        return f"in none of the {number(denominator)} {plural} ({display})"
    missing = denominator - numerator
    if denominator >= 20 and missing <= 10 and numerator * 10 >= denominator * 9:
        return f"in all but {number(missing)} of the {denominator} {plural} ({display})"
    return f"in {number(numerator)} out of {number(denominator)} {plural} ({display})"


def change_clause(change: Change | None) -> str:
    """ ", an increase from 73% in the original inspection" (a reinspection), or nothing."""
    if change is None or not change.matched or change.whole_points is None:
        return ""
    before = change.previous.display
    if change.whole_points > 0:
        return f", an increase from {before} in the original inspection"
    if change.whole_points < 0:
        return f", a decrease from {before} in the original inspection"
    return f", the same as in the original inspection ({before})"


def figure_sentence(
    question: StructureQuestion, score: Score, *, cases: int, kind: str = "", change: Change | None = None
) -> str | None:
    """ "The RoH screening was completed at the start of sentence in 28 out of 34 cases (82%)."

    ``cases``: the cases the figure could have counted (the sample or sub-sample): a smaller
    denominator makes them "relevant cases". None without a score."""
    if not score.denominator:
        return None
    own_kind = "" if question.sentence.strip() else case_kind(question.text)
    if own_kind and question.group.strip():
        words = _upper_first(_clean(question.group))
        kind = " ".join(k for k in (kind, own_kind) if k)
    else:
        words = subject(text=question.text, group=question.group, phrase=question.sentence)
    figures = in_cases(score.numerator, score.denominator, score.display, relevant=score.denominator < cases, kind=kind)
    return f"{words} {figures}{change_clause(change)}."


# The kinds of case a sample minimum counts, as a sentence names them ("eight cases of black and
# minority ethnic (BAME) offenders", never "eight cases of black and minority ethnic (BAME)").
MINIMUM_PHRASES = {
    "High or very high RoSH": "{cases} of high or very high RoSH",
    "Prolific and other priority offenders (PPO)": "{cases} of prolific and other priority offenders (PPO)",
    "Approved premises residents": "{cases} of approved premises residents",
    "Statutory victim contact": "{cases} with statutory victim contact",
    "Black and minority ethnic (BAME)": "{cases} of black and minority ethnic (BAME) offenders",
}


def minimum_phrase(label: str, n: int) -> str:
    """ "15 cases of high or very high RoSH", "eight cases of black and minority ethnic (BAME) offenders"."""
    template = MINIMUM_PHRASES.get(label, "{cases} of " + lower_first(label))
    return template.format(cases=count(n, "case"))
