"""A tiny valid criteria set, and helpers to break it one way at a time."""

from criteria.models import (
    AnswerOption,
    AnswerScale,
    CriteriaSet,
    GeneralCriterion,
    GlossaryTerm,
    Headline,
    Question,
    RatingBand,
    Section,
    SpecificCriterion,
)

SOURCE = "tiny.yaml"

# sections[0].criteria[1] has four questions so that paths such as
# sections[0].criteria[1].questions[3].scale can be checked as the issue words them.
TINY = """\
format: inspection-criteria/1
slug: tiny-2026
name: Tiny Module
version: First edition
headlines:
  - {code: SAFE, title: Keeping people safe}
  - {code: COMP, title: Compliance, method: pooled}
rating_bands:
  - {min: 75, label: Good}
  - {min: 50, label: Requires improvement}
  - {min: 0, label: Inadequate}
answer_scales:
  yes_no:
    - {value: "yes", label: "Yes", scoring: above}
    - {value: "no", label: "No", scoring: below}
    - {value: "na", label: "Not applicable", scoring: excluded}
  timeliness:
    - {value: on_time, label: "Yes, on time", scoring: above}
    - {value: late, label: "Yes, but late", scoring: below}
sections:
  - code: A
    title: Assessment
    criteria:
      - code: A.1
        title: Screening
        statement: Screening is done on time.
        specific:
          - {code: A.1.a, text: Screening is timely.}
        questions:
          - code: A.1.01
            text: Screening was done on time.
            scale: timeliness
            headlines: [COMP]
            specific: [A.1.a]
      - code: A.2
        title: Planning
        specific:
          - {code: A.2.a, text: Plans are sufficient.}
          - {code: A.2.b, text: Plans are reviewed.}
        questions:
          - code: A.2.01
            text: The plan was sufficient.
            scale: yes_no
            headlines: [SAFE]
            specific: [A.2.a]
          - code: A.2.02
            text: to the public
            group: "The plan addressed risk:"
            scale: yes_no
            headlines: [SAFE]
          - code: A.2.03
            text: to children
            group: "The plan addressed risk:"
            scale: yes_no
            headlines: [SAFE]
          - code: A.2.04
            text: The plan was reviewed before release.
            scale: yes_no
            headlines: [SAFE]
            specific: [A.2.b]
            applies_when: {sentence_type: [custody, licence]}
  - code: B
    title: Leadership
    criteria:
      - code: B.1
        title: Management
        specific:
          - {code: B.1.a, text: There is a plan.}
glossary:
  - {term: RoSH, meaning: Risk of Serious Harm}
"""

CRITERIA_MODELS = [
    CriteriaSet,
    Headline,
    RatingBand,
    AnswerScale,
    AnswerOption,
    Section,
    GeneralCriterion,
    SpecificCriterion,
    Question,
    GlossaryTerm,
    Question.headlines.through,
    Question.specific_criteria.through,
]


def edit(text: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old`` (failing loudly if the base text changed)."""
    assert text.count(old) == 1, f"expected exactly one {old!r}"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """The 1-based line number of the one line containing ``needle``."""
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, f"expected one line with {needle!r}, found {lines}"
    return lines[0]


def snapshot() -> dict[str, list[int]]:
    """Every criteria row's primary key, by model: equal snapshots mean nothing was written."""
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in CRITERIA_MODELS}
