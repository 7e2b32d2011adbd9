# shellcheck shell=bash
# The demo's settings, sourced by scripts/run_demo.sh: DEBUG off as the service runs (its own error
# pages, static files served by WhiteNoise from collectstatic's output with cache headers), over
# plain http on this machine only. `DEBUG=true make run` turns DEBUG on for development (Django's
# error pages, static files read from the source folders). The secret key is made once per checkout
# (the demo passwords are derived from it) and kept in .demo-secret-key.
export DEBUG="${DEBUG:-false}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0
export LOG_FORMAT="${LOG_FORMAT:-text}"
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s .demo-secret-key ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' >.demo-secret-key
  SECRET_KEY="$(cat .demo-secret-key)"
  export SECRET_KEY
fi
