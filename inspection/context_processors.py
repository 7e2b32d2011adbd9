from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

CRITERIA_PERMISSION = ("criteria", "manage_criteria")
# Who may open the research pages (``cases.permissions.can_analyse``): analysts and admins.
RESEARCH_PERMISSIONS = (("cases", "analyse_programmes"), ("cases", "manage_inspections"))


def held_permissions(user) -> set[tuple[str, str]]:
    """Which of the navigation's permissions ``user`` holds, in one query instead of two each, or none.

    A superuser holds them all; a user whose permissions the request has already loaded
    (``ModelBackend`` caches them on the user, e.g. after ``cases.permissions.is_admin``) is
    answered without a query; anyone else by one query: the permissions given to the user or to
    one of their groups (what ``ModelBackend`` checks, an inactive user having none).
    """
    wanted = (CRITERIA_PERMISSION, *RESEARCH_PERMISSIONS)
    if user.is_superuser or hasattr(user, "_perm_cache"):
        return {pair for pair in wanted if user.has_perm(".".join(pair))}
    if not user.is_active:
        return set()
    given = get_user_model().user_permissions.through.objects.filter(user_id=user.pk, permission_id=OuterRef("pk"))
    via_group = Group.permissions.through.objects.filter(group__user=user.pk, permission_id=OuterRef("pk"))
    which = Q()
    for app_label, codename in wanted:
        which |= Q(content_type__app_label=app_label, codename=codename)
    return set(
        Permission.objects.filter(which)
        .filter(Exists(given) | Exists(via_group))
        .values_list("content_type__app_label", "codename")
    )


def navigation(request):
    """Service navigation items for the signed-in user, with the current section marked.

    The longest matching prefix wins, so /inspections/my-cases/ marks "My cases" only, unless the
    view named the section (``request.nav_section``: a case page of the user's own case is under
    "My cases", though its address is under /inspections/). None until the session has passed the
    second factor. At most one query (``held_permissions``).
    """
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    if not getattr(user, "is_verified", lambda: True)():
        return {}  # half signed in (second factor next): only sign out is offered
    held = held_permissions(user)
    items = [("Inspections", reverse("cases:inspection_list")), ("My cases", reverse("cases:my_cases"))]
    if CRITERIA_PERMISSION in held:
        items.append(("Criteria sets", reverse("criteria:set_list")))
    if ("cases", "manage_inspections") in held:  # admins (``cases.permissions.is_admin``)
        items.append(("Programmes", reverse("cases:programme_list")))
    if held.intersection(RESEARCH_PERMISSIONS):
        items.append(("Research", reverse("research:index")))
    items.append(("Your account", reverse("account")))
    matches = [url for _, url in items if request.path.startswith(url)]
    current = max(matches, key=len) if matches else None
    if getattr(request, "nav_section", None):  # a page of another section's journey (a case of My cases)
        current = reverse(request.nav_section)
    return {"nav_items": [{"label": label, "url": url, "active": url == current} for label, url in items]}
