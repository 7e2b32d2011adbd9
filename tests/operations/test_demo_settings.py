"""The demo (``make run``) runs as the service does: DEBUG off, so a mistyped address shows the
service's own "Page not found" page, not Django's technical page listing every URL; static files
come from WhiteNoise with cache headers. ``DEBUG=true`` is the documented switch for development."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client(HTTP_HOST="127.0.0.1").get("/no-such-page/")
print(json.dumps({"debug": settings.DEBUG, "status": response.status_code, "page": response.content.decode(),
                  "storage": settings.STORAGES["staticfiles"]["BACKEND"]}))
"""


def demo(tmp_path, **env) -> dict:
    """The demo's environment (scripts/demo_env.sh), then a request for an address that does not exist."""
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "inspection.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "SECRET_KEY": "a key for this test only",
        "STATIC_ROOT": str(tmp_path / "static"),  # collectstatic's output, as run_demo.sh makes it
        **env,
    }
    collect = f"{sys.executable} manage.py collectstatic --noinput --verbosity 0"
    command = f"source scripts/demo_env.sh && {collect} && {sys.executable} -c '{PROBE}'"
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_mistyped_address_in_the_demo_shows_the_services_page(tmp_path):
    result = demo(tmp_path)
    assert result["debug"] is False and result["status"] == 404
    assert "Page not found" in result["page"] and "URLconf" not in result["page"]
    assert result["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_debug_true_is_the_switch_for_development(tmp_path):
    result = demo(tmp_path, DEBUG="true")
    assert result["debug"] is True and "URLconf" in result["page"]
