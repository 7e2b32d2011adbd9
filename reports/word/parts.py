"""The Word file's parts around the figures: acknowledgements, key findings with the comparison with
other areas and next steps, contextual information, methodology and the role of the inspectorate
and Appendix 1's criteria chart (the same wording as ``reports/templates/reports/pdf/``)."""

import io

from PIL import Image

from ..report_data import ReportData
from .document import WordDocument
from .svg_png import svg_png


def acknowledgements(word: WordDocument, data: ReportData) -> None:
    if not data.team:
        return
    word.heading("Acknowledgements", 1, new_page=True)
    word.paragraph(
        f"We would like to thank {data.area or 'the staff of the area inspected'}, its managers and staff for "
        "their assistance in ensuring the smooth running of this inspection."
    )
    for role, names in data.team:
        paragraph = word.paragraph(f"{role}: ", bold=True)
        paragraph.add_run("; ".join(names)).italic = True


def key_findings(word: WordDocument, data: ReportData) -> None:
    word.heading("Key findings", 1, new_page=True)
    word.paragraph(
        "For each section, the aspects of the work we assessed that were done well most often and least often, "
        f"from the figures in this report, among questions with at least {data.findings_minimum} relevant cases."
    )
    for section, strongest, weakest in data.key_findings:
        word.heading(f"{section.code}. {section.title} ({section.figure.display})", 2)
        if not strongest:
            word.paragraph("Too few questions have enough relevant cases to name key findings.")
            continue
        for title, sentences in (("Done well most often", strongest), ("Done well least often", weakest)):
            word.heading(title, 3)
            for sentence in sentences:
                word.paragraph(sentence, style="List Bullet")
    if data.areas:
        word.heading("Comparison with other areas", 2)
        rows = [[a.title, a.lowest.display, a.highest.display, a.average.display, a.this.display] for a in data.areas]
        word.table(
            ["Headline", "Lowest", "Highest", "Average", "This inspection"],
            rows,
            caption=_areas_caption(data),
            widths=[8.4, 2.2, 2.2, 2.2, 2.4],
        )
        if data.areas_note:
            word.paragraph(
                "Each other area counts once in the average, with the figures of its final report. "
                "Samples differ in size and profile between areas."
            )
    word.heading("Next steps", 2)
    word.paragraph(data.next_steps_sentence)


def contextual_information(word: WordDocument, data: ReportData) -> None:
    word.heading("Contextual information", 1, new_page=True)
    word.paragraph(
        f"{data.cases_sentence} The sample by the characteristics the inspectorate reports on (cases in the "
        "sample, and their share of it):"
    )
    for chart in data.context_charts:
        rows = [[bar.label, str(bar.count), bar.percent_display] for bar in chart.bars]
        word.table([chart.title, "Cases", "%"], rows, caption=chart.title, widths=[7, 2.2, 2.2])
    if data.caseload_rows:
        word.paragraph("The sample against the caseload of each unit when the sample was drawn:")
        rows = [[unit, str(load), str(sampled), share] for unit, load, sampled, share in data.caseload_rows]
        word.table(
            ["Unit", "Caseload", "Cases in the sample", "Sampled"], rows, caption="Caseload", widths=[6, 2.2, 2.2, 2]
        )


def service_users(word: WordDocument, data: ReportData) -> None:
    if not data.service_users:
        return
    word.heading("Service users' perspective", 1, new_page=True)
    if data.service_users_sentence:
        word.paragraph(data.service_users_sentence)
    for paragraph in data.service_users:
        word.paragraph(paragraph)


def methodology(word: WordDocument, data: ReportData) -> None:
    m = data.methodology
    word.heading("Appendix 5: Methodology", 1, new_page=True)
    word.heading("The sample", 2)
    fieldwork = f", assessed during the fieldwork from {data.fieldwork}" if data.fieldwork else ""
    text = f"We looked at a sample of {data.units_phrase}{fieldwork}."
    if m and m.minimums:
        text += f" {m.minimums_sentence}"
    word.paragraph(f"{text} {data.counted_sentence}".strip())
    word.heading("How cases were assessed", 2)
    text = (
        f"Each case was assessed by an inspector or a local assessor against the {data.criteria_set}: they read "
        "the case record and recorded a judgement for every question that applied to the case, with its rationale."
    )
    if m and m.assessors:
        text += " " + m.assessed_sentence
    word.paragraph(text + " The lead inspector quality assured the judgements before the figures were produced.")
    word.heading("Key findings", 2)
    word.paragraph(data.findings_rule)
    if m and m.double_marked:
        word.heading("Double marking", 2)
        word.paragraph(m.double_marking_sentence)
    if data.role_of_inspectorate or data.publication:
        word.heading("Appendix 6: Role of the inspectorate", 1, new_page=True)
        for paragraph in data.role_of_inspectorate:
            word.paragraph(paragraph)
        for heading, paragraphs in data.publication:
            word.heading(heading, 2)
            for paragraph in paragraphs:
                word.paragraph(paragraph)


def _areas_caption(data: ReportData) -> str:
    this = data.area or data.inspection_name
    if data.areas_note:  # reports frozen before programmes compared every inspection on the set
        return f"{data.areas_note}: their lowest, highest and average headline scores, and those of {this}"
    return f"Headline scores of the {data.area_count} inspections on the {data.criteria_set} to date, and for {this}"


def criteria_chart(word: WordDocument, data: ReportData) -> None:
    """Appendix 1's chart of the general criteria scores (the PDF's SVG as a picture), with its
    caption, alternative text and key."""
    chart = data.criteria_chart
    if chart is None:
        return
    caption = f"Chart: {chart.title} (the figures are in the scoring and summary table)"
    word.paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
    png = svg_png(str(chart.svg))
    # 10.5 cm wide as in the PDF, narrower when that would not leave it on one landscape page.
    width, height = Image.open(io.BytesIO(png)).size
    alt = f"{chart.title}. {chart.desc}"
    word.picture(png, alt=alt, title=chart.title, width_cm=min(10.5, 14 * width / height))
    for line in chart.key:
        word.paragraph(line)
