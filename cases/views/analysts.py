"""The Analysts page (admins): who may read pooled figures across inspections, and granting or
withdrawing the role one person at a time, each change in the audit log."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from inspection.views import run_service

from ..forms.programmes import AnalystForm
from ..selectors import programmes as selectors
from ..selectors.inspections import person_name
from ..services import programmes as services
from .programmes import admins_only


@admins_only
def analyst_list(request):
    return render(request, "cases/programmes/analysts.html", {"people": selectors.people_with_analyst_role()})


@admins_only
@require_http_methods(["GET", "POST"])
def analyst_change(request, user_id):
    person = get_object_or_404(selectors.people_with_analyst_role(), pk=user_id)
    name = person_name(person)
    if request.method == "POST":
        form = AnalystForm(request.POST)
        if form.is_valid():
            analyst = form.cleaned_data["analyst"]
            changed = run_service(
                form, services.set_analyst, user=person, analyst=analyst, actor=request.user, request=request
            )
            if changed is not None:
                if not changed:
                    messages.info(request, f"Nothing changed: {name} {'is' if analyst else 'is not'} an analyst.")
                elif analyst:
                    messages.success(request, f"{name} is now an analyst: they may read pooled figures.")
                else:
                    messages.success(request, f"{name} is no longer an analyst.")
                return redirect("cases:analyst_list")
    else:
        form = AnalystForm(initial={"analyst": "yes" if person.analyst else "no"})
    return render(request, "cases/programmes/analyst_change.html", {"person": person, "name": name, "form": form})
