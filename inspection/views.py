"""The one way a view runs a service and shows what it refused."""

from .errors import ServiceError


def add_service_errors(form, exc: ServiceError) -> None:
    """Show a refused write on ``form``: against a field where the service named one, else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def run_service(form, service, **kwargs):
    """Call ``service(**kwargs)``; if it refuses, put its messages on ``form`` and return None."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        add_service_errors(form, exc)
        return None
