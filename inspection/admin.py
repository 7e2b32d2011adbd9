"""Admin: the audit log (read only), and on users: unlock sign-in, reset two-factor authentication, deactivate.

Axes's own sign-in log is not shown (the audit log has sign-ins); its "access attempts" list stays:
deleting a row there unlocks that account or address too.
"""

from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import AuditEvent

User = get_user_model()


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with a history page for an id that is not one (``²``, a NUL byte)
    a 404 rather than a ValueError (a 500): the apps' admins build on this one."""

    def _checked(self, object_id: str, version_id: str | None = None) -> None:
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                self.model.history.model._meta.pk.to_python(version_id)
        except ValidationError as exc:
            raise Http404("No such record") from exc

    def history_view(self, request, object_id, extra_context=None):
        self._checked(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._checked(object_id, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


for model in (AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["when", "kind", "username", "address", "detail", "actor"]
    list_filter = ["kind", "when"]
    search_fields = ["username", "address", "detail"]
    date_hierarchy = "when"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description="Unlock sign-in for the selected users", permissions=["change"])
def unlock_sign_in(modeladmin, request, queryset):
    for user in queryset:
        services.unlock_sign_in(user=user, actor=request.user, request=request)
        modeladmin.log_change(request, user, "Unlocked sign-in")
    modeladmin.message_user(request, f"Sign-in unlocked for {_names(queryset)}.", messages.SUCCESS)


@admin.action(description="Reset two-factor authentication of the selected users", permissions=["change"])
def reset_second_factor(modeladmin, request, queryset):
    for user in queryset:
        services.reset_second_factor(user=user, actor=request.user, request=request)
        modeladmin.log_change(request, user, "Reset two-factor authentication")
    modeladmin.message_user(
        request,
        f"Two-factor authentication reset for {_names(queryset)}: they are signed out and will set up "
        "an authenticator app when they next sign in.",
        messages.SUCCESS,
    )


@admin.action(description="Deactivate the selected users (ends their sessions)", permissions=["change"])
def deactivate(modeladmin, request, queryset):
    for user in queryset.filter(is_active=True):
        user.is_active = False
        user.save(update_fields=["is_active"])  # the pre_save receiver ends their sessions and audits it
        modeladmin.log_change(request, user, "Deactivated (their sessions ended)")
    modeladmin.message_user(request, f"Deactivated {_names(queryset)}: they are signed out.", messages.SUCCESS)


def _names(queryset) -> str:
    return ", ".join(user.get_username() for user in queryset)


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class SecureUserAdmin(UserAdmin):
    """Changes to an account's access made here are in the audit log (``inspection/signals.py``:
    ``access_changes``, ``grants_changed``); a new account too."""

    actions = [unlock_sign_in, reset_second_factor, deactivate]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.record(
                kind=AuditEvent.Kind.ACCESS_CHANGED,
                request=request,
                user=obj,
                actor=request.user,
                detail="account created",
            )
