"""``?marking=second`` kept in the links of the lead's view of a second marker's assessment: every
case, criterion, interview, check-answers and return link carries it, so the lead stays on the
assessment they opened (``cases.views.assessment._case_access`` reads it, for the lead only)."""

SECOND = "marking=second"


def second_marking(request):
    if request.GET.get("marking") != "second":
        return {"second_q": "", "second_amp": ""}
    return {"second_q": f"?{SECOND}", "second_amp": f"&{SECOND}"}
