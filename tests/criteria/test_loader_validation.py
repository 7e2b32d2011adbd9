"""Every validation error of the criteria loader names the file, the line and the path, and all are listed."""

import pytest

from criteria import loader
from criteria.services import load_criteria_set
from inspection.errors import FileRejectedError
from tests.criteria.helpers import SOURCE, TINY, edit, line_of, snapshot

Q4 = "sections[0].criteria[1].questions[3]"  # A.2.04, the question with an applies_when rule


def errors_for(text: str) -> list[str]:
    with pytest.raises(FileRejectedError) as caught:
        loader.read(text, SOURCE)
    return caught.value.errors


def test_the_tiny_base_set_is_valid():
    canonical = loader.read(TINY, SOURCE)
    assert canonical["slug"] == "tiny-2026"
    assert [q["code"] for c in canonical["sections"][0]["criteria"] for q in c["questions"]] == [
        "A.1.01",
        "A.2.01",
        "A.2.02",
        "A.2.03",
        "A.2.04",
    ]


def test_bad_yaml_syntax_names_the_line():
    text = edit(TINY, "text: The plan was sufficient.", "text: The plan: was sufficient.")
    line = line_of(text, "The plan: was sufficient.")
    assert errors_for(text) == [f"tiny.yaml, line {line}: invalid YAML: mapping values are not allowed here"]


def test_a_python_tag_is_rejected_because_yaml_is_loaded_safely():
    text = edit(TINY, "name: Tiny Module", 'name: !!python/object/apply:os.system ["echo hacked"]')
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'os.system')}: invalid YAML: could not determine a constructor "
        "for the tag 'tag:yaml.org,2002:python/object/apply:os.system'"
    ]


def test_a_python_tag_on_a_scalar_is_rejected_too():
    text = edit(TINY, "name: Tiny Module", "name: !!python/name:os.system")
    [error] = errors_for(text)
    assert error.startswith(f"tiny.yaml, line {line_of(text, 'os.system')}: invalid YAML: could not determine")


def test_an_alias_bomb_is_rejected_without_expanding_it():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    # Refused at its first alias (line 2) before anything is expanded: the format uses no aliases.
    assert errors_for(bomb) == ["tiny.yaml, line 2: invalid YAML: aliases (*a) are not allowed in a criteria set"]


def test_a_self_referencing_alias_is_refused_with_its_line_instead_of_never_ending():
    [error] = errors_for("a: &a [*a]")
    assert error == "tiny.yaml, line 1: invalid YAML: aliases (*a) are not allowed in a criteria set"


def test_an_alias_inside_a_valid_set_is_refused_with_its_line():
    text = edit(TINY, "name: Tiny Module", "name: &title Tiny Module\nversion_name: *title")
    assert errors_for(text)[0] == (
        f"tiny.yaml, line {line_of(text, '*title')}: invalid YAML: aliases (*title) are not allowed in a criteria set"
    )


def test_an_unknown_key_names_its_line_and_path():
    text = edit(
        TINY,
        "            text: The plan was reviewed before release.\n",
        "            text: The plan was reviewed before release.\n            colour: blue\n",
    )
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'colour: blue')}, {Q4}.colour: unknown key 'colour' "
        "(allowed: code, text, scale, headlines, specific, group, applies_when, guidance, sentence, analysis_code)"
    ]


def test_an_unknown_top_level_key_is_reported():
    text = edit(TINY, "version: First edition\n", "version: First edition\nauthor: Ada\n")
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'author: Ada')}, author: unknown key 'author' "
        "(allowed: format, slug, name, version, rationale_required_below_line, headlines, rating_bands, "
        "answer_scales, sections, glossary, role_of_inspectorate)"
    ]


def test_a_missing_required_key_names_the_path_of_the_key_and_the_line_of_its_mapping():
    text = edit(
        TINY,
        "            text: The plan was reviewed before release.\n            scale: yes_no\n",
        "            text: The plan was reviewed before release.\n",
    )
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'code: A.2.04')}, {Q4}.scale: missing required key 'scale'"
    ]


