from django.urls import reverse


def navigation(request):
    """Service navigation items for the signed-in user, with the current section marked.

    The longest matching prefix wins, so /inspections/my-cases/ marks "My cases" only. None until
    the session has passed the second factor.
    """
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    if not getattr(user, "is_verified", lambda: True)():
        return {}  # half signed in (second factor next): only sign out is offered
    items = [("Inspections", reverse("cases:inspection_list")), ("My cases", reverse("cases:my_cases"))]
    if user.has_perm("criteria.manage_criteria"):
        items.append(("Criteria sets", reverse("criteria:set_list")))
    items.append(("Your account", reverse("account")))
    matches = [url for _, url in items if request.path.startswith(url)]
    current = max(matches, key=len) if matches else None
    return {"nav_items": [{"label": label, "url": url, "active": url == current} for label, url in items]}
