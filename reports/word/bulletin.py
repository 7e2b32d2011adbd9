"""The research pages' Word document: for every question chosen, its table of n and percent yes by
group and its logistic regression summary, as research bulletin 2018/02 lays them out. A draft a
researcher edits: real headings, tables with captions, British English (``WordDocument``)."""

from collections.abc import Sequence
from datetime import date

from ..research_layout import Model, Table
from .document import WordDocument


def render(*, programmes: Sequence, sections: Sequence[tuple], today: date | None = None) -> bytes:
    """``sections``: (question, table, model) per question, in the order chosen."""
    names = ", ".join(p.name for p in programmes)
    word = WordDocument(
        title="Pooled analysis of inspection findings (draft)",
        subject=names,
        header=f"Pooled analysis: {names}\t\tDRAFT",
    )
    word.doc.add_heading("Pooled analysis of inspection findings", level=0)
    word.paragraph("DRAFT – for the researcher to edit", bold=True)
    word.paragraph(
        f"Programmes: {names}. Cases counted once per question, from submitted assessments' primary "
        "judgements; a case whose answer does not apply or is excluded is left out of that question. "
        f"Figures as at {_day(today or date.today())}."
    )
    if not sections:
        word.paragraph("None of the questions chosen is a question of these programmes.")
    for number, (question, table, model) in enumerate(sections, start=1):
        _question(word, number, question, table, model)
    return word.save()


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"  # "7 December 2026"


def _question(word: WordDocument, number: int, question, table: Table, model: Model) -> None:
    code = table.question
    word.heading(f"{code}: {question.full_text}", 1, new_page=number > 1)
    if not table.has_cases:
        word.paragraph("No case of these programmes answers this question yet.")
        return
    empty = table.empty_programmes()
    if empty:
        word.paragraph(f"No case of {', '.join(empty)} answers this question.")
    headers = [
        ["Group", *(f"{column} (n)" if i % 2 == 0 else f"{column} (% yes)" for column in table.columns for i in (0, 1))]
    ]
    rows = [_cells("All cases", table.overall)]
    for grouping in table.groupings:
        rows.append(("group", grouping.label))
        rows += [_cells(row.label, row) for row in grouping.rows]
    word.table(headers, rows, caption=f"Table {number}: {code}, n and percent yes by group")
    word.heading("Logistic regression", 2)
    _model(word, number, code, model)


def _cells(label: str, row) -> list[str]:
    return [label, *(value for cell in row.cells for value in (str(cell.n), cell.percent))]


def _model(word: WordDocument, number: int, code: str, model: Model) -> None:
    if not model.n:
        word.paragraph("No model: no case with every variable known answers this question.")
        return
    word.paragraph(f"Cases modelled: {model.n}.")
    if model.terms:
        word.table(
            ["Variable", "Level (against)", "Odds ratio", "95% interval", "p-value"],
            [
                [t.variable, f"{t.level} (against {t.reference})", t.odds_ratio, t.interval, t.p_value]
                for t in model.terms
            ],
            caption=f"Table {number}a: {code}, variables in the final model",
        )
    else:
        word.paragraph("No variable entered the model: no sub-group difference is significant.")
    if model.left_out:
        word.table(
            ["Variable", "p-value on entry"],
            [[variable, p] for variable, p in model.left_out],
            caption=f"Table {number}b: {code}, variables not in the model",
        )
    for sentence in model.sentences:
        word.paragraph(sentence)
