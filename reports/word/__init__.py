"""The report as an editable Word document: the same content as the PDF, for the editor.

    from reports import word

    content = word.render(data)     # bytes of a .docx, from reports.report_data (frozen for a final)

Headings are Word headings, tables Word tables, the sample charts pictures (PNG, drawn by
``word.charts``) with their alternative text. Chapter order and wording follow the PDF templates
(``reports/templates/reports/pdf/``).
"""

from .. import wording
from ..report_data import ReportData
from . import parts
from .charts import chart_png
from .document import WordDocument

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render(data: ReportData) -> bytes:
    state = "DRAFT" if data.is_draft else ""  # only drafts are labelled, as published reports
    word = WordDocument(
        title=f"{data.inspection_name} – inspection report{' (DRAFT)' if data.is_draft else ''}",
        subject=data.criteria_set,
        header=f"{data.inspection_name}\t\t{state}",
    )
    _cover(word, data)
    word.heading("Contents", 1, new_page=True)
    word.contents()
    for part in (
        parts.acknowledgements,
        _foreword,
        _examples,
        _scoring_summary,
        parts.key_findings,
        parts.contextual_information,
        parts.service_users,
        _sections,
        _appendix_units,
        _appendix_sample,
        _appendix_scoring,
        _appendix_glossary,
        parts.methodology,
    ):
        part(word, data)
    word.fill_contents()
    return word.save()


def _cover(word: WordDocument, data: ReportData) -> None:
    if data.is_draft:
        word.paragraph("DRAFT – not for publication", bold=True)
    kicker, title = data.cover_lines
    word.paragraph(kicker)
    word.doc.add_heading(title, level=0)
    if data.organisation:
        word.paragraph(f"An inspection led by {data.organisation}")
    if data.isbn:
        word.paragraph(f"ISBN: {data.isbn}")
    word.paragraph(data.published)
    facts = [("Criteria", data.criteria_set)]
    if data.fieldwork:
        facts.append(("Fieldwork", data.fieldwork))
    cases = str(data.case_count)
    if data.counted_case_count != data.case_count:
        cases += f" ({data.counted_case_count} counted in the figures)"
    facts.append(("Cases inspected", cases))
    if data.is_reinspection:
        facts.append(("Original inspection", data.previous_name))
    facts += [
        ("Version", f"{data.version_number} ({'draft' if data.is_draft else 'final'})"),
        ("Date", f"{data.generated_at:%-d %B %Y}"),
    ]
    for label, value in facts:
        paragraph = word.paragraph(f"{label}: ", bold=True)
        paragraph.add_run(value)


def _foreword(word: WordDocument, data: ReportData) -> None:
    if data.foreword:
        word.heading("Foreword and summary", 1, new_page=True)
        for paragraph in data.foreword:
            lines = paragraph.split("\n")
            block = word.paragraph(lines[0])
            for line in lines[1:]:
                block.add_run().add_break()
                block.add_run(line)
    if data.reinspection_reasons:
        word.heading("Reasons for undertaking the reinspection", 1, new_page=not data.foreword)
        for paragraph in data.reinspection_reasons:
            word.paragraph(paragraph)
        if data.reasons_figures:
            word.table(
                ["General criterion", "Original", "Now"],
                [[f"{code} {title}", before, now] for code, title, before, now in data.reasons_figures],
                caption="The general criteria named, in the original inspection and now",
                widths=[11, 3, 3],
            )
    if data.recommendations:
        word.heading("Recommendations for improvement", 1, new_page=not data.foreword)
        word.paragraph("Changes are necessary to ensure that, in a higher proportion of cases:")
        word.numbered(data.recommendations)


def _examples(word: WordDocument, data: ReportData) -> None:
    if not data.notable_examples:
        return
    word.heading("Making a difference", 1, new_page=True)
    word.paragraph(f"Here are some examples of work in {data.area or data.inspection_name} that impressed us.")
    for example in data.notable_examples:
        word.heading(example.title, 2)  # under the Heading 1 above: no level skipped
        word.paragraph(example.text)


