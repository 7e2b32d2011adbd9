"""The case page puts the work first: the task list comes before the case's characteristics, which
are collapsed in a "Case characteristics" details component (the case's unit, sentence and RoSH
stay in view under the heading)."""

import re

from tests import factories

from .conftest import case_url


def test_the_task_list_comes_before_the_characteristics_which_are_collapsed(client, inspector, case, assessment):
    client.force_login(inspector)

    html = client.get(case_url(case)).content.decode()

    details = re.search(r'<details class="govuk-details" id="case-characteristics">(.*?)</details>', html, re.S)
    assert details, "the characteristics are in a details component"
    assert "open" not in html[details.start() : details.start() + 60]  # collapsed
    assert '<span class="govuk-details__summary-text">Case characteristics</span>' in details.group(1)
    assert details.group(1).count('<div class="govuk-summary-list__row">') == 16
    assert html.index('class="govuk-task-list"') < details.start()
    assert html.count(">Offence type</dt>") == 1  # shown once, in the details


def test_the_case_summary_under_the_heading_names_unit_sentence_and_rosh(client, inspector, inspection):
    unit = factories.UnitFactory(inspection=inspection, name="East hub")
    case = factories.CaseFactory(
        inspection=inspection, unit=unit, case_ref="E7", sentence_type="licence", rosh="very_high"
    )
    factories.AssessmentFactory(case=case, assessor=inspector)
    client.force_login(inspector)

    html = client.get(case_url(case)).content.decode()

    assert '<p class="govuk-body" id="case-summary">East hub · Licence · RoSH very high</p>' in html
    assert html.index('id="case-summary"') < html.index('class="govuk-task-list"')
