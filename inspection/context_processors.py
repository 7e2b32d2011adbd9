import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
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
    with connection.cursor() as cursor:
        cursor.execute(_held_permissions_sql(), [*(part for pair in wanted for part in pair), user.pk, user.pk])
        return {(app_label, codename) for app_label, codename in cursor.fetchall()}


@functools.cache
def _held_permissions_sql() -> str:
    """The query of ``held_permissions``, written once: on every page, the ORM took longer to build
    it (two ``Exists`` subqueries) than the database took to answer it."""
    quote = connection.ops.quote_name

    def table(model) -> str:
        return quote(model._meta.db_table)

    def column(model, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    given, in_group = get_user_model().user_permissions.through, get_user_model().groups.through
    group_given = Group.permissions.through
    pairs = ", ".join(["(%s, %s)"] * (1 + len(RESEARCH_PERMISSIONS)))
    return (
        f"SELECT ct.{quote('app_label')}, p.{quote('codename')} FROM {table(Permission)} p "  # noqa: S608 - names from the models
        f"JOIN {table(ContentType)} ct ON ct.{quote('id')} = p.{column(Permission, 'content_type')} "
        f"WHERE (ct.{quote('app_label')}, p.{quote('codename')}) IN ({pairs}) AND ("
        f"EXISTS (SELECT 1 FROM {table(given)} u WHERE u.{column(given, 'permission')} = p.{quote('id')} "
        f"AND u.{column(given, 'user')} = %s) OR "
        f"EXISTS (SELECT 1 FROM {table(group_given)} g JOIN {table(in_group)} m "
        f"ON m.{column(in_group, 'group')} = g.{column(group_given, 'group')} "
        f"WHERE g.{column(group_given, 'permission')} = p.{quote('id')} AND m.{column(in_group, 'user')} = %s))"
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