def _scoring_summary(word: WordDocument, data: ReportData) -> None:
    word.heading("Scoring and summary table", 1, new_page=True)
    word.paragraph(
        "This report gives percentage scores for the practice criteria: how often each aspect of the work we "
        f"assessed in {data.counted_phrase} met the level of "
        "quality we were looking for. Each headline score carries a comment indicating the improvement we "
        "consider it now requires."
    )
    for headline in data.headlines:
        word.heading(f"{headline.title} score", 2)
        pooled = f" (pooled over its {headline.questions_phrase})" if headline.method == "pooled" else ""
        word.paragraph(
            f"This score indicates the percentage of {headline.title} work that we judged to have met a "
            f"sufficiently high level of quality{pooled}."
        )
        text = f"Score: {headline.figure.display}. Comment: {headline.figure.band_label or 'no score'}."
        if data.is_reinspection:
            text += f" Original inspection: {headline.figure.previous_display or '–'}; change: "
            text += f"{headline.figure.change_display}."
        word.paragraph(text, bold=True)
    headers = ["General criterion", "Score", "Comment"]
    if data.is_reinspection:
        headers += ["Original", "Change (points)"]
    rows = []
    for section in data.case_sections:
        for criterion in section.criteria:
            if criterion.is_case_based:
                rows.append(_score_row(f"{criterion.code} {criterion.title}", criterion.figure, data))
        rows.append(_score_row(f"{section.title} overall", section.figure, data))
    word.table(headers, rows, caption=f"{data.inspection_name} – Scores for General Criteria")


def _score_row(label: str, figure, data: ReportData) -> list[str]:
    row = [label, figure.display, figure.band_label]
    if data.is_reinspection:
        row += [figure.previous_display, figure.change_display]
    return row


def _sections(word: WordDocument, data: ReportData) -> None:
    for section in data.sections:
        word.heading(f"{section.code}. {section.title.upper()}", 1, new_page=True)
        if section.is_case_based:
            band = f" – {section.figure.band_label}" if section.figure.band_label else ""
            word.paragraph(f"OVERALL SCORE: {section.figure.display}{band}", bold=True)
            rows = [
                [f"{c.code} {c.title}", c.figure.display, c.figure.band_label or "No score"]
                if c.is_case_based
                else [f"{c.code} {c.title}", "–", "Judged from interviews and documents"]
                for c in section.criteria
            ]
            word.table(
                ["General criterion", "Score", "Comment"],
                rows,
                caption=f"Summary of section {section.code}: the score of each general criterion",
                widths=[9.5, 2, 5.5],
            )
        for criterion in section.criteria:
            word.heading(f"{criterion.code} General Criterion: {criterion.title.upper()}", 2)
            if criterion.statement:
                word.paragraph(criterion.statement, italic=True)
            if criterion.is_case_based:
                score = criterion.figure.display
                if data.is_reinspection and criterion.figure.change_display:
                    score += f" ({criterion.figure.change_display} from {criterion.figure.previous_display or '–'})"
                band = criterion.figure.band_label or "No score: no cases were counted."
                word.table(["Score", "Comment"], [[score, band]], font_size=11, caption=f"{criterion.code} – score")
            else:
                word.paragraph("This criterion is judged from interviews and documents; it has no case score.")
            if criterion.strengths:
                word.heading(f"Strength{'s' if len(criterion.strengths) > 1 else ''}:", 3)
                word.lettered(criterion.strengths)
            if criterion.improvements:
                word.heading(f"Area{'s' if len(criterion.improvements) > 1 else ''} for Improvement:", 3)
                word.lettered(criterion.improvements)
            if criterion.questions:
                _question_table(word, criterion, data)


def _question_table(word: WordDocument, criterion, data: ReportData) -> None:
    headers = ["Question", "Meeting the standard", "Relevant cases", "%"]
    if data.is_reinspection:
        headers += ["Original", "Change"]
    rows = []
    for group, questions in criterion.question_runs:
        if group:
            rows.append(("group", group))
        for row in questions:
            figure = row.figure
            cells = [row.text, _number(figure.numerator), _number(figure.denominator), figure.display]
            if data.is_reinspection:
                cells += [figure.previous_display, figure.change_display]
            rows.append(cells)
    widths = [9.4, 2.4, 2.4, 1.8] if not data.is_reinspection else [7.4, 2.0, 2.0, 1.6, 1.6, 1.6]
    word.table(headers, rows, widths=widths, caption=f"{criterion.code} – figures for each question")


def _number(value) -> str:
    return "–" if value is None else str(value)


