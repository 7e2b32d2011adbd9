"""The rows of the agreement page's tables as HTML, built in Python (as ``cases/views/tables.py``):
the same HTML as ``reports/agreement/_table.html``'s and ``agreement.html``'s loops, byte for byte."""

from django.utils.safestring import SafeString

from cases.views.tables import esc, rows_html

NUMERIC = '\n    <td class="govuk-table__cell govuk-table__cell--numeric">'
CELL = '\n    <td class="govuk-table__cell">'


def _percent(value) -> str:
    return "–" if value is None else f"{format(value, 'f')}%"


def _kappa(value, band: str, pairs: int) -> str:
    if value is not None:
        return f"{format(value, 'f')} ({esc(band)})"
    return "Undefined" if pairs else "–"


def agreement_rows(rows, *, by_pair: bool = False) -> SafeString:
    """``_table.html``'s rows: a question's (or all questions', or a pair of assessors') agreement."""

    def row(r) -> str:
        first = esc(r.question_code) if r.question_code != "all" else "All questions"
        first = esc(r.assessors) if by_pair else first
        return (
            f'\n    <th scope="row" class="govuk-table__header">{first}</th>'
            f"{NUMERIC}{esc(r.pairs)}</td>{NUMERIC}{_percent(r.agreement_answer)}</td>"
            f"{CELL}{_kappa(r.kappa_answer, r.band_answer, r.pairs)}</td>"
            f"{NUMERIC}{_percent(r.agreement_line)}</td>{CELL}{_kappa(r.kappa_line, r.band_line, r.pairs)}</td>"
        )

    return rows_html(rows, row, "  ")


def disagreement_rows(rows, *, can_resolve: bool) -> SafeString:
    """``agreement.html``'s disagreements (``DisagreementRow``s): both answers linking to their
    assessments, and the agreed one."""

    def row(disagreement) -> str:
        p = disagreement.pair
        ref, code, url = esc(p.case_ref), esc(p.question.code), esc(disagreement.case_url)
        agreed = esc(p.resolution_label) if p.resolution_label else ""
        if can_resolve:
            if p.resolution_label:
                link = f'Change<span class="govuk-visually-hidden"> the agreed answer to {code} on {ref}</span>'
            else:
                link = f'Resolve<span class="govuk-visually-hidden"> {code} on {ref}</span>'
            agreed += f' <a class="govuk-link" href="{esc(disagreement.resolve_url)}">{link}</a>'
        elif not p.resolution_label:
            agreed += "Not resolved"
        return (
            f"{CELL}{ref}</td>{CELL}{code}</td>"
            f'{CELL}<a class="govuk-link" href="{url}">{esc(p.first_label)}<span class="govuk-visually-hidden">'
            f" ({ref}, primary assessment)</span></a> ({esc(p.first_assessor)})</td>"
            f'{CELL}<a class="govuk-link" href="{url}?marking=second">{esc(p.second_label)}'
            f'<span class="govuk-visually-hidden"> ({ref}, second assessment)</span></a>'
            f" ({esc(p.second_assessor)})</td>"
            f"{CELL}{agreed}</td>"
        )

    return rows_html(rows, row, "  ")
