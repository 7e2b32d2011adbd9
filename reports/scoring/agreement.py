"""Inter-rater agreement of double marking (DOMAIN.md, ``inspection-agreement/1``).

A **pair** is a double-marked case where both submitted assessments answer the question (the
question applying to the case). For each question, and pooled over every question (``all``), and
optionally per pair of assessors: the number of pairs, the percent of pairs with the same answer
(and the same line category: above / below / excluded), and Cohen's unweighted kappa over the
categories either marker used. Exact: fractions throughout, rounded once, half up (away from zero)
— agreement to one decimal, kappa to three; kappa is undefined (None) when the expected agreement
is 1 (every answer in one category). Each marker's answer is their original one: a resolution or
a moderation changes the counted answer, not what was measured (the resolution's record of the
primary answer first, then the first moderation's original answer, then the answer as it stands).

``inspection_agreement`` reads everything in four queries, whatever the number of cases.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import connection
from django.db.models import BigIntegerField, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from cases.models import Assessment, Inspection, Judgement, Moderation, Resolution
from criteria.models import AnswerOption, Question

from .rounding import half_up

ALL = "all"
AGREEMENT_COLUMNS = [
    "question_code",
    "assessors",
    "pairs",
    "agreement_answer",
    "kappa_answer",
    "agreement_line",
    "kappa_line",
]
# Landis and Koch (1977): the lowest kappa of each band.
BANDS = [
    (Fraction(81, 100), "Almost perfect"),
    (Fraction(61, 100), "Substantial"),
    (Fraction(41, 100), "Moderate"),
    (Fraction(21, 100), "Fair"),
    (Fraction(0), "Slight"),
]
UNDEFINED_NOTE = "Every answer of both markers is in one category, so agreement by chance is certain"


def round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimals, halves away from zero, from the exact fraction."""
    magnitude = half_up(abs(value.numerator), value.denominator, 10**places)  # floor(|x| * 10^places + 1/2)
    # scaleb gives the same Decimal as dividing and quantizing to ``places`` (e.g. 74.50), without either.
    return Decimal(-magnitude if value < 0 else magnitude).scaleb(-places)


def percent_agreement(pairs: Sequence[tuple]) -> Fraction | None:
    """The exact percent of pairs whose two categories are equal; None without pairs."""
    return _percent_of(Counter(pairs), len(pairs))


def cohens_kappa(pairs: Sequence[tuple]) -> Fraction | None:
    """Cohen's unweighted kappa, exact: (po - pe) / (1 - pe) with pe the chance agreement from each
    marker's own category frequencies, computed in whole numbers as (n·agreed - Σ first·second) /
    (n² - Σ first·second). None without pairs or when pe is 1."""
    return _kappa_of(Counter(pairs), len(pairs))


# The two measures from the pairs counted once by (first, second) category: a table's hundred rows
# each count thousands of pairs, and counting once is a tenth of the work of reading them four times.


def _percent_of(counted: Counter, n: int) -> Fraction | None:
    if not n:
        return None
    return Fraction(100 * sum(count for (a, b), count in counted.items() if a == b), n)


def _kappa_of(counted: Counter, n: int) -> Fraction | None:
    if not n:
        return None
    first: Counter = Counter()
    second: Counter = Counter()
    agreed = 0
    for (a, b), count in counted.items():
        first[a] += count
        second[b] += count
        if a == b:
            agreed += count
    chance = sum(first[c] * second[c] for c in first)
    if chance == n * n:
        return None
    return Fraction(n * agreed - chance, n * n - chance)


def band(kappa: Decimal | None) -> str:
    """The Landis and Koch band of a (rounded) kappa, "" when undefined."""
    if kappa is None:
        return ""
    if kappa < 0:
        return "Poor"
    return next(label for lowest, label in BANDS if Fraction(kappa) >= lowest)


