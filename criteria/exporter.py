"""Writes a stored criteria set back as ``inspection-criteria/1`` YAML.

``to_canonical`` gives the same dict the loader produces, so load -> export -> load is lossless
and loading an exported file again is recognised as a no-op.
"""

import yaml

from .loader import FORMAT, RULE_FIELDS
from .models import CriteriaSet, GeneralCriterion, Question, Section


def to_canonical(criteria_set: CriteriaSet) -> dict:
    criteria_set = CriteriaSet.objects.with_content().get(pk=criteria_set.pk)
    sections = list(criteria_set.sections.all())
    specific_position = _specific_positions(sections)
    return {
        "format": FORMAT,
        "slug": criteria_set.slug,
        "name": criteria_set.name,
        "version": criteria_set.version,
        "rationale_required_below_line": criteria_set.rationale_required_below_line,
        "headlines": [{"code": h.code, "title": h.title, "method": h.method} for h in criteria_set.headlines.all()],
        "rating_bands": [{"min": b.min_score, "label": b.label} for b in criteria_set.rating_bands.all()],
        "answer_scales": {
            scale.code: [{"value": o.value, "label": o.label, "scoring": o.scoring} for o in scale.options.all()]
            for scale in criteria_set.answer_scales.all()
        },
        "sections": [_section(section, specific_position) for section in sections],
        "glossary": [{"term": g.term, "meaning": g.meaning} for g in criteria_set.glossary.all()],
        "role_of_inspectorate": criteria_set.role_of_inspectorate,
    }


def _specific_positions(sections: list[Section]) -> dict[int, int]:
    """Each specific criterion's position in the set: a question's links are written in set order
    (as the loader normalises them), headlines likewise in headline order."""
    specific = (s for section in sections for gc in section.criteria.all() for s in gc.specific_criteria.all())
    return {s.pk: i for i, s in enumerate(specific)}


def _section(section: Section, specific_position: dict[int, int]) -> dict:
    return {
        "code": section.code,
        "title": section.title,
        "criteria": [_criterion(gc, specific_position) for gc in section.criteria.all()],
    }


def _criterion(criterion: GeneralCriterion, specific_position: dict[int, int]) -> dict:
    return {
        "code": criterion.code,
        "title": criterion.title,
        "statement": criterion.statement,
        "specific": [{"code": s.code, "text": s.text} for s in criterion.specific_criteria.all()],
        "questions": [_question(q, specific_position) for q in criterion.questions.all()],
    }


def _question(question: Question, specific_position: dict[int, int]) -> dict:
    rule = question.applies_when or {}
    return {
        "code": question.code,
        "text": question.text,
        "scale": question.scale.code,
        "headlines": [h.code for h in sorted(question.headlines.all(), key=lambda h: h.order)],
        "specific": [s.code for s in sorted(question.specific_criteria.all(), key=lambda s: specific_position[s.pk])],
        "group": question.group,
        "applies_when": {name: list(rule[name]) for name in sorted(rule, key=_rule_field_position)},
        "guidance": question.guidance,
        "sentence": question.sentence,
        "analysis_code": question.analysis_code,
    }


def _rule_field_position(name: str) -> int:
    fields = list(RULE_FIELDS)
    return fields.index(name) if name in fields else len(fields)


def _prune(value):
    """Drop empty optional values (and settings left false) so the YAML stays as short as a
    hand-written file."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not False and v not in ("", [], {}, None)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def canonical_equal(a: dict, b: dict) -> bool:
    """True when two canonical sets have the same content (empty optional values count as absent)."""
    return _prune(a) == _prune(b)


class NoAliasDumper(yaml.SafeDumper):
    """Writes a value used twice out twice: the loader refuses aliases (``criteria.yaml_lines``)."""

    def ignore_aliases(self, data) -> bool:
        return True


def to_yaml(criteria_set: CriteriaSet) -> str:
    return yaml.dump(
        _prune(to_canonical(criteria_set)),
        Dumper=NoAliasDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