@pytest.mark.parametrize(
    ("key", "line_text", "path"),
    [
        ("format", "format: inspection-criteria/1", "format"),
        ("slug", "slug: tiny-2026", "slug"),
        ("name", "name: Tiny Module", "name"),
    ],
)
def test_a_missing_top_level_key_is_reported(key, line_text, path):
    text = edit(TINY, line_text + "\n", "")
    assert errors_for(text) == [f"tiny.yaml, line 1, {path}: missing required key '{key}'"]


def test_an_empty_required_value_counts_as_missing():
    text = edit(TINY, "        title: Planning", '        title: ""')
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'title: ""')}, sections[0].criteria[1].title: missing required key 'title'"
    ]


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            "code: A.2.03",
            "code: A.2.02",
            "sections[0].criteria[1].questions[2].code",
            "duplicate question code 'A.2.02'",
        ),
        (
            "{code: A.2.b, text: Plans are reviewed.}",
            "{code: A.1.a, text: Plans are reviewed.}",
            "sections[0].criteria[1].specific[1].code",
            "duplicate specific code 'A.1.a'",
        ),
        (
            "      - code: A.2\n",
            "      - code: A.1\n",
            "sections[0].criteria[1].code",
            "duplicate criterion code 'A.1'",
        ),
        ("  - code: B\n", "  - code: A\n", "sections[1].code", "duplicate section code 'A'"),
        (
            "  - {code: COMP, title: Compliance, method: pooled}\n",
            "  - {code: COMP, title: Compliance, method: pooled}\n  - {code: SAFE, title: Safety again}\n",
            "headlines[2].code",
            "duplicate headline code 'SAFE'",
        ),
        (
            '{value: "no", label: "No", scoring: below}',
            '{value: "yes", label: "No", scoring: below}',
            "answer_scales.yes_no[1].value",
            "duplicate option value 'yes' in scale 'yes_no'",
        ),
    ],
)
def test_a_duplicate_code_names_the_second_occurrence(old, new, path, message):
    text = edit(TINY, old, new)
    if "specific code" in message:  # keep the link from A.2.04 valid: one error per test
        text = edit(text, "specific: [A.2.b]", "specific: [A.1.a]")
    last_line = new.strip().splitlines()[-1].strip()
    line = [i for i, row in enumerate(text.splitlines(), start=1) if last_line in row][-1]
    assert errors_for(text) == [f"tiny.yaml, line {line}, {path}: {message}"]


def test_a_duplicate_mapping_key_is_reported_with_the_other_errors():
    text = edit(TINY, "  timeliness:\n", "  yes_no:\n")
    text = edit(text, "{min: 50, label: Requires improvement}", "{min: 90, label: Requires improvement}")
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'min: 90')}, rating_bands[1].min: bands must be in descending order: "
        "90 follows 75",
        f"tiny.yaml, line {line_of(text, 'value: on_time') - 1}, answer_scales.yes_no: duplicate key 'yes_no'",
        f"tiny.yaml, line {line_of(text, 'scale: timeliness')}, sections[0].criteria[0].questions[0].scale: "
        "unknown scale 'timeliness' (defined: yes_no)",
    ]


def test_an_unknown_scale_names_the_question_path_and_line():
    text = edit(
        TINY,
        "            scale: yes_no\n            headlines: [SAFE]\n            specific: [A.2.b]",
        "            scale: yes_no_maybe\n            headlines: [SAFE]\n            specific: [A.2.b]",
    )
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'yes_no_maybe')}, {Q4}.scale: unknown scale 'yes_no_maybe' "
        "(defined: yes_no, timeliness)"
    ]


def test_an_unknown_headline_names_the_list_position():
    text = edit(
        TINY,
        "headlines: [SAFE]\n            specific: [A.2.b]",
        "headlines: [SAFE, RISK]\n            specific: [A.2.b]",
    )
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, '[SAFE, RISK]')}, {Q4}.headlines[1]: unknown headline 'RISK' "
        "(defined: SAFE, COMP)"
    ]


