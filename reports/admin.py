"""Admin views of reports: for support staff to look, not to write (writes go through the pages)."""

from django.contrib import admin

from inspection.admin import HistoryAdmin

from .models import GeneratedPDF, ReportVersion


class ReadOnlyAdmin(HistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = ["report", "number", "status", "created_at", "finalised_at"]
    list_filter = ["status"]
    list_select_related = ["report__inspection"]


@admin.register(GeneratedPDF)
class GeneratedPDFAdmin(ReadOnlyAdmin):
    list_display = ["pk", "version", "status", "requested_by", "requested_at", "page_count"]
    list_filter = ["status"]
    list_select_related = ["version__report__inspection", "requested_by"]
    exclude = ["file"]  # the file is served only through the team-checked download view
