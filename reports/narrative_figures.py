"""Figure sentences in the narrative that stay tied to their figure (question, grouping, group).

When the lead inserts an offered sentence into a general criterion's strengths or areas for
improvement, the narrative records a reference beside the text (``CriterionNarrative.figure_refs``):

    {"list": "strengths", "key": "A.1.01:all", "text": "…in 28 out of 34 cases (82%).",
     "n": 28, "d": 34, "display": "82%", "version": 1, "generated": true}

``text`` is the sentence as inserted (or as last accepted) and ``n``/``d``/``display`` the figure it
quoted then. Items and references are matched by text (then by likeness, so a reworded item keeps its
tie), and each tied item is reviewed against the figure as it is now (``Current``):

- unchanged since inserted: printed with the figures of the version it is printed in (a final
  version freezes what it printed), flagged if the figure has changed since (the words around it
  may no longer be true: "figures changed since version 1: 90% → 15%");
- edited by hand: printed as written, flagged when its percentages are not the figure's.

A flag stays until the lead accepts the item (its reference takes the figure as it is now) or
rewrites it so that its figures are right.
"""

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

LISTS = ("strengths", "improvements")
LIKENESS = 0.6  # how alike a reworded item must stay to its inserted sentence to keep the tie
PERCENT = re.compile(r"[<>]?\d+(?:\.\d+)?%")  # "<1%" and ">99%" are figures too


@dataclass(frozen=True)
class Current:
    """A figure sentence as it reads now (the version's own figures)."""

    text: str
    numerator: int
    denominator: int
    display: str


@dataclass(frozen=True)
class ReviewedItem:
    list: str  # "strengths" or "improvements"
    index: int  # 0-based position in its list
    text: str  # as saved
    printed: str  # as the report prints it
    key: str = ""  # the figure it is tied to ("" for the lead's own words)
    flag: str = ""  # what the lead should check ("" when nothing)


def new_ref(*, list_name: str, key: str, current: Current, version_number: int) -> dict:
    """The reference recorded when an offered sentence is inserted."""
    return {
        "list": list_name,
        "key": key,
        "text": current.text,
        "n": current.numerator,
        "d": current.denominator,
        "display": current.display,
        "version": version_number,
        "generated": True,
    }


def match(items: Sequence[str], refs: Sequence[dict]) -> list[dict | None]:
    """The reference each item of one list is tied to (None for none): the same text first, then the
    most alike reference still free, if alike enough."""
    tied: list[dict | None] = [None] * len(items)
    free = list(refs)
    for i, item in enumerate(items):
        same = next((ref for ref in free if ref["text"] == item), None)
        if same is not None:
            tied[i] = same
            free.remove(same)
    for i, item in enumerate(items):
        if tied[i] is not None or not free:
            continue
        ratios = [difflib.SequenceMatcher(None, ref["text"], item).ratio() for ref in free]
        best = max(range(len(free)), key=ratios.__getitem__)
        if ratios[best] >= LIKENESS:
            tied[i] = free.pop(best)
    return tied


def kept_refs(lists: Mapping[str, Sequence[str]], refs: Sequence[dict]) -> list[dict]:
    """The references still tied to an item (those of deleted items are dropped)."""
    kept = []
    for name in LISTS:
        own = [ref for ref in refs if ref["list"] == name]
        kept += [ref for ref in match(lists.get(name, ()), own) if ref is not None]
    return kept


def _review_one(name: str, index: int, item: str, ref: dict | None, current: Current | None) -> ReviewedItem:
    if ref is None:
        return ReviewedItem(name, index, item, item)
    key = ref["key"]
    if current is None:
        return ReviewedItem(name, index, item, item, key, "This figure is no longer counted: no relevant cases.")
    unchanged_text = item == ref["text"]
    printed = current.text if unchanged_text and ref.get("generated") else item
    if (current.numerator, current.denominator) != (ref["n"], ref["d"]):
        flag = f"Figures changed since version {ref['version']}: {ref['display']} → {current.display}."
    elif not unchanged_text and set(PERCENT.findall(item)) != {current.display}:
        flag = (
            f"Figures edited by hand: the figure is {current.numerator} out of {current.denominator} "
            f"({current.display})."
        )
    else:
        flag = ""
    return ReviewedItem(name, index, item, printed, key, flag)


def review(
    lists: Mapping[str, Sequence[str]], refs: Sequence[dict], current: Mapping[str, Current | None]
) -> list[ReviewedItem]:
    """Every item of the lists, as printed now and with what to check."""
    reviewed = []
    for name in LISTS:
        items = list(lists.get(name, ()))
        tied = match(items, [ref for ref in refs if ref["list"] == name])
        for index, (item, ref) in enumerate(zip(items, tied, strict=True)):
            reviewed.append(_review_one(name, index, item, ref, current.get(ref["key"]) if ref else None))
    return reviewed


def accept(
    lists: Mapping[str, Sequence[str]],
    refs: Sequence[dict],
    *,
    list_name: str,
    index: int,
    current: Current,
    version_number: int,
) -> tuple[dict[str, list[str]], list[dict]]:
    """The lists and references once the lead accepts item ``index`` of ``list_name`` as it is now:
    an unchanged inserted sentence takes the figure's words now; an edited one keeps the lead's."""
    lists = {name: list(lists.get(name, ())) for name in LISTS}
    items = lists[list_name]
    tied = match(items, [ref for ref in refs if ref["list"] == list_name])
    ref = tied[index]
    if ref is None:
        raise ValueError("That item quotes no figure")
    generated = items[index] == ref["text"] and ref.get("generated", False)
    if generated:
        items[index] = current.text
    updated = {
        **ref,
        "text": items[index],
        "n": current.numerator,
        "d": current.denominator,
        "display": current.display,
        "version": version_number,
        "generated": generated,
    }
    return lists, [updated if other is ref else other for other in refs]


def keys_of(refs: Sequence[dict]) -> set[str]:
    return {ref["key"] for ref in refs}
