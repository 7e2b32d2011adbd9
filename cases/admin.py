"""Read-only Django admin for inspection data, with each record's change history.

Changes go through the application's pages and commands (cases.services), which keep the rules:
e.g. a change of case characteristics must refresh which judgements count. The admin only shows.
"""

from django.contrib import admin

from inspection.admin import HistoryAdmin

from .models import Assessment, Case, Inspection, Judgement, Membership, Unit


class ReadOnlyAdmin(HistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "area", "criteria_set", "status", "fieldwork_start"]
    list_filter = ["status", "criteria_set"]
    search_fields = ["name", "slug", "area"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "user", "role"]
    list_filter = ["role", "inspection"]
    list_select_related = ["inspection", "user"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "inspection"]
    list_filter = ["inspection"]
    list_select_related = ["inspection"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["case_ref", "inspection", "unit", "sentence_type", "rosh"]
    list_filter = ["inspection", "sentence_type", "rosh"]
    list_select_related = ["inspection", "unit"]
    search_fields = ["case_ref"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "assessor", "is_primary", "status", "submitted_at"]
    list_filter = ["status", "is_primary", "case__inspection"]
    list_select_related = ["case", "assessor"]
    search_fields = ["case__case_ref"]


@admin.register(Judgement)
class JudgementAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "question", "option", "applicable", "version", "updated_by", "updated_at"]
    list_filter = ["applicable", "assessment__case__inspection"]
    list_select_related = ["assessment__case", "question", "option", "updated_by"]
    search_fields = ["assessment__case__case_ref", "question__code"]
