"""Read-only Django admin for criteria sets: content changes only by loading a file
(criteria.services), so a set an inspection uses can never be edited in place."""

from django.contrib import admin

from inspection.admin import HistoryAdmin

from .models import (
    AnswerOption,
    AnswerScale,
    CriteriaSet,
    GeneralCriterion,
    GlossaryTerm,
    Headline,
    Question,
    RatingBand,
    Section,
    SpecificCriterion,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class HeadlineInline(ReadOnlyInline):
    model = Headline
    fields = ["code", "title", "method"]


class RatingBandInline(ReadOnlyInline):
    model = RatingBand
    fields = ["min_score", "label"]


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ["code", "title"]


class GlossaryInline(ReadOnlyInline):
    model = GlossaryTerm
    fields = ["term", "meaning"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyMixin, HistoryAdmin):
    list_display = ["name", "version", "slug", "status", "loaded_at"]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    inlines = [HeadlineInline, RatingBandInline, SectionInline, GlossaryInline]


class SpecificInline(ReadOnlyInline):
    model = SpecificCriterion
    fields = ["code", "text"]


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ["code", "text", "scale", "applies_when"]


@admin.register(GeneralCriterion)
class GeneralCriterionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "title", "section", "criteria_set"]
    list_filter = ["criteria_set"]
    list_select_related = ["section", "criteria_set"]
    search_fields = ["code", "title"]
    inlines = [SpecificInline, QuestionInline]


class OptionInline(ReadOnlyInline):
    model = AnswerOption
    fields = ["value", "label", "scoring"]


@admin.register(AnswerScale)
class AnswerScaleAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "criteria_set"]
    list_filter = ["criteria_set"]
    inlines = [OptionInline]


@admin.register(Question)
class QuestionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "text", "general_criterion", "scale", "criteria_set"]
    list_filter = ["criteria_set", "scale__code"]
    list_select_related = ["general_criterion", "scale", "criteria_set"]
    search_fields = ["code", "text"]
