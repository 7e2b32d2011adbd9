"""The 400 and 500 pages, rendered without the request and never touching the database.

A 500 may come from the database being down, and a 400 from a request Django refuses to read (a
disallowed host, a malformed cookie): so these pages get no context processors (no signed-in user,
no navigation, no messages), only the template. If even that fails (e.g. the static files'
manifest is missing an entry) a plain page says the same. The 403 and 404 pages are Django's own
views with the project's ``403.html`` and ``404.html``: they run with the request, so a signed-in
person gets the way back to their work.
"""

import logging

from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

PLAIN_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} – Probation case assessment</title>'
    '</head><body><main><h1>{title}</h1><p>{advice}</p><p><a href="/">Go to the home page</a></p></main></body></html>'
)


def render_without_request(template_name: str, title: str, advice: str) -> str:
    try:
        return loader.get_template(template_name).render()
    except Exception:  # an error page must answer, whatever else broke
        logger.exception("The %s page could not be rendered; sent the plain page instead", template_name)
        return PLAIN_PAGE.format(title=title, advice=advice)


def bad_request(request, exception=None):
    content = render_without_request("400.html", "Sorry, there is a problem with the request", "Go back and try again.")
    return HttpResponseBadRequest(content)


def server_error(request):
    content = render_without_request("500.html", "Sorry, there is a problem with the service", "Try again later.")
    return HttpResponseServerError(content)
