"""The logistic regression in plain words: one sentence per level of a variable in the model whose
odds ratio differs significantly (Wald p < 0.05) from its reference level's, e.g.

    "In cases at high or very high RoSH, the RoSH level was correctly identified more often than in
    cases at low RoSH: odds ratio 1.85, 95% interval 1.30 to 2.63."
"""

from collections.abc import Sequence

from cases.models import Programme
from criteria import vocabulary
from reports.scoring import label_of
from reports.wording import listing, lower_first, subject

from .exports import half_up
from .questions import AnalysisQuestion
from .regression import PROGRAMME, Regression

SIGNIFICANT = 0.05

_GENDER = {"male": "cases of men", "female": "cases of women", "other": "cases of people of another gender"}
_BAME = {"white": "cases of white offenders", "bame": "cases of black, Asian and minority ethnic (BAME) offenders"}
_MAPPA = {"yes": "cases managed under MAPPA", "no": "cases not managed under MAPPA"}


def group_words(name: str, level: str, *, programmes: Sequence[Programme] = ()) -> str:
    """The cases of one level of a variable, as a noun phrase mid-sentence: "cases at high or very
    high RoSH", "licence cases", "cases of people aged 50 and over", "cases in OMI2"."""
    if name == PROGRAMME:
        names = {p.slug: p.name for p in programmes}
        return f"cases in {names.get(level, level)}"
    if name == "rosh_band":
        return f"cases at {'high or very high' if level == 'high_very_high' else vocabulary.value_words(level)} RoSH"
    if name == "supervision":
        return f"{level} cases"
    if name == "age_group":
        return "cases of people aged 50 and over" if level == "50+" else f"cases of people aged {level}"
    table = {"gender": _GENDER, "bame": _BAME, "mappa": _MAPPA}.get(name)
    if table and level in table:
        return table[level]
    # A characteristic: whom a rule with that one value applies to ("cases in tier 2").
    return vocabulary.rule_sentence({name: [level]}).removeprefix("Applies to ").rstrip(".")


def _figure(value: float) -> str:
    return str(half_up(value, 2))


def regression_sentences(
    fit: Regression, *, question: AnalysisQuestion, programmes: Sequence[Programme] = ()
) -> list[str]:
    """One sentence per significant level of each variable in the final model, in the model's order."""
    clause = lower_first(subject(text=question.text, group=question.group, phrase=question.sentence))
    sentences = []
    for variable in fit.in_model:
        others = [lower_first(label_of(v.name)) for v in fit.in_model if v.name != variable.name]
        allowing = f", allowing for {listing(others)}" if others else ""
        reference = group_words(variable.name, variable.reference, programmes=programmes)
        for level in variable.levels:
            if level.p_value >= SIGNIFICANT or level.odds_ratio == 1:
                continue
            cases = group_words(variable.name, level.level, programmes=programmes)
            often = "more often" if level.odds_ratio > 1 else "less often"
            sentences.append(
                f"In {cases}, {clause} {often} than in {reference}: odds ratio {_figure(level.odds_ratio)}, "
                f"95% interval {_figure(level.ci_low)} to {_figure(level.ci_high)}{allowing}."
            )
    return sentences