@dataclass
class AgreementRow:
    question_code: str  # or "all"
    question_text: str
    assessors: str  # "all", or the two usernames sorted and joined by "|"
    pairs: int
    agreement_answer: Decimal | None
    kappa_answer: Decimal | None
    agreement_line: Decimal | None
    kappa_line: Decimal | None

    @classmethod
    def measure(
        cls, *, code: str, text: str, assessors: str, counted: dict, options: dict[int, AnswerOption]
    ) -> "AgreementRow":
        """The row of ``counted`` pairs: (first option id, second option id) → how many pairs."""
        answers: Counter = Counter()
        lines: Counter = Counter()
        for (first, second), count in counted.items():
            first_option, second_option = options[first], options[second]
            answers[first_option.value, second_option.value] += count
            lines[first_option.scoring, second_option.scoring] += count
        n = sum(counted.values())
        return cls(
            question_code=code,
            question_text=text,
            assessors=assessors,
            pairs=n,
            agreement_answer=_rounded(_percent_of(answers, n), 1),
            kappa_answer=_rounded(_kappa_of(answers, n), 3),
            agreement_line=_rounded(_percent_of(lines, n), 1),
            kappa_line=_rounded(_kappa_of(lines, n), 3),
        )

    @property
    def band_answer(self) -> str:
        return band(self.kappa_answer)

    @property
    def band_line(self) -> str:
        return band(self.kappa_line)

    @property
    def kappa_note(self) -> str:
        """Why a kappa is missing where there are pairs."""
        if self.pairs and (self.kappa_answer is None or self.kappa_line is None):
            return UNDEFINED_NOTE
        return ""

    def csv_row(self) -> list:
        """The row's values for ``reports.exports.write_csv`` (None: an empty cell)."""
        return [
            self.question_code,
            self.assessors,
            self.pairs,
            self.agreement_answer,
            self.kappa_answer,
            self.agreement_line,
            self.kappa_line,
        ]


def _rounded(value: Fraction | None, places: int) -> Decimal | None:
    return None if value is None else round_half_up(value, places)


def _assessors(first: str, second: str) -> str:
    """A pair of assessors as the tables name it: the two usernames sorted and joined by "|"."""
    return f"{first}|{second}" if first <= second else f"{second}|{first}"


@dataclass(slots=True)
class Pair:
    """One double-marked case's two answers to one question (built for each disagreement listed)."""

    case_id: int
    case_ref: str
    question: Question
    first_assessment_id: int  # the primary assessment
    second_assessment_id: int
    first_assessor: str
    second_assessor: str
    first_answer: str  # option values (categories of the answer kappa)
    second_answer: str
    first_line: str  # above / below / excluded
    second_line: str
    first_label: str
    second_label: str
    resolution_label: str = ""  # the agreed answer, once the lead resolved a disagreement
    assessors: str = field(init=False)  # the two usernames sorted and joined by "|"

    def __post_init__(self):
        self.assessors = _assessors(self.first_assessor, self.second_assessor)


# Every pair counted once: (question id, assessors, first option id, second option id) → pairs.
type Tally = Counter[tuple[int, str, int, int]]


@dataclass
class Agreement:
    rows: list[AgreementRow]
    tally: Tally = field(default_factory=Counter)
    options: dict[int, AnswerOption] = field(default_factory=dict)
    disagreements: list[Pair] = field(default_factory=list)  # in case then question order
    questions: list[Question] = field(default_factory=list)

    def pair_rows(self) -> list[AgreementRow]:
        """The pooled row of each pair of assessors."""
        rows = agreement_rows(questions=[], tally=self.tally, options=self.options, by_pair=True)
        return [r for r in rows if r.question_code == ALL]


def agreement_rows(
    *, questions: Iterable[Question], tally: Tally, options: dict[int, AnswerOption], by_pair: bool = False
) -> list[AgreementRow]:
    """The rows of ``inspection-agreement/1``: per question with pairs (criteria-set order), then
    ``all``; with ``by_pair`` each split per pair of assessors (sorted)."""
    questions = list(questions)
    # Plain dicts, not Counters: a Counter's missing key is a Python call, thousands of times here.
    by_question: dict[int, dict] = {}
    everything: dict = {}
    for (question_id, assessors, first, second), count in tally.items():
        key = (assessors, first, second)
        if questions:
            group = by_question.setdefault(question_id, {})
            group[key] = group.get(key, 0) + count
        everything[key] = everything.get(key, 0) + count
    groups = [(q.code, q.text, by_question[q.id]) for q in questions if q.id in by_question]
    groups.append((ALL, "All questions", everything))
    rows = []
    for code, text, group in groups:
        split: dict[str, dict] = {}
        for (assessors, first, second), count in group.items():
            counted = split.setdefault(assessors if by_pair else ALL, {})
            counted[first, second] = counted.get((first, second), 0) + count
        if not split and not by_pair:  # no pairs at all: the pooled row, empty
            split[ALL] = {}
        rows += [
            AgreementRow.measure(code=code, text=text, assessors=k, counted=split[k], options=options)
            for k in sorted(split)
        ]
    return rows


