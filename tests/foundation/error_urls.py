"""A test-only URLconf: the project's pages and error handlers, plus a page that fails (for the 500 page)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from inspection.urls import handler400, handler500  # noqa: F401 (Django reads them from the root URLconf)
from inspection.urls import urlpatterns as project_patterns


class Broken(Exception):
    pass


@login_not_required
def broken(request):
    raise Broken("a bug")


def broken_signed_in(request):
    raise Broken("a bug on a page that needs sign-in")


urlpatterns = [path("broken/", broken), path("broken-signed-in/", broken_signed_in), *project_patterns]
