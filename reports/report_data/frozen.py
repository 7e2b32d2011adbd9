"""A final version's report data, frozen as JSON and read back exactly (``ReportVersion.frozen_data``).

    document = freeze(data)      # a JSON-able dict: {"format": "report-data/1", "bands": …, "data": …}
    data = thaw(document)        # the same ReportData, equal field for field

Generic over the dataclasses of ``types`` and ``blocks`` (and the scoring ``Figure``/``Score``/``Change``
they hold): each dataclass becomes a dict of its fields, tuples lists, a ``Score`` its exact counts or fraction
with its rating bands interned once (every figure of a report shares the criteria set's bands).
Reading back follows the type hints, so a field added later with a default still reads old JSON.
"""

import dataclasses
import datetime
import functools
import types
import typing
from fractions import Fraction

from ..scoring import Score
from ..scoring.types import Band
from .blocks import HeadlineBlock
from .types import ReportData

FORMAT = "report-data/1"


def freeze(data: ReportData) -> dict:
    bands: list[tuple[Band, ...]] = []
    return {
        "format": FORMAT,
        "data": _encode(data, bands),
        "bands": [[[b.min_score, b.label] for b in t] for t in bands],
    }


def thaw(document: dict) -> ReportData:
    if document.get("format") != FORMAT:
        raise ValueError(f"Unknown frozen report format: {document.get('format')!r}")
    bands = [tuple(Band(low, label) for low, label in entry) for entry in document["bands"]]
    return _decode(ReportData, document["data"], bands)


def thaw_headlines(headlines: list, bands: list) -> tuple[HeadlineBlock, ...]:
    """Only the headline blocks of a frozen document (its ``data.headlines`` and ``bands``): what
    another area's report compares with, without reading the whole document."""
    interned = [tuple(Band(low, label) for low, label in entry) for entry in bands]
    return _decode(tuple[HeadlineBlock, ...], headlines, interned)


def _encode(value, bands: list):
    if isinstance(value, Score):
        return _encode_score(value, bands)
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name), bands) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_encode(item, bands) for item in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"Cannot freeze {type(value).__name__}")


def _encode_score(score: Score, bands: list) -> dict:
    if score.bands not in bands:
        bands.append(score.bands)
    encoded = {"b": bands.index(score.bands)}
    if score.exact is not None:
        encoded["e"] = f"{score.exact.numerator}/{score.exact.denominator}"
    for key, value in (("n", score.numerator), ("d", score.denominator), ("p", score.parts)):
        if value is not None:
            encoded[key] = value
    return encoded


@functools.cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _decode(hint, raw, bands: list):
    if hint is Score:
        exact = Fraction(raw["e"]) if "e" in raw else None
        return Score(exact, raw.get("n"), raw.get("d"), raw.get("p"), bands=bands[raw["b"]])
    if dataclasses.is_dataclass(hint):
        hints, values = _hints(hint), {}
        for f in dataclasses.fields(hint):
            if f.name in raw:
                values[f.name] = _decode(hints[f.name], raw[f.name], bands)
        return hint(**values)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        if raw is None:
            return None
        return _decode(next(arg for arg in args if arg is not type(None)), raw, bands)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item, bands) for item in raw)
        return tuple(_decode(arg, item, bands) for arg, item in zip(args, raw, strict=True))
    if hint is datetime.datetime:
        return datetime.datetime.fromisoformat(raw)
    return raw
