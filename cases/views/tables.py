"""The rows of the lead's 300-row tables as HTML, built in Python.

Rendering a row through the template language cost some fifteen variable lookups, escapes and
filters a row: two thirds of the sample and allocation pages' time, a third of the dashboard's and
the moderation queue's. These functions write the same HTML as the loops they replace, byte for
byte (the pages' tests read them; the pages were compared before and after): each returns the
whole loop's output, which the template places where its ``{% for %}`` was. Every value is escaped
(``esc``) unless it is already safe HTML.
"""

from collections.abc import Callable, Iterable
from html import escape

from django.utils import dateformat, timezone
from django.utils.encoding import force_str
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst


def esc(value) -> str:
    """``{{ value }}``: safe HTML as it is, anything else escaped (Django's ``conditional_escape``)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _or(value, default: str) -> str:
    """``{{ value|default:"…" }}`` (the default is written here, and safe)."""
    return esc(value) if value else default


def rows_html(items: Iterable, row: Callable[..., str], indent: str) -> SafeString:
    html = "".join(f'\n{indent}<tr class="govuk-table__row">{row(item)}\n{indent}</tr>\n{indent}' for item in items)
    return mark_safe(html)  # noqa: S308 - every value escaped by ``row``


def sample_rows(rows, *, editable: bool, incomplete_ids: set[int]) -> SafeString:
    """``cases/sample.html``'s rows (``progress.label_cases``'s ``CaseRow``s, with their links when editable)."""
    cell = '\n      <td class="govuk-table__cell">'

    def row(labelled) -> str:
        case = labelled.case
        ref = esc(case.case_ref)
        tag = (
            ' <strong class="govuk-tag govuk-tag--orange">Incomplete sample data</strong>'
            if case.pk in incomplete_ids
            else ""
        )
        html = (
            f'\n      <th scope="row" class="govuk-table__header"><span class="app-case-ref">{ref}</span>{tag}</th>'
            f"{cell}{esc(case.unit.name)}</td>{cell}{esc(labelled.sentence_label)}</td>{cell}{esc(labelled.rosh_label)}</td>"
            f"{cell}{_or(case.tier, '–')}</td>{cell}{_or(case.mappa_level, '–')}</td>"
            f"{cell}{_or(labelled.assessor_name, 'Not allocated')}</td>\n      "
        )
        if editable:
            hidden = f'<span class="govuk-visually-hidden"> case {ref}</span>'
            item = '<li class="govuk-summary-list__actions-list-item"><a class="govuk-link" href="'
            html += (
                '<td class="govuk-table__cell"><ul class="govuk-summary-list__actions-list app-table-actions">'
                f'{item}{esc(labelled.edit_url)}">Edit{hidden}</a></li>{item}{esc(labelled.remove_url)}">Remove{hidden}</a></li>'
                "</ul></td>"
            )
        return html

    return rows_html(rows, row, "    ")


def allocation_rows(rows, *, selected: set[int]) -> SafeString:
    """``cases/allocation.html``'s rows: a box to tick for each case (the first one's id the form's)."""
    cell = '\n            <td class="govuk-table__cell">'

    def row(numbered) -> str:
        n, labelled = numbered
        case = labelled.case
        pk = esc(case.pk)
        box = "id_cases" if n == 0 else f"case-{pk}"
        checked = " checked" if case.pk in selected else ""
        if case.assessor_id:
            progress = (
                f'<strong class="govuk-tag{esc(labelled.progress_tag_class)}">{esc(labelled.progress_label)}</strong>'
            )
        else:
            progress = "–"
        return (
            f"{cell}\n"
            '              <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">\n'
            '                <div class="govuk-checkboxes__item">\n'
            f'                  <input class="govuk-checkboxes__input" id="{box}" name="cases" type="checkbox"'
            f' value="{pk}"{checked}>\n'
            f'                  <label class="govuk-label govuk-checkboxes__label" for="{box}">'
            f"{esc(case.case_ref)}</label>\n"
            "                </div>\n"
            "              </div>\n"
            "            </td>"
            f"{cell}{esc(case.unit.name)}</td>{cell}{esc(labelled.sentence_label)}</td>{cell}{esc(labelled.rosh_label)}</td>"
            f"{cell}{_or(labelled.assessor_name, 'Not allocated')}</td>{cell}{progress}</td>"
        )

    return rows_html(enumerate(rows), row, "          ")


