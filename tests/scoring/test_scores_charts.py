"""Charts on the scores pages: server-side SVG with a text alternative, the table one click away,
bars as long as the scores, the groups that differ marked, and nothing the CSP would block."""

import re

import pytest
from django.urls import reverse

from reports.charts import svg
from reports.scoring import Band, Score
from tests import factories

from .helpers import judge, make_case

pytestmark = pytest.mark.django_db


def url(name, inspection):
    return reverse(f"reports:{name}", kwargs={"slug": inspection.slug})


def svg_of(html: str, ident: str) -> str:
    start = html.index(f'id="{ident}"')
    start = html.rindex("<svg", 0, start)
    return html[start : html.index("</svg>", start) + len("</svg>")]


def assert_accessible_chart(chart: str) -> None:
    assert 'role="img"' in chart
    ident = re.search(r'<svg[^>]* id="([^"]+)"', chart).group(1)
    assert f'aria-labelledby="{ident}-title"' in chart and f'aria-describedby="{ident}-desc"' in chart
    assert re.search(rf'<title id="{ident}-title">[^<]+</title>', chart)
    assert re.search(rf'<desc id="{ident}-desc">[^<]+</desc>', chart)


def assert_links_land_on_the_page(html: str) -> None:
    targets = re.findall(r'<p class="govuk-body-s app-figure__table-link"><a class="govuk-link" href="#([^"]+)"', html)
    assert targets
    for target in targets:
        assert f'id="{target}"' in html, f"#{target} is not on the page"


@pytest.fixture
def scored(inspection):
    """A.1.02 at 35/47 (74%), A.1.01 at 1/4 (25%); B has no judgements."""
    for i in range(47):
        answers = {"A.1.02": "yes" if i < 35 else "no"}
        if i < 4:
            answers["A.1.01"] = "on_time" if i == 0 else "late"
        judge(make_case(inspection, f"C{i:02d}", unit="North" if i % 2 else "South"), answers)
    return inspection


def test_the_scores_page_opens_with_charts_that_have_a_title_and_description(client, scored, lead):
    client.force_login(lead)
    html = client.get(url("scores", scored)).content.decode()

    assert html.index('id="charts"') < html.index('id="headline-table"')  # the picture first
    for ident in ("chart-headlines", "chart-criteria"):
        chart = svg_of(html, ident)
        assert_accessible_chart(chart)
    desc = re.search(r'<desc id="chart-criteria-desc">([^<]+)</desc>', html).group(1)
    # The text alternative gives every figure and the bands: A.1 = mean(25%, 74.5%) = 49.7% -> 50%.
    assert "A.1 Initial assessment: 50%, Requires improvement" in desc
    assert "Good: 75% and over; Requires improvement: 50% to 74%; Inadequate: under 50%." in desc
    assert "B.1 Leadership and planning: no score" in desc


def test_bars_are_as_long_as_the_whole_percent_scores(client, scored, lead):
    client.force_login(lead)
    response = client.get(url("scores", scored))
    chart = svg_of(response.content.decode(), "chart-criteria")
    scores = response.context["scores"]

    bars = re.findall(
        r'<rect x="0" y="[\d.]+" width="([\d.]+)" height="10" fill="#1d70b8"[^>]* data-score="(\d+)"', chart
    )
    expected = [s.score.whole_percent for s in (scores.section("A"), scores.criterion("A.1"))]
    assert [int(score) for _, score in bars] == expected  # sections and criteria without a score draw no bar
    # The strip is 340 units for 0..100%.
    assert [float(width) for width, _ in bars] == [round(340 * p / 100, 1) for p in expected]


def test_the_rating_bands_are_drawn_behind_every_bar(client, scored, lead):
    client.force_login(lead)
    chart = svg_of(client.get(url("scores", scored)).content.decode(), "chart-headlines")
    bands = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="20"[^>]*class="app-chart__band"', chart)
    # Two headlines, three bands each: Inadequate 0-50, Requires improvement 50-75, Good 75-100.
    assert bands[:3] == [("0", "170"), ("170", "85"), ("255", "85")]
    assert len(bands) == 6


def test_every_chart_links_to_its_table_and_nothing_has_a_style_attribute(client, scored, lead):
    client.force_login(lead)
    html = client.get(url("scores", scored)).content.decode()
    assert_links_land_on_the_page(html)
    assert not re.search(r"<svg[\s\S]*?\sstyle\s*=[\s\S]*?</svg>", html)
    assert "<script>" not in html


