"""Counting queries compiled once per shape, with the ids bound per call.

Compiling a queryset into SQL took the ORM more CPU than PostgreSQL took to run the small
counting queries of one inspection (bench/scoring.py, one breakdown per inspection: 4 ms of
Python per call). The SQL depends only on the shape of the question (which breakdown, which
statuses count, how many inspections and cases are filtered), so it is compiled once per shape
with stand-in ids, and each call puts its own ids in their places. The querysets stay the one
statement of each rule; nothing about the data is kept, so nothing here can go stale.
"""

from collections.abc import Callable, Hashable, Iterable
from functools import lru_cache

# Stand-ins for the ids: negative, so never a primary key, and far apart so they cannot meet.
_INSPECTIONS = -(10**15)
_CASES = -(2 * 10**15)

type Builder = Callable[[Hashable, list[int], list[int] | None], tuple[str, tuple]]


def bound(
    build: Builder, shape: Hashable, *, inspection_ids: Iterable[int], case_ids: Iterable[int] | None
) -> tuple[str, list] | None:
    """``build(shape, inspection_ids, case_ids)``'s SQL and parameters for these ids, or None when
    no id is given (nothing can be counted). ``build`` must be a module-level function: it is
    part of the cache key."""
    inspection_ids = list(dict.fromkeys(inspection_ids))  # the ORM drops repeated ids from IN
    case_ids = None if case_ids is None else list(dict.fromkeys(case_ids))
    if not inspection_ids or case_ids == []:
        return None
    sql, params = _compiled(build, shape, len(inspection_ids), None if case_ids is None else len(case_ids))
    real = {_INSPECTIONS - n: pk for n, pk in enumerate(inspection_ids)}
    real.update({_CASES - n: pk for n, pk in enumerate(case_ids or ())})
    return sql, [real.get(p, p) if type(p) is int else p for p in params]


@lru_cache(maxsize=256)
def _compiled(build: Builder, shape: Hashable, inspections: int, cases: int | None) -> tuple[str, tuple]:
    stand_ins = [_INSPECTIONS - n for n in range(inspections)]
    case_stand_ins = None if cases is None else [_CASES - n for n in range(cases)]
    sql, params = build(shape, stand_ins, case_stand_ins)
    missing = {*stand_ins, *(case_stand_ins or ())} - set(params)
    if missing:  # an id the SQL would not filter by: refuse rather than count the wrong cases
        raise ValueError(f"{build.__name__} does not bind every id it is given")
    return sql, tuple(params)
