"""The criterion page's question fields, built in Python (``cases.views.question_fields``), write
the same HTML as the radios and textarea includes the other pages use, in every state."""

import pytest
from django import forms
from django.template.loader import render_to_string

from cases.views.question_fields import radios, textarea


class QuestionForm(forms.Form):
    answer = forms.ChoiceField(choices=[("yes", "Yes <b>"), ("no", "No & 'never'")], required=True)
    rationale = forms.CharField(max_length=5, required=False, widget=forms.Textarea)


STATES = [
    pytest.param(None, id="unbound"),
    pytest.param({"answer": "no", "rationale": '<i>"ok"</i>'}, id="answered, rationale too long"),
    pytest.param({"answer": "", "rationale": ""}, id="missing answer"),
]


@pytest.mark.parametrize("data", STATES)
@pytest.mark.parametrize("hint, error", [("", ""), ("Look at <the> plan", ""), ("", "Answer question 1.2"), ("h", "e")])
def test_radios_write_what_the_radios_include_writes(data, hint, error):
    form = QuestionForm(data)
    form.is_valid()
    expected = render_to_string(
        "cases/assessment/_radios.html",
        {
            "field": form["answer"],
            "legend": "Is it <safe>?",
            "caption": "Question A.1",
            "hint": hint,
            "small": True,
            "legend_class": "govuk-fieldset__legend--s",
            "error": error,
        },
    )
    assert radios(form["answer"], legend="Is it <safe>?", caption="Question A.1", hint=hint, error=error) == expected


def test_inline_radios_without_caption_write_what_the_include_writes():
    form = QuestionForm({"answer": "yes"})
    context = {"field": form["answer"], "legend": "Notable?", "caption": "", "hint": "", "small": True, "inline": True}
    context["legend_class"] = "govuk-fieldset__legend--s"
    expected = render_to_string("cases/assessment/_radios.html", context)
    assert radios(form["answer"], legend="Notable?", inline=True) == expected


@pytest.mark.parametrize("data", STATES)
@pytest.mark.parametrize("hint, error, rows", [("", "", 3), ("Case references only", "", 2), ("", "Give a reason", 3)])
def test_textarea_writes_what_the_textarea_include_writes(data, hint, error, rows):
    form = QuestionForm(data)
    form.is_valid()
    context = {"field": form["rationale"], "label": "Rationale", "hidden_label": "for question A.1", "hint": hint}
    expected = render_to_string("cases/assessment/_textarea.html", {**context, "rows": rows, "error": error})
    label = {"label": "Rationale", "hidden_label": "for question A.1"}
    written = textarea(form["rationale"], **label, hint=hint, rows=rows, error=error)
    assert written == expected
