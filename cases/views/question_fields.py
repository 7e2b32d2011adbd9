"""A criterion page's question fields as HTML, built once per field in Python.

The criterion page is the inspector's most frequent request: rendering its radios and textareas
through ``cases/assessment/_radios.html`` and ``_textarea.html`` took some 340 template variable
lookups a question (the bound field's value and errors read again at every use). These functions
write the same HTML as those includes, byte for byte (the includes stay, for the pages that show
one or two fields); the criterion page's tests compare the two.
"""

from django.utils.safestring import SafeString, mark_safe

from .tables import esc  # conditional_escape without its lazy wrapper (7,000 calls a page)

ERROR_PREFIX = '<span class="govuk-visually-hidden">Error:</span> '


def _error_html(name: str, errors, error: str) -> str:
    if errors:
        messages = "<br>".join(ERROR_PREFIX + esc(message) for message in errors)
        return f'<p id="{esc(name)}-error" class="govuk-error-message">{messages}</p>'
    if error:
        return f'<p id="{esc(name)}-error" class="govuk-error-message">{ERROR_PREFIX}{esc(error)}</p>'
    return ""


def _described_by(name: str, hint: str, failed: bool) -> str:
    if not (hint or failed):
        return ""
    ids = [f"{esc(name)}-hint"] if hint else []
    if failed:
        ids.append(f"{esc(name)}-error")
    return f' aria-describedby="{" ".join(ids)}"'


def radios(field, *, legend: str, caption="", hint="", error="", inline: bool = False) -> SafeString:
    """``_radios.html`` with small=True and the --s legend, as the criterion page includes it."""
    name, errors = field.html_name, field.errors
    value = field.value()
    value = "" if value is None else value
    failed = bool(errors or error)
    items = "".join(
        '\n      <div class="govuk-radios__item">\n'
        f'        <input class="govuk-radios__input" id="id_{esc(name)}_{n}" name="{esc(name)}" type="radio" '
        f'value="{esc(option_value)}"{" checked" if option_value == value else ""}>\n'
        f'        <label class="govuk-label govuk-radios__label" for="id_{esc(name)}_{n}">{esc(option_label)}</label>\n'
        "      </div>\n      "
        for n, (option_value, option_label) in enumerate(field.field.choices)
    )
    caption_html = f'<span class="govuk-caption-s app-question__code">{esc(caption)}</span>' if caption else ""
    hint_html = f'<div id="{esc(name)}-hint" class="govuk-hint app-pre-wrap">{esc(hint)}</div>' if hint else ""
    return mark_safe(  # noqa: S308 -- every value above is escaped
        "\n\n\n"
        f'<div class="govuk-form-group{" govuk-form-group--error" if failed else ""}">\n'
        f'  <fieldset class="govuk-fieldset"{_described_by(name, hint, failed)}>\n'
        f'    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{caption_html}{esc(legend)}</legend>\n'
        f"    {hint_html}\n"
        f"    {_error_html(name, errors, error)}\n"
        f'    <div class="govuk-radios govuk-radios--small{" govuk-radios--inline" if inline else ""}" '
        'data-module="govuk-radios">\n'
        f"      {items}\n"
        "    </div>\n  </fieldset>\n</div>\n\n"
    )


def textarea(field, *, label: str, hidden_label="", hint="", rows: int = 3, error="") -> SafeString:
    """``_textarea.html``, as the criterion page includes it."""
    name, errors = field.html_name, field.errors
    value = field.value()
    failed = bool(errors or error)
    hidden = f'<span class="govuk-visually-hidden"> {esc(hidden_label)}</span>' if hidden_label else ""
    hint_html = f'<div id="{esc(name)}-hint" class="govuk-hint">{esc(hint)}</div>' if hint else ""
    return mark_safe(  # noqa: S308 -- every value above is escaped
        "\n\n\n"
        f'<div class="govuk-form-group{" govuk-form-group--error" if failed else ""}">\n'
        f'  <label class="govuk-label" for="id_{esc(name)}">{esc(label)}{hidden}</label>\n'
        f"  {hint_html}\n"
        f"  {_error_html(name, errors, error)}\n"
        f'  <textarea class="govuk-textarea{" govuk-textarea--error" if failed else ""}" id="id_{esc(name)}" '
        f'name="{esc(name)}" rows="{rows}"{_described_by(name, hint, failed)}>'
        f"{esc('' if value is None else value)}</textarea>\n"
        "</div>\n\n"
    )


EXAMPLE_HINT = "What was done well or poorly. Case references only, never names."


def question_fields(question, fields: dict, mark: dict) -> dict:
    """The criterion page's four fields of one question as HTML, and whether its notable practice
    section starts open."""
    hidden_label = "for question " + question.code
    notable, example = fields["notable"], fields["example"]
    return {
        "answer_html": radios(
            fields["answer"],
            legend=question.text,
            caption="Question " + question.code,
            hint=question.guidance,
            error=mark.get("answer", ""),
        ),
        "rationale_html": textarea(
            fields["rationale"], label="Rationale", hidden_label=hidden_label, error=mark.get("rationale", "")
        ),
        "notable_html": radios(notable, legend="Was this notable practice?", inline=True),
        "example_html": textarea(example, label="Short example", hidden_label=hidden_label, hint=EXAMPLE_HINT, rows=2),
        "open": bool(notable.value() or example.value() or notable.errors or example.errors),
    }