def progress_rows(rows, *, case_url: Callable[[str], str]) -> SafeString:
    """``cases/dashboard.html``'s rows (``CaseRow``s): every case, its assessor and progress."""
    cell = '\n      <td class="govuk-table__cell">'

    def row(labelled) -> str:
        case = labelled.case
        return (
            '\n      <th scope="row" class="govuk-table__header">'
            f'<a class="govuk-link" href="{esc(case_url(case.case_ref))}">'
            f"{esc(case.case_ref)}</a></th>{cell}{esc(case.unit.name)}</td>"
            f"{cell}{_or(labelled.assessor_name, '–')}</td>"
            f'{cell}<strong class="govuk-tag{esc(labelled.progress_tag_class)}">{esc(labelled.progress_label)}</strong>'
            "</td>"
        )

    return rows_html(rows, row, "    ")


def queue_rows(assessments, *, user_id: int) -> SafeString:
    """``cases/moderation/queue.html``'s rows (``label_queue``'s): one's own assessment unlinked."""
    cell = '\n      <td class="govuk-table__cell">'

    def row(a) -> str:
        ref = esc(a.case_ref)
        if a.assessor_id == user_id:
            case = f'{ref} <span class="govuk-body-s">(yours)</span>'
        else:
            case = f'<a class="govuk-link" href="{esc(a.url)}">{ref}</a>'
        dip = '<strong class="govuk-tag govuk-tag--purple">In the dip sample</strong>' if a.in_dip_sample else ""
        if a.moderated_at:
            when = dateformat.format(timezone.localtime(a.moderated_at), "j M Y")
            state = (
                '<strong class="govuk-tag govuk-tag--green">Moderated</strong> '
                f'<span class="govuk-body-s">{esc(a.moderator_name)}, {esc(when)}</span>'
            )
        else:
            state = '<strong class="govuk-tag govuk-tag--grey">Not moderated</strong>'
        if a.changed:
            state += (
                f' <span class="govuk-body-s">{esc(a.changed)} answer{"" if a.changed == 1 else "s"} changed</span>'
            )
        return (
            f'\n      <th scope="row" class="govuk-table__header">\n        {case}\n        {dip}\n      </th>'
            f"{cell}{esc(a.unit_name)}</td>{cell}{esc(a.rosh_label)}</td>{cell}{esc(a.assessor_name)}</td>"
            f"{cell}{state}</td>"
        )

    return rows_html(assessments, row, "    ")


def second_marking_boxes(cases, *, selected: set[str]) -> SafeString:
    """``cases/double_marking.html``'s boxes: each case that may be chosen for double marking
    (``MarkedCase.selectable``), ticked when posted (``selected``); the id of the form's field goes
    to the sample's first case, as the template's loop gave it (only if that case may be chosen)."""
    boxes = []
    for n, marked in enumerate(cases):
        if not marked.selectable:
            continue
        case = marked.case
        pk = esc(case.pk)
        box = "id_cases" if n == 0 else f"case-{pk}"
        checked = " checked" if str(case.pk) in selected else ""
        boxes.append(
            '\n        <div class="govuk-checkboxes__item">\n'
            f'          <input class="govuk-checkboxes__input" id="{box}" name="cases" type="checkbox"'
            f' value="{pk}"{checked}>\n'
            f'          <label class="govuk-label govuk-checkboxes__label" for="{box}">{esc(case.case_ref)}'
            f" ({esc(marked.primary_name)}, {esc(case.unit_name)})</label>\n"
            "        </div>\n      "
        )
    return mark_safe("".join(boxes))  # noqa: S308 - every value escaped


