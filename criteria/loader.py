"""Reads and validates an ``inspection-criteria/1`` YAML file into a canonical dict.

Every problem is collected (not just the first), each with line, path and field, so an admin can
fix a file in one pass. Nothing here touches the database: see ``criteria.services``.
"""

import re
from dataclasses import dataclass, field

import yaml

from inspection.errors import FileRejectedError

from . import vocabulary, yaml_lines

FORMAT = "inspection-criteria/1"
SCORINGS = ("above", "below", "excluded")
METHODS = ("mean", "pooled")
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

TOP_KEYS = {
    "format": True,
    "slug": True,
    "name": True,
    "version": False,
    "rationale_required_below_line": False,
    "headlines": False,
    "rating_bands": True,
    "answer_scales": True,
    "sections": True,
    "glossary": False,
    "role_of_inspectorate": False,
}
HEADLINE_KEYS = {"code": True, "title": True, "method": False}
BAND_KEYS = {"min": True, "label": True}
OPTION_KEYS = {"value": True, "label": True, "scoring": True}
SECTION_KEYS = {"code": True, "title": True, "criteria": True}
CRITERION_KEYS = {"code": True, "title": True, "statement": False, "specific": False, "questions": False}
SPECIFIC_KEYS = {"code": True, "text": True}
QUESTION_KEYS = {
    "code": True,
    "text": True,
    "scale": True,
    "headlines": False,
    "specific": False,
    "group": False,
    "applies_when": False,
    "guidance": False,
    "sentence": False,
    "analysis_code": False,
}
GLOSSARY_KEYS = {"term": True, "meaning": True}
# Fields an applies_when rule may test: those with a closed list of values.
RULE_FIELDS = {name: values for name, values in vocabulary.CHARACTERISTICS.items() if values}


def format_path(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


@dataclass
class Reader:
    source: str
    located: yaml_lines.Located
    found: list[tuple[int, str]] = field(default_factory=list)

    def error(self, path: tuple, message: str, line: int | None = None) -> None:
        line = line or self.located.line(path)
        where = f"{self.source}, line {line}" if line else self.source
        self.found.append((line or 0, f"{where}, {format_path(path)}: {message}"))

    @property
    def errors(self) -> list[str]:
        """In file order, so an admin can fix them from the top down."""
        return [message for _, message in sorted(self.found, key=lambda found: found[0])]

    def mapping(self, data, path: tuple, keys: dict[str, bool]) -> dict | None:
        if not isinstance(data, dict):
            self.error(path, f"must be a mapping with keys {', '.join(keys)}")
            return None
        for key in data:
            if key not in keys:
                self.error((*path, key), f"unknown key '{key}' (allowed: {', '.join(keys)})")
        for key, required in keys.items():
            if required and (key not in data or data[key] in (None, "")):
                self.error((*path, key), f"missing required key '{key}'")
        return data

    def sequence(self, data, path: tuple, required: bool = False) -> list:
        if data is None:
            if required:
                self.error(path, "must be a non-empty list")
            return []
        if not isinstance(data, list):
            self.error(path, "must be a list")
            return []
        if required and not data:
            self.error(path, "must be a non-empty list")
        return data

    def text(self, data: dict, path: tuple, key: str, default: str = "") -> str:
        """The author's text for a scalar (keeping '1.2' and 'yes' as written)."""
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            self.error((*path, key), "must be text, not a list or mapping")
            return default
        return str(self.located.raw.get((*path, key), value)).strip()

    def flag(self, data: dict, path: tuple, key: str) -> bool:
        """A yes/no setting written ``true`` or ``false`` (absent: false)."""
        value = data.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error((*path, key), f"'{self.located.raw.get((*path, key), value)}' must be true or false")
            return False
        return value


def read(text: str, source: str) -> dict:
    """Validate ``text`` and return the canonical criteria set; raise FileRejectedError listing every problem."""
    try:
        data, located = yaml_lines.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}, line {mark.line + 1}" if mark else source
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileRejectedError([f"{where}: invalid YAML: {problem}"]) from exc
    reader = Reader(source, located)
    for path, line in located.duplicate_keys:
        reader.error(path, f"duplicate key '{path[-1]}'", line=line)
    result = _read_set(reader, data)
    if reader.errors:
        raise FileRejectedError(reader.errors)
    return result


def _read_set(r: Reader, data) -> dict:
    top = r.mapping(data, (), TOP_KEYS)
    if top is None:
        return {}
    fmt = r.text(top, (), "format")
    if fmt and fmt != FORMAT:
        r.error(("format",), f"'{fmt}' is not supported (expected '{FORMAT}')")
    slug = r.text(top, (), "slug")
    if slug and not SLUG.match(slug):
        r.error(("slug",), f"'{slug}' may contain only letters, numbers, hyphens and underscores")

    headlines = _read_headlines(r, top.get("headlines"))
    bands = _read_bands(r, top.get("rating_bands"))
    scales = _read_scales(r, top.get("answer_scales"))
    sections, question_refs = _read_sections(r, top.get("sections"))
    _check_question_links(r, question_refs, headlines=headlines, scales=scales, sections=sections)
    glossary = _read_glossary(r, top.get("glossary"))
    return {
        "format": FORMAT,
        "slug": slug,
        "name": r.text(top, (), "name"),
        "version": r.text(top, (), "version"),
        "role_of_inspectorate": r.text(top, (), "role_of_inspectorate"),
        "rationale_required_below_line": r.flag(top, (), "rationale_required_below_line"),
        "headlines": headlines,
        "rating_bands": bands,
        "answer_scales": scales,
        "sections": sections,
        "glossary": glossary,
    }


