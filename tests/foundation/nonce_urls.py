"""A test-only URLconf with a page that uses the CSP nonce, as a future inline script would."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path

PAGE = Template('<script nonce="{{ csp_nonce }}" src="/static/js/app.js" type="module"></script>')


@login_not_required
def page_with_nonce(request):
    return HttpResponse(PAGE.render(RequestContext(request)))


urlpatterns = [path("nonce/", page_with_nonce)]
