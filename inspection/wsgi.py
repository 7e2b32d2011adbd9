import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection.settings")
application = get_wsgi_application()

# Import every view now, as the process starts, rather than in the first request it serves: the
# URLconf brings in scipy, WeasyPrint and openpyxl, seconds of importing that each web process's
# first page waited for (bench/pages.py, first column). deploy/gunicorn.conf.py preloads this
# module in gunicorn's master, so the workers it forks, and the ones it restarts every ~1000
# requests, start warm.
from django.db import connections  # noqa: E402
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - loading the URLconf is the point
connections.close_all()  # nothing may stay connected to the database when gunicorn forks
