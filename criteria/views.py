"""Criteria set admin pages: browse sets and their tree, upload with preview, publish/retire, download.

Every page needs the ``criteria.manage_criteria`` permission (others get 403).
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from inspection.errors import FileRejectedError
from inspection.uploads import too_large
from inspection.views import run_service

from . import exporter, selectors, services
from .forms import StatusForm, UploadCriteriaForm
from .models import CriteriaSet

manage_criteria = permission_required("criteria.manage_criteria", raise_exception=True)
# Session key holding the uploaded text between the preview and the confirmation.
UPLOAD_KEY = "criteria_upload"


@manage_criteria
def set_list(request):
    return render(request, "criteria/set_list.html", {"criteria_sets": selectors.criteria_sets_with_counts()})


@manage_criteria
def set_detail(request, slug: str):
    try:
        criteria_set = selectors.criteria_set_tree(slug=slug)
    except CriteriaSet.DoesNotExist as exc:
        raise Http404("No such criteria set") from exc
    return render(
        request,
        "criteria/set_detail.html",
        {
            "criteria_set": criteria_set,
            "sections": selectors.sections_of(criteria_set=criteria_set),
            "headlines": selectors.headlines_with_use(criteria_set=criteria_set),
        },
    )


@manage_criteria
@require_POST
def set_status(request, slug: str):
    criteria_set = _criteria_set(slug)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Unknown status")
    changed = run_service(
        form, services.set_status, criteria_set=criteria_set, status=form.cleaned_data["status"], actor=request.user
    )
    if changed is None:  # refused: said on the set's page
        for error in form.errors.as_data().values():
            messages.error(request, " ".join(message for e in error for message in e.messages))
    else:
        messages.success(request, f"{criteria_set.name} is now {criteria_set.get_status_display().lower()}")
    return redirect("criteria:set_detail", slug=slug)


def _criteria_set(slug: str) -> CriteriaSet:
    criteria_set = selectors.criteria_set_by_slug(slug=slug)
    if criteria_set is None:
        raise Http404("No such criteria set")
    return criteria_set


@manage_criteria
def set_export(request, slug: str):
    criteria_set = _criteria_set(slug)
    response = HttpResponse(exporter.to_yaml(criteria_set), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{criteria_set.slug}.yaml"'
    return response


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _upload_page(request, form, *, problems=None):
    """The upload page; ``problems``: why the loader refused the file (listed in the error summary)."""
    if problems is not None:
        form.reject(problems)
    return render(request, "criteria/upload.html", {"form": form})


@manage_criteria
def upload(request):
    if request.method != "POST":
        return _upload_page(request, UploadCriteriaForm())
    form = UploadCriteriaForm(request.POST, request.FILES, too_large=too_large(request))
    if not form.is_valid():
        return _upload_page(request, form)
    text = form.cleaned_data["file"]
    try:
        selectors.preview_criteria_set(text=text, source=form.source)
    except FileRejectedError as exc:
        return _upload_page(request, form, problems=exc.errors)
    request.session[UPLOAD_KEY] = {"text": text, "source": form.source, "digest": _digest(text)}
    return redirect("criteria:upload_preview")


@manage_criteria
def upload_preview(request):
    upload = request.session.get(UPLOAD_KEY)
    if not upload:
        messages.info(request, "Upload a criteria set file to see its preview")
        return redirect("criteria:upload")
    try:
        preview = selectors.preview_criteria_set(text=upload["text"], source=upload["source"])
    except FileRejectedError as exc:  # e.g. an inspection started using the set since the upload
        return _upload_page(request, UploadCriteriaForm(), problems=exc.errors)
    return render(
        request,
        "criteria/upload_preview.html",
        {
            "preview": preview,
            "source": upload["source"],
            "digest": upload["digest"],
        },
    )


@manage_criteria
@require_POST
def upload_confirm(request):
    upload = request.session.get(UPLOAD_KEY)
    if not upload or request.POST.get("digest") != upload["digest"]:
        # Another tab uploaded a different file since this preview was shown.
        messages.info(request, "The file you confirmed is no longer waiting: upload it again")
        return redirect("criteria:upload")
    try:
        result = services.load_criteria_set(text=upload["text"], source=upload["source"], actor=request.user)
    except FileRejectedError as exc:
        return _upload_page(request, UploadCriteriaForm(), problems=exc.errors)
    del request.session[UPLOAD_KEY]
    cs = result.criteria_set
    messages.success(
        request,
        {
            "new": f"{cs.name} ({cs.slug}) has been loaded",
            "replacement": f"{cs.name} ({cs.slug}) has been replaced with the uploaded file",
            "unchanged": f"{cs.name} ({cs.slug}) already matches the uploaded file: nothing changed",
        }[result.outcome],
    )
    return redirect("criteria:set_detail", slug=cs.slug)