def _check_question_links(
    r: Reader, question_refs: list[tuple[tuple, dict]], *, headlines: list[dict], scales: dict, sections: list[dict]
) -> None:
    """Each question's scale, headlines and specific criteria must be defined in the set; its links
    are put in set order (as the database returns them), so load and export give the same form."""
    specific_order = {
        s["code"]: i for i, s in enumerate(s for sec in sections for c in sec["criteria"] for s in c["specific"])
    }
    headline_order = {h["code"]: i for i, h in enumerate(headlines)}
    for path, question in question_refs:
        if question["scale"] and question["scale"] not in scales:
            r.error((*path, "scale"), f"unknown scale '{question['scale']}' (defined: {', '.join(scales) or 'none'})")
        for i, code in enumerate(question["headlines"]):
            if code not in headline_order:
                r.error(
                    (*path, "headlines", i),
                    f"unknown headline '{code}' (defined: {', '.join(headline_order) or 'none'})",
                )
            elif code in question["headlines"][:i]:
                r.error((*path, "headlines", i), f"headline '{code}' is listed twice")
        for i, code in enumerate(question["specific"]):
            if code not in specific_order:
                r.error((*path, "specific", i), f"links to specific criterion '{code}', which is not in this set")
            elif code in question["specific"][:i]:
                r.error((*path, "specific", i), f"specific criterion '{code}' is listed twice")
        question["headlines"] = sorted(set(question["headlines"]), key=lambda c: headline_order.get(c, -1))
        question["specific"] = sorted(set(question["specific"]), key=lambda c: specific_order.get(c, -1))


def _read_glossary(r: Reader, data) -> list[dict]:
    glossary = []
    for i, item in enumerate(r.sequence(data, ("glossary",))):
        path = ("glossary", i)
        if r.mapping(item, path, GLOSSARY_KEYS) is not None:
            glossary.append({"term": r.text(item, path, "term"), "meaning": r.text(item, path, "meaning")})
    return glossary


def _read_headlines(r: Reader, data) -> list[dict]:
    headlines, seen = [], set()
    for i, item in enumerate(r.sequence(data, ("headlines",))):
        path = ("headlines", i)
        if r.mapping(item, path, HEADLINE_KEYS) is None:
            continue
        code, method = r.text(item, path, "code"), r.text(item, path, "method", "mean")
        if code in seen:
            r.error((*path, "code"), f"duplicate headline code '{code}'")
        seen.add(code)
        if method not in METHODS:
            r.error((*path, "method"), f"'{method}' is not one of {', '.join(METHODS)}")
        headlines.append({"code": code, "title": r.text(item, path, "title"), "method": method})
    return headlines


def _read_bands(r: Reader, data) -> list[dict]:
    bands = []
    for i, item in enumerate(r.sequence(data, ("rating_bands",), required=True)):
        path = ("rating_bands", i)
        if r.mapping(item, path, BAND_KEYS) is None:
            continue
        low = item.get("min")
        if isinstance(low, bool) or not isinstance(low, int) or not 0 <= low <= 100:
            r.error((*path, "min"), f"'{low}' must be a whole number from 0 to 100")
            continue
        if bands and low >= bands[-1]["min"]:
            r.error((*path, "min"), f"bands must be in descending order: {low} follows {bands[-1]['min']}")
        bands.append({"min": low, "label": r.text(item, path, "label")})
    if bands and bands[-1]["min"] != 0:
        r.error(("rating_bands",), "the lowest band must start at 0 so that every score has a band")
    return bands


def _read_scales(r: Reader, data) -> dict[str, list[dict]]:
    scales: dict[str, list[dict]] = {}
    if not isinstance(data, dict) or not data:
        r.error(("answer_scales",), "must be a mapping of scale names to lists of options")
        return scales
    for code, options in data.items():
        path = ("answer_scales", code)
        values, parsed = set(), []
        for i, item in enumerate(r.sequence(options, path, required=True)):
            opath = (*path, i)
            if r.mapping(item, opath, OPTION_KEYS) is None:
                continue
            value, scoring = r.text(item, opath, "value"), r.text(item, opath, "scoring")
            if value in values:
                r.error((*opath, "value"), f"duplicate option value '{value}' in scale '{code}'")
            values.add(value)
            if scoring and scoring not in SCORINGS:
                r.error((*opath, "scoring"), f"'{scoring}' is not one of {', '.join(SCORINGS)}")
            parsed.append({"value": value, "label": r.text(item, opath, "label"), "scoring": scoring})
        if parsed and not any(o["scoring"] == "above" for o in parsed):
            r.error(path, f"scale '{code}' has no option scoring 'above', so no answer could ever count as sufficient")
        scales[str(code)] = parsed
    return scales


