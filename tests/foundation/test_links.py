"""``inspection.links.reverser`` gives the URL ``reverse`` gives, for a link on every row of a long table."""

import pytest
from django.urls import NoReverseMatch, reverse

from inspection.links import reverser

REFS = ["CR-0001", "x", "A B", "a&b=c", "50%", "ref:1@unit", "caf\u00e9", "Über+1", "#1?", "~ok", "'quoted'"]


@pytest.mark.parametrize("ref", REFS)
def test_a_case_link_is_the_url_reverse_gives(ref):
    assert reverser("cases:case_edit", "northshire-2026")(ref) == reverse(
        "cases:case_edit", args=["northshire-2026", ref]
    )


@pytest.mark.parametrize("ref", REFS)
def test_links_ending_in_two_such_arguments_are_the_same_too(ref):
    url_for = reverser("reports:agreement_resolve", "northshire-2026", last=2)
    assert url_for(ref, "1.2a") == reverse("reports:agreement_resolve", args=["northshire-2026", ref, "1.2a"])
    assert url_for("CR 7", ref) == reverse("reports:agreement_resolve", args=["northshire-2026", "CR 7", ref])


@pytest.mark.parametrize("ref", ["", "a/b"])
def test_what_cannot_be_a_path_segment_is_refused_as_reverse_refuses_it(ref):
    with pytest.raises(NoReverseMatch):
        reverser("cases:case_edit", "northshire-2026")(ref)
