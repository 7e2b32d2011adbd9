"""gunicorn settings for the web processes: `gunicorn -c deploy/gunicorn.conf.py` from the checkout.

Environment: GUNICORN_BIND (default 127.0.0.1:8000, behind the TLS-terminating proxy),
WEB_CONCURRENCY (worker processes, default 3: about two per core), GUNICORN_TIMEOUT (seconds a
request may take, default 60). The application's own settings come from the environment as well
(README: Configuration). Logs are JSON lines on stderr, like the application's.
"""

import gc
import os

wsgi_app = "inspection.wsgi:application"
bind = [os.getenv("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.getenv("WEB_CONCURRENCY", "3"))
# Load the application (every view and what it imports: inspection/wsgi.py) once in the master and
# fork the workers from it: a new or restarted worker serves its first page without seconds of
# importing, and the workers share those modules' memory. A new release needs a restart of
# gunicorn (not a HUP), as the master holds the code.
preload_app = True


def pre_fork(server, worker):
    """Move what the preloaded application holds (some 200,000 objects) out of the garbage collector's
    reach before each worker is forked: a full collection in a worker then walks only what its
    requests made (measured: an agreement page's slowest request 259 → 103 ms), and the workers keep
    sharing those pages of memory instead of copying them as the collector touches them."""
    gc.collect()
    gc.freeze()


timeout = int(os.getenv("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Restart each worker process now and then, so that no slow growth of memory lasts.
max_requests = 1000
max_requests_jitter = 100
# No control socket (gunicornc): it is not used, and its default path would be shared by every
# gunicorn of the same user on the machine.
control_socket_disable = True
# No access log: inspection.logs.RequestLogMiddleware logs each request without the query string
# or case references (gunicorn's access log would carry both).
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "inspection.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
    },
}