def _read_sections(r: Reader, data):
    sections, question_refs = [], []
    seen = {"section": set(), "criterion": set(), "specific": set(), "question": set()}
    analysis_keys: dict[str, str] = {}  # pooled analysis matches by this key: one question per key in a set

    def unique(kind: str, code: str, path: tuple) -> None:
        if code and code in seen[kind]:
            r.error((*path, "code"), f"duplicate {kind} code '{code}'")
        seen[kind].add(code)

    for si, section in enumerate(r.sequence(data, ("sections",), required=True)):
        spath = ("sections", si)
        if r.mapping(section, spath, SECTION_KEYS) is None:
            continue
        unique("section", r.text(section, spath, "code"), spath)
        criteria = []
        for ci, criterion in enumerate(r.sequence(section.get("criteria"), (*spath, "criteria"), required=True)):
            cpath = (*spath, "criteria", ci)
            if r.mapping(criterion, cpath, CRITERION_KEYS) is None:
                continue
            unique("criterion", r.text(criterion, cpath, "code"), cpath)
            specific = []
            for xi, item in enumerate(r.sequence(criterion.get("specific"), (*cpath, "specific"))):
                xpath = (*cpath, "specific", xi)
                if r.mapping(item, xpath, SPECIFIC_KEYS) is None:
                    continue
                unique("specific", r.text(item, xpath, "code"), xpath)
                specific.append({"code": r.text(item, xpath, "code"), "text": r.text(item, xpath, "text")})
            questions = []
            for qi, item in enumerate(r.sequence(criterion.get("questions"), (*cpath, "questions"))):
                qpath = (*cpath, "questions", qi)
                if r.mapping(item, qpath, QUESTION_KEYS) is None:
                    continue
                unique("question", r.text(item, qpath, "code"), qpath)
                question = _read_question(r, item, qpath)
                key = question["analysis_code"] or question["code"]
                if key in analysis_keys and analysis_keys[key] != question["code"]:
                    r.error(
                        (*qpath, "analysis_code"),
                        f"analysis code '{key}' is already question {analysis_keys[key]}'s: "
                        "pooled analysis would count a case twice",
                    )
                analysis_keys.setdefault(key, question["code"])
                questions.append(question)
                question_refs.append((qpath, question))
            criteria.append(
                {
                    "code": r.text(criterion, cpath, "code"),
                    "title": r.text(criterion, cpath, "title"),
                    "statement": r.text(criterion, cpath, "statement"),
                    "specific": specific,
                    "questions": questions,
                }
            )
        sections.append(
            {"code": r.text(section, spath, "code"), "title": r.text(section, spath, "title"), "criteria": criteria}
        )
    return sections, question_refs


def _text_list(r: Reader, data: dict, path: tuple, key: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        value, raw_paths = [value], [(*path, key)]
    else:
        raw_paths = [(*path, key, i) for i in range(len(value))]
    out = []
    for item, raw_path in zip(value, raw_paths, strict=True):
        if isinstance(item, (dict, list)):
            r.error(raw_path, "must be text")
            continue
        out.append(str(r.located.raw.get(raw_path, item)).strip())
    return out


def _read_question(r: Reader, item: dict, path: tuple) -> dict:
    rule = {}
    applies_when = item.get("applies_when")
    if applies_when is not None:
        if not isinstance(applies_when, dict):
            r.error((*path, "applies_when"), "must map case characteristics to lists of values")
        else:
            rpath = (*path, "applies_when")
            for name in applies_when:
                if name not in RULE_FIELDS:
                    r.error(
                        (*rpath, name),
                        f"'{name}' is not a case characteristic a rule can test (one of {', '.join(RULE_FIELDS)})",
                    )
                    continue
                values = _text_list(r, applies_when, rpath, name)
                for i, value in enumerate(values):
                    if value not in RULE_FIELDS[name]:
                        r.error((*rpath, name), f"'{value}' is not one of {', '.join(RULE_FIELDS[name])}")
                    elif value in values[:i]:
                        r.error((*rpath, name), f"'{value}' is listed twice")
                if not values:
                    r.error((*rpath, name), "must list at least one value")
                rule[name] = values
            # Vocabulary order, whatever order the file used (PostgreSQL's jsonb would reorder keys anyway).
            rule = {name: rule[name] for name in RULE_FIELDS if name in rule}
    return {
        "code": r.text(item, path, "code"),
        "text": r.text(item, path, "text"),
        "scale": r.text(item, path, "scale"),
        "headlines": _text_list(r, item, path, "headlines"),
        "specific": _text_list(r, item, path, "specific"),
        "group": r.text(item, path, "group"),
        "applies_when": rule,
        "guidance": r.text(item, path, "guidance"),
        "sentence": r.text(item, path, "sentence"),
        "analysis_code": _analysis_code(r, item, path),
    }


def _analysis_code(r: Reader, item: dict, path: tuple) -> str:
    code = r.text(item, path, "analysis_code")
    if len(code) > 30:
        r.error((*path, "analysis_code"), "must be at most 30 characters")
    return code