def test_a_headline_listed_twice_is_an_error():
    text = edit(TINY, "headlines: [COMP]", "headlines: [COMP, COMP]")
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, '[COMP, COMP]')}, sections[0].criteria[0].questions[0].headlines[1]: "
        "headline 'COMP' is listed twice"
    ]


def test_a_link_to_a_specific_criterion_that_does_not_exist_is_an_error():
    text = edit(TINY, "specific: [A.2.b]", "specific: [A.2.z]")
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'A.2.z')}, {Q4}.specific[0]: links to specific criterion 'A.2.z', "
        "which is not in this set"
    ]


def test_an_applies_when_field_outside_the_vocabulary_is_an_error():
    text = edit(TINY, "applies_when: {sentence_type: [custody, licence]}", "applies_when: {colour: [red]}")
    [error] = errors_for(text)
    assert error.startswith(
        f"tiny.yaml, line {line_of(text, 'colour')}, {Q4}.applies_when.colour: 'colour' is not a case characteristic "
        "a rule can test (one of sentence_type, rosh, tier, "
    )


def test_a_free_text_characteristic_cannot_be_tested_by_a_rule():
    text = edit(TINY, "applies_when: {sentence_type: [custody, licence]}", "applies_when: {offence_type: [Theft]}")
    [error] = errors_for(text)
    assert f"{Q4}.applies_when.offence_type: 'offence_type' is not a case characteristic a rule can test" in error


def test_an_applies_when_value_outside_the_vocabulary_is_an_error():
    text = edit(
        TINY,
        "applies_when: {sentence_type: [custody, licence]}",
        "applies_when: {sentence_type: [custody, weekend_detention]}",
    )
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'weekend_detention')}, {Q4}.applies_when.sentence_type: "
        "'weekend_detention' is not one of community_order, suspended_sentence_order, licence, custody"
    ]


def test_an_applies_when_rule_with_no_values_is_an_error():
    text = edit(TINY, "applies_when: {sentence_type: [custody, licence]}", "applies_when: {rosh: []}")
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'rosh: []')}, {Q4}.applies_when.rosh: must list at least one value"
    ]


def test_numbers_in_a_rule_are_read_as_the_text_written():
    text = edit(TINY, "applies_when: {sentence_type: [custody, licence]}", "applies_when: {mappa_level: [1, 2, 3]}")
    canonical = loader.read(text, SOURCE)
    assert canonical["sections"][0]["criteria"][1]["questions"][3]["applies_when"] == {"mappa_level": ["1", "2", "3"]}


def test_bands_not_in_descending_order_are_an_error():
    text = edit(TINY, "{min: 75, label: Good}\n  - {min: 50,", "{min: 50, label: Good}\n  - {min: 75,")
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'min: 75')}, rating_bands[1].min: bands must be in descending order: "
        "75 follows 50"
    ]


def test_two_bands_with_the_same_minimum_are_an_error():
    text = edit(TINY, "{min: 50, label: Requires improvement}", "{min: 75, label: Requires improvement}")
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'Requires improvement')}, rating_bands[1].min: "
        "bands must be in descending order: 75 follows 75"
    ]


def test_the_lowest_band_must_start_at_zero():
    text = edit(TINY, "{min: 0, label: Inadequate}", "{min: 10, label: Inadequate}")
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'rating_bands:')}, rating_bands: "
        "the lowest band must start at 0 so that every score has a band"
    ]


def test_a_band_minimum_must_be_a_whole_percent():
    text = edit(TINY, "{min: 50, label: Requires improvement}", "{min: 50.5, label: Requires improvement}")
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, '50.5')}, rating_bands[1].min: '50.5' must be a whole number from 0 to 100"
    ]


def test_a_scale_without_an_above_option_is_an_error():
    text = edit(
        TINY,
        '{value: on_time, label: "Yes, on time", scoring: above}',
        '{value: on_time, label: "Yes, on time", scoring: below}',
    )
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'timeliness:')}, answer_scales.timeliness: scale 'timeliness' has no option "
        "scoring 'above', so no answer could ever count as sufficient"
    ]