def inspection_agreement(*, inspection: Inspection, by_pair: bool = False) -> Agreement:
    """The inspection's agreement table, its pairs counted, and its disagreements. Four queries."""
    questions = list(Question.objects.filter(criteria_set_id=inspection.criteria_set_id).order_by("order"))
    options = {o.pk: o for o in AnswerOption.objects.filter(scale__criteria_set_id=inspection.criteria_set_id)}
    resolutions = {
        (case_id, question_id): (original_id, agreed_id)
        for case_id, question_id, original_id, agreed_id in Resolution.objects.filter(
            case__inspection=inspection
        ).values_list("case_id", "question_id", "primary_option_id", "agreed_option_id")
    }
    tally, disagreements = _pairs(
        inspection=inspection, questions={q.pk: q for q in questions}, options=options, resolutions=resolutions
    )
    rows = agreement_rows(questions=questions, tally=tally, options=options, by_pair=by_pair)
    return Agreement(rows=rows, tally=tally, options=options, disagreements=disagreements, questions=questions)


def _pairs(*, inspection: Inspection, questions: dict, options: dict, resolutions: dict) -> tuple[Tally, list[Pair]]:
    """Every pair counted, and the pairs whose answers differ (in case then question order): one
    query for the answers of submitted assessments of double-marked cases. A pair is counted, not
    built: thousands agree, and only a disagreement is listed."""
    primary: dict[tuple[int, int], tuple] = {}
    second: dict[tuple[int, int], tuple] = {}
    refs: dict[int, str] = {}
    # Thousands of plain rows: read from the cursor, without the ORM's conversion of each value.
    with connection.cursor() as cursor:
        cursor.execute(*_double_marked_answers(inspection).query.sql_with_params())
        rows = cursor.fetchall()
    for case_id, ref, question_id, assessment_id, is_primary, username, option_id in rows:
        refs[case_id] = ref
        answers = primary if is_primary else second
        if (case_id, question_id) not in answers:  # the first assessment of each kind
            answers[case_id, question_id] = (assessment_id, username or "", option_id)
    tally: Tally = Counter()
    disagreements = []
    for key, first in primary.items():
        other = second.get(key)
        if other is None:
            continue
        resolution = resolutions.get(key)
        # What the primary marker answered before a resolution, if any.
        first_option = resolution[0] if resolution is not None else first[2]
        tally[key[1], _assessors(first[1], other[1]), first_option, other[2]] += 1
        if options[first_option].value != options[other[2]].value:
            disagreements.append(
                _pair(
                    key[0],
                    refs[key[0]],
                    questions[key[1]],
                    first,
                    other,
                    first_option=first_option,
                    options=options,
                    resolution=resolution,
                )
            )
    disagreements.sort(key=lambda p: (p.case_ref, p.question.order))
    return tally, disagreements


def _double_marked_answers(inspection: Inspection):
    """(case id, case reference, question id, assessment id, is primary, assessor's username, the
    original option id) of every answer of a submitted assessment of a double-marked case, in
    assessment order (the pairs are sorted afterwards: sorting by case reference here cost the
    database a text sort of thousands of rows). The original option is the one before the first
    moderation, if any."""
    second = Assessment.objects.filter(case=OuterRef("assessment__case"), is_primary=False)
    first_moderation = Moderation.objects.filter(judgement=OuterRef("pk")).order_by("pk")
    return (
        Judgement.objects.answered()
        .annotate(
            original_option_id=Coalesce(
                Subquery(first_moderation.values("original_option_id")[:1]), "option_id", output_field=BigIntegerField()
            )
        )
        .filter(
            Exists(second),
            assessment__case__inspection=inspection,
            assessment__status=Assessment.Status.SUBMITTED,
        )
        .values_list(
            "assessment__case_id",
            "assessment__case__case_ref",
            "question_id",
            "assessment_id",
            "assessment__is_primary",
            "assessment__assessor__username",
            "original_option_id",
        )
        .order_by("assessment_id")  # the first assessment of each kind wins; pairs are sorted after
    )


def _pair(
    case_id: int,
    case_ref: str,
    question: Question,
    primary: tuple,
    other: tuple,
    *,
    first_option: int,
    options: dict,
    resolution: tuple | None,
) -> Pair:
    """The primary and second markers' answers (assessment id, username, option id) to one question
    of one case; ``first_option`` is what the primary marker answered (before a resolution, if any)."""
    (first_id, first_user, _), (second_id, second_user, second_option) = primary, other
    first, second = options[first_option], options[second_option]
    return Pair(
        case_id=case_id,
        case_ref=case_ref,
        question=question,
        first_assessment_id=first_id,
        second_assessment_id=second_id,
        first_assessor=first_user,
        second_assessor=second_user,
        first_answer=first.value,
        second_answer=second.value,
        first_line=first.scoring,
        second_line=second.scoring,
        first_label=first.label,
        second_label=second.label,
        resolution_label=options[resolution[1]].label if resolution else "",
    )