@pytest.fixture
def differing(inspection):
    """A.1.02 by unit: North 20/20, South 10/20, West 11/20. The units differ (chi-square p < 0.001);
    against the rest, North (p < 0.001) and South (p = 0.03) differ, West (p = 0.12) does not."""
    for unit, yes in [("North", 20), ("South", 10), ("West", 11)]:
        for i in range(20):
            judge(make_case(inspection, f"{unit}{i}", unit=unit), {"A.1.02": "yes" if i < yes else "no"})
    return inspection


def test_a_breakdown_draws_a_dot_plot_per_question_with_intervals_and_the_whole_sample_line(client, differing, lead):
    client.force_login(lead)
    html = client.get(url("scores_breakdown", differing) + "?by=unit").content.decode()

    chart = svg_of(html, "chart-question-a102")
    assert_accessible_chart(chart)
    assert chart.count('class="app-chart__interval"') == 3  # one Wilson interval per group
    assert chart.count('class="app-chart__overall"') == 1 and "All cases 68%" in chart  # 41/60
    desc = re.search(r'<desc id="chart-question-a102-desc">([^<]+)</desc>', chart).group(1)
    assert "North: 20/20 (100%), 95% interval 84\u2013100%" in desc
    assert_links_land_on_the_page(html)
    assert 'id="row-question-a102"' in html
    assert not re.search(r"<svg[\s\S]*?\sstyle\s*=[\s\S]*?</svg>", html)


def test_the_groups_whose_score_differs_from_the_rest_are_marked(client, differing, lead):
    client.force_login(lead)
    html = client.get(url("scores_breakdown", differing) + "?by=unit").content.decode()

    chart = svg_of(html, "chart-question-a102")
    assert chart.count('class="app-chart__dot--marked"') == 2  # North and South: diamonds
    assert chart.count('class="app-chart__dot"') == 1  # West: a plain dot
    assert "North: 20/20 (100%) \u2013 differs" in chart and "West: 11/20 (55%) \u2013 differs" not in chart
    desc = re.search(r'<desc id="chart-question-a102-desc">([^<]+)</desc>', chart).group(1)
    assert "South: 10/20 (50%), 95% interval 30\u201370%, differs from the rest of the sample" in desc
    assert "the same test of the group against all other cases" in desc  # which test, in the alternative
    assert "the same test of the group against all other cases" in html[html.index('id="marking-note"') :]
    # The table marks the same cells.
    row = html[html.index('id="row-question-a102"') :]
    row = row[: row.index("</tr>")]
    assert row.count("differs from the rest") == 2


def other_charts_link(html: str) -> tuple[str, str]:
    """The href (unescaped) and text of the link in the breakdown's "other charts" section."""
    section = html[html.index('id="other-charts"') :]
    match = re.search(r'<a class="govuk-link" href="([^"]+)">([^<]+)</a>', section)
    return match.group(1).replace("&amp;", "&"), match.group(2)


def test_a_question_without_a_difference_marks_no_group_and_its_chart_is_a_link_away(client, scored, lead):
    client.force_login(lead)
    page = url("scores_breakdown", scored)
    html = client.get(page + "?by=unit").content.decode()
    assert "app-chart__dot--marked" not in html
    assert 'id="chart-question-a102"' not in html and 'id="chart-question-a101"' not in html  # not drawn
    assert_accessible_chart(svg_of(html, "chart-headline-safe"))  # the headlines' charts always are
    assert 'id="row-question-a102"' in html  # its figures are in the table
    href, text = other_charts_link(html)
    assert text == "Show the charts of the other 2 questions"
    assert href == "?by=unit&charts=all#other-charts"

    html = client.get(page + href.split("#")[0]).content.decode()
    chart = svg_of(html, "chart-question-a102")
    assert_accessible_chart(chart)
    assert "app-chart__dot--marked" not in chart
    assert 'id="chart-question-a101"' in html
    assert_links_land_on_the_page(html)
    assert not re.search(r"<svg[\s\S]*?\sstyle\s*=[\s\S]*?</svg>", html)
    href, text = other_charts_link(html)  # and back
    assert text == "Show only the charts of the headlines and the questions that differ"
    assert href == "?by=unit#other-charts"