def _old_or_new(text: str) -> str:
    """A change's old or new value, ``|truncatechars:80``, or "none"."""
    if not text:
        return '<span class="govuk-hint govuk-!-display-inline">none</span>'
    return esc(Truncator(text).chars(80))


def history_rows(history) -> SafeString:
    """``cases/assessment/case_detail.html``'s judgement history (``judgement_history``'s rows).

    A save's records share their time and many values repeat, so each distinct time and value is
    formatted once (``dateformat`` and ``Truncator`` took a tenth of a millisecond each)."""
    cell = '\n      <td class="govuk-table__cell">'
    values: dict[str, str] = {}
    times: dict = {}

    def shown(text: str) -> str:
        if text not in values:
            values[text] = _old_or_new(text)
        return values[text]

    def row(r) -> str:
        changes = "".join(
            f"\n          <li>{esc(c.label)}: {shown(c.old)} → {shown(c.new)}</li>\n        " for c in r.changes
        )
        if r.when not in times:
            times[r.when] = esc(dateformat.format(timezone.localtime(r.when), "j M Y H:i"))
        return (
            f'\n      <td class="govuk-table__cell app-nowrap">{times[r.when]}</td>'
            f"{cell}{esc(r.who)}</td>{cell}{esc(r.question.code)}</td>"
            f'{cell}\n        <ul class="govuk-list govuk-!-margin-bottom-0">\n        {changes}'
            "\n        </ul>\n      </td>"
            f"{cell}{_or(capfirst(r.source), 'Unknown')}</td>"
        )

    return rows_html(history, row, "    ")


STATUS_TAG_CLASSES = {  # ``cases/assessment/_status_tag.html``
    "not_started": " govuk-tag--grey",
    "in_progress": " govuk-tag--light-blue",
    "submitted": " govuk-tag--green",
    "returned": " govuk-tag--orange",
}


def my_case_items(assessments, *, case_url: Callable[[str], str]) -> SafeString:
    """``cases/my_cases.html``'s task list items of one inspection: each case, its unit,
    sentence and RoSH, and its assessment's status tag."""
    from ..models import Assessment, Case

    sentence = _display(Case, "sentence_type")
    rosh = _display(Case, "rosh")
    status_label = _display(Assessment, "status")
    items = []
    for assessment in assessments:
        case, n = assessment.case, esc(assessment.pk)
        second = "" if assessment.is_primary else " · Second marker"
        tag = STATUS_TAG_CLASSES.get(assessment.status, "")
        items.append(
            '\n    <li class="govuk-task-list__item govuk-task-list__item--with-link">\n'
            '      <div class="govuk-task-list__name-and-hint">\n'
            f'        <a class="govuk-link govuk-task-list__link app-case-ref" href="{esc(case_url(case.case_ref))}"'
            f' aria-describedby="case-{n}-hint case-{n}-status">{esc(case.case_ref)}</a>\n'
            f'        <div id="case-{n}-hint" class="govuk-task-list__hint">{esc(case.unit.name)} · '
            f"{esc(sentence(case.sentence_type))} · RoSH {esc(str(rosh(case.rosh)).lower())}{second}</div>\n"
            "      </div>\n"
            f'      <div class="govuk-task-list__status" id="case-{n}-status"><strong class="govuk-tag{tag}">'
            f"{esc(status_label(assessment.status))}</strong>\n</div>\n"  # the include's last line ends
            "    </li>\n    "
        )
    return mark_safe("".join(items))  # noqa: S308 - every value escaped


def _display(model, name: str) -> Callable:
    """``instance.get_<name>_display()`` as a function of the value, the choices read once."""
    choices = dict(model._meta.get_field(name).flatchoices)
    return lambda value: force_str(choices.get(value, value), strings_only=True)