def test_an_option_scoring_outside_above_below_excluded_is_an_error():
    text = edit(
        TINY,
        '{value: late, label: "Yes, but late", scoring: below}',
        '{value: late, label: "Yes, but late", scoring: half}',
    )
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'scoring: half')}, answer_scales.timeliness[1].scoring: "
        "'half' is not one of above, below, excluded"
    ]


def test_a_headline_method_outside_mean_and_pooled_is_an_error():
    text = edit(TINY, "method: pooled", "method: median")
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, 'median')}, headlines[1].method: 'median' is not one of mean, pooled"
    ]


def test_another_format_is_refused():
    text = edit(TINY, "format: inspection-criteria/1", "format: inspection-criteria/2")
    assert errors_for(text) == [
        "tiny.yaml, line 1, format: 'inspection-criteria/2' is not supported (expected 'inspection-criteria/1')"
    ]


def test_a_slug_with_spaces_is_refused():
    text = edit(TINY, "slug: tiny-2026", "slug: tiny 2026")
    assert errors_for(text) == [
        "tiny.yaml, line 2, slug: 'tiny 2026' may contain only letters, numbers, hyphens and underscores"
    ]


def test_an_empty_file_is_refused():
    assert errors_for("") == [
        "tiny.yaml, (top level): must be a mapping with keys format, slug, name, version, "
        "rationale_required_below_line, headlines, "
        "rating_bands, answer_scales, sections, glossary, role_of_inspectorate"
    ]


def test_a_list_where_a_mapping_belongs_is_refused():
    text = edit(TINY, "          - {code: B.1.a, text: There is a plan.}", "          - B.1.a")
    assert errors_for(text) == [
        f"tiny.yaml, line {line_of(text, '- B.1.a')}, sections[1].criteria[0].specific[0]: "
        "must be a mapping with keys code, text"
    ]


def test_several_errors_are_all_listed_at_once_in_file_order():
    text = edit(TINY, "{min: 75, label: Good}\n  - {min: 50,", "{min: 50, label: Good}\n  - {min: 75,")
    text = edit(
        text,
        "            text: Screening was done on time.\n",
        "            text: Screening was done on time.\n            weight: 2\n",
    )
    text = edit(text, "scale: timeliness", "scale: timely")
    text = edit(text, "specific: [A.2.b]", "specific: [A.9.z]")
    text = edit(text, "[custody, licence]", "[custody, parole]")
    errors = errors_for(text)
    assert errors == [
        f"tiny.yaml, line {line_of(text, 'min: 75')}, rating_bands[1].min: bands must be in descending order: "
        "75 follows 50",
        f"tiny.yaml, line {line_of(text, 'weight: 2')}, sections[0].criteria[0].questions[0].weight: "
        "unknown key 'weight' (allowed: code, text, scale, headlines, specific, group, applies_when, guidance, "
        "sentence, analysis_code)",
        f"tiny.yaml, line {line_of(text, 'scale: timely')}, sections[0].criteria[0].questions[0].scale: "
        "unknown scale 'timely' (defined: yes_no, timeliness)",
        f"tiny.yaml, line {line_of(text, 'A.9.z')}, {Q4}.specific[0]: links to specific criterion 'A.9.z', "
        "which is not in this set",
        f"tiny.yaml, line {line_of(text, 'parole')}, {Q4}.applies_when.sentence_type: "
        "'parole' is not one of community_order, suspended_sentence_order, licence, custody",
    ]


def test_a_rejected_file_writes_nothing(small_set):
    before = snapshot()
    text = edit(TINY, "scale: timeliness", "scale: timely")
    with pytest.raises(FileRejectedError):
        load_criteria_set(text=text, source=SOURCE)
    broken_small = edit(TINY, "slug: tiny-2026", "slug: small-2026")
    broken_small = edit(broken_small, "method: pooled", "method: median")
    with pytest.raises(FileRejectedError):
        load_criteria_set(text=broken_small, source=SOURCE)
    assert snapshot() == before
