"""Small helpers shared by the inspection set-up views."""

from django.core.exceptions import ValidationError


def run_service(form, service, **kwargs):
    """Call ``service``; on ValidationError put its messages on ``form`` and return None.

    Services key their errors by field name; a key the form lacks becomes a form-level error.
    """
    try:
        return service(**kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and set(exc.error_dict) <= set(form.fields):
            form.add_error(None, exc)
        else:
            for message in exc.messages:
                form.add_error(None, message)
        return None