def test_the_link_to_every_chart_keeps_the_breakdowns_other_choices(client, scored, lead):
    client.force_login(lead)
    # The lead's preview, and a token an old GET form may have put in the address (left out).
    html = client.get(url("scores_breakdown", scored) + "?by=unit&preview=1&csrfmiddlewaretoken=x").content.decode()
    href, _ = other_charts_link(html)
    assert href == "?by=unit&preview=1&charts=all#other-charts"

    html = client.get(url("scores_breakdown", scored) + "?by=unit&preview=1&charts=all").content.decode()
    assert 'id="chart-question-a102"' in html
    # Choosing another grouping keeps every chart, and leaving the preview keeps them too.
    form = html[html.index('<form method="get"') :]
    assert '<input type="hidden" name="charts" value="all">' in form[: form.index("</form>")]
    assert 'href="?by=unit&amp;charts=all">Show submitted work only</a>' in html


def test_every_chart_costs_no_more_queries(client, scored, lead, django_assert_num_queries):
    client.force_login(lead)
    client.get(url("scores_breakdown", scored) + "?by=unit")
    # The session, the user, the second factor, the membership, judgement counts, the units with their
    # case counts, the navigation's permissions (the structure kept from the first request): as without
    # every chart (tests/scoring/test_scores_pages.py).
    with django_assert_num_queries(7):
        response = client.get(url("scores_breakdown", scored) + "?by=unit&charts=all")
    assert len(response.context["figures"]["others"]) == 2


def test_a_reinspection_shows_each_score_before_and_after(client, inspection, lead, small_set):
    previous = factories.InspectionFactory(slug="northshire-2024", name="Northshire 2024", criteria_set=small_set)
    for i in range(4):  # 3/4 = 75%
        judge(make_case(previous, f"P{i}"), {"A.1.02": "yes" if i < 3 else "no"})
    for i in range(5):  # 4/5 = 80%
        judge(make_case(inspection, f"C{i}"), {"A.1.02": "yes" if i < 4 else "no"})
    inspection.previous = previous
    inspection.save()
    client.force_login(lead)

    html = client.get(url("scores", inspection)).content.decode()

    chart = svg_of(html, "chart-change")
    assert_accessible_chart(chart)
    desc = re.search(r"<desc id=\"chart-change-desc\">([^<]+)</desc>", chart).group(1)
    assert "A.1 Initial assessment: 75% in Northshire 2024, now 80% (+5" in desc  # then the change's own wording
    # Before hollow at 75%, after filled at 80%, on a 376-unit scale from x = 12.
    assert f'<circle cx="{12 + 376 * 0.75:g}"' in chart and 'class="app-chart__before"' in chart
    assert f'<circle cx="{12 + 376 * 0.80:g}"' in chart and 'class="app-chart__after"' in chart
    assert "B.1 Leadership and planning: no comparison" in chart
    assert_links_land_on_the_page(html)


def test_the_svg_module_refuses_inline_styles_and_escapes_text():
    chart = svg.Svg(ident="c", title="A <b> & C", desc="d", width=400, height=10)
    chart.text(0, 10, "<script>")
    with pytest.raises(ValueError):
        chart.rect(0, 0, 1, 1, "#000", style="fill: red")
    with pytest.raises(ValueError):
        chart.add("g", onload="x()")
    rendered = chart.render()
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert '<title id="c-title">A &lt;b&gt; &amp; C</title>' in rendered


def test_the_scale_measures_as_the_reports_sample_charts_do():
    assert svg.Scale(domain=7, length=300).size(3) == round(300 * 3 / 7, 1)
    assert svg.Scale(domain=0, length=300).size(3) == 0
    assert svg.Scale(domain=100, length=376, start=12).at(50) == 200


def test_band_bars_without_bands_still_draw_and_describe():
    from reports.charts.scores import BarRow, band_bars

    figure = band_bars(ident="x", title="T", rows=[BarRow("One", Score.from_counts(1, 2))], bands=(), table_id="t")
    assert 'data-score="50"' in figure.svg and "One: 50%" in figure.desc and figure.key == ()
    figure = band_bars(
        ident="y", title="T", rows=[BarRow("One", Score.of(None))], bands=(Band(0, "All"),), table_id="t"
    )
    assert "app-chart__bar" not in figure.svg and "One: no score" in figure.desc


def test_each_group_is_tested_against_the_rest_of_the_sample():
    from reports.scoring.stats import group_versus_rest

    north, south, west, empty = group_versus_rest([(20, 0), (10, 10), (11, 9), (0, 0)])
    assert north.significant and north.p_value < 0.001
    assert south.significant and round(south.p_value, 3) == 0.031  # 10/20 against the rest's 31/40
    assert not west.significant and round(west.p_value, 2) == 0.12
    assert empty is None  # no denominator, nothing to test