def _appendix_units(word: WordDocument, data: ReportData) -> None:
    word.landscape(True)
    word.heading("Appendix 1: Key findings by unit", 1)
    word.paragraph(
        "This table presents the findings for each question disaggregated by unit, with the denominator of each "
        "percentage: the number of cases in which the question applied and was judged above or below the line. "
        + data.counted_sentence
    )
    parts.criteria_chart(word, data)
    for number, table in enumerate(data.unit_tables, start=1):
        top = ["Question", *table.headers]
        names = [cell for cell in top[1:] for _ in (0, 1)]
        second = [""] + ["Denominator", "% meeting the standard"] * len(table.columns)
        rows = []
        for code, title, runs in table.criteria_runs:
            rows.append(("heading", f"{code} {title}"))
            for group, pairs in runs:
                if group:
                    rows.append(("group", group))
                for row, figures in pairs:
                    rows.append([row.text] + [c for f in figures for c in (str(f.denominator or 0), f.display)])
        widths = [7.5] + [2.3] * (2 * len(table.columns))
        caption = "Figures for each question by unit"
        if len(data.unit_tables) > 1:
            caption += f" (table {number} of {len(data.unit_tables)})"
        word.table([["Question", *names], second], rows, widths=widths, font_size=9, caption=caption)
    word.landscape(False)


def _appendix_sample(word: WordDocument, data: ReportData) -> None:
    word.heading("Appendix 2: Characteristics of the cases inspected", 1)
    word.paragraph(f"The sample held {data.units_phrase}. {data.counted_sentence}".strip())
    for number, chart in enumerate(data.charts, start=1):
        word.paragraph(
            f"Chart {number} Case sample: {chart.title}", style="Caption"
        ).paragraph_format.keep_with_next = True
        if not chart.bars:
            word.paragraph("No cases.")
            continue
        title = f"Chart {number}: case sample by {chart.title.lower()}"
        word.picture(chart_png(chart), alt=f"{title}. {chart.description}", title=title, width_cm=16)
        if chart.rounding_note:
            word.paragraph(chart.rounding_note)


def _appendix_scoring(word: WordDocument, data: ReportData) -> None:
    approach = data.scoring
    word.heading("Appendix 3: Scoring approach", 1, new_page=True)
    word.paragraph(
        "This describes how the scores in this report are calculated for each general criterion, for each "
        f"section and for the headline scores, following the rules of the {data.criteria_set}."
    )
    word.paragraph("For each of the general criteria based on the scrutiny of the case sample, that is:")
    for code, title, criteria in approach.case_sections:
        word.paragraph(f"Section {code}: {title}", bold=True)
        for criterion_code, criterion_title in criteria:
            word.paragraph(f"{criterion_code} {criterion_title}", style="List Bullet")
    word.paragraph(
        "the score is the average, across each of the questions for that criterion that have a score, of the "
        "proportion of relevant cases in the sample where the work assessed by that question was judged "
        "sufficient (\u201cabove the line\u201d). Answers that are excluded (for example \u201cNot applicable\u201d) "
        "and unanswered questions are not counted; a question with no denominator has no score and is shown "
        "as \u201c–\u201d, never as 0%."
    )
    rows = [
        [scale if i == 0 else "", label, scoring]
        for scale, options in approach.scales
        for i, (label, scoring) in enumerate(options)
    ]
    word.table(["Answer scale", "Answer", "Counts as"], rows, caption="How each answer counts")
    word.paragraph("The score for each section is the average of the scores of its general criteria.")
    for title, method, count, where in approach.headlines:
        how = (
            "the number of cases judged above the line over the number judged above or below it, pooled over"
            if method == "pooled"
            else "an average, over"
        )
        within = f" in {where}" if where else ""
        word.paragraph(
            f"The {title} headline score is calculated as {how} {wording.all_the(count, 'question')} relating to "
            f"{title}{within}."
        )
    word.paragraph(
        "Every score is kept exact and rounded once, to a whole percent, half up (84.5% is shown as 85%); a score "
        "above 0% that rounds to 0 is shown as \u201c<1%\u201d, one below 100% that rounds to 100 as \u201c>99%\u201d. "
        "The comment given with a score depends on that whole percent:"
    )
    bands = [
        [f"{low}% and above" if high is None else f"{low}% to {high}%", label] for low, high, label in approach.bands
    ]
    word.table(["Score", "Comment"], bands, caption="Comments given to scores")


def _appendix_glossary(word: WordDocument, data: ReportData) -> None:
    word.heading("Appendix 4: Glossary", 1, new_page=True)
    if data.glossary:
        word.table(
            ["Term", "Meaning"], [list(entry) for entry in data.glossary], widths=[4.5, 12.9], caption="Glossary"
        )
    else:
        word.paragraph("The criteria set has no glossary.")
