from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef
from django.urls import reverse

CRITERIA_PERMISSION = ("criteria", "manage_criteria")


def manages_criteria(user) -> bool:
    """``user.has_perm("criteria.manage_criteria")`` in one query instead of two, or none.

    A superuser, or a user whose permissions the request has already loaded (``ModelBackend``
    caches them on the user, e.g. after ``cases.permissions.is_admin``), is answered without a
    query; anyone else by one EXISTS query: the permission, given to the user or to one of
    their groups (what ``ModelBackend`` checks, an inactive user having none).
    """
    if user.is_superuser or hasattr(user, "_perm_cache"):
        return user.has_perm(".".join(CRITERIA_PERMISSION))
    if not user.is_active:
        return False
    app_label, codename = CRITERIA_PERMISSION
    given = get_user_model().user_permissions.through.objects.filter(user_id=user.pk, permission_id=OuterRef("pk"))
    via_group = Group.permissions.through.objects.filter(group__user=user.pk, permission_id=OuterRef("pk"))
    return (
        Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        .filter(Exists(given) | Exists(via_group))
        .exists()
    )


def navigation(request):
    """Service navigation items for the signed-in user, with the current section marked.

    The longest matching prefix wins, so /inspections/my-cases/ marks "My cases" only, unless the
    view named the section (``request.nav_section``: a case page of the user's own case is under
    "My cases", though its address is under /inspections/). None until
    the session has passed the second factor. At most one query (``manages_criteria``).
    """
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    if not getattr(user, "is_verified", lambda: True)():
        return {}  # half signed in (second factor next): only sign out is offered
    items = [("Inspections", reverse("cases:inspection_list")), ("My cases", reverse("cases:my_cases"))]
    if manages_criteria(user):
        items.append(("Criteria sets", reverse("criteria:set_list")))
    items.append(("Your account", reverse("account")))
    matches = [url for _, url in items if request.path.startswith(url)]
    current = max(matches, key=len) if matches else None
    if getattr(request, "nav_section", None):  # a page of another section's journey (a case of My cases)
        current = reverse(request.nav_section)
    return {"nav_items": [{"label": label, "url": url, "active": url == current} for label, url in items]}
