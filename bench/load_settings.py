"""Settings of the application under load in bench/load.py: production's (DEBUG off, the environment
bench/load.py gives), served over plain HTTP on 127.0.0.1 with no TLS proxy in front.

- Cookies are not marked Secure (a TLS proxy is what makes production's safe to send).
- Static files are named without the collectstatic manifest: the benchmark fetches pages, not files.
- Without WhiteNoise installed (a virtualenv older than the lock) the pages are served without it.
"""

import importlib.util

from inspection.settings import *  # noqa: F403
from inspection.settings import MIDDLEWARE, STORAGES

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
if importlib.util.find_spec("whitenoise") is None:
    MIDDLEWARE = [name for name in MIDDLEWARE if not name.startswith("whitenoise.")]
