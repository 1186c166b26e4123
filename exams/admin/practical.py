"""The practical exam in the back-office: read-only. Rubrics, cuts, sittings, scores and
decisions change only through the staff pages, whose services lock, check and audit."""

from django.contrib import admin

from ..models.practical import (
    CriterionScore,
    ExaminerAssignment,
    PracticalSitting,
    Rubric,
    RubricCriterion,
    RubricVersion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CriterionInline(ReadOnlyInline):
    model = RubricCriterion
    fields = (
        "section",
        "position",
        "text",
        "weight",
        "scale_min",
        "scale_max",
        "is_critical",
        "critical_pass_level",
    )


@admin.register(Rubric)
class RubricAdmin(ReadOnlyAdmin):
    list_display = ("name", "program", "cut_score", "cut_source", "disagreement_threshold")
    list_select_related = ("program",)


@admin.register(RubricVersion)
class RubricVersionAdmin(ReadOnlyAdmin):
    list_display = ("rubric", "number", "created_at", "created_by", "change_note")
    list_select_related = ("rubric", "created_by")
    inlines = [CriterionInline]


class AssignmentInline(ReadOnlyInline):
    model = ExaminerAssignment
    fields = ("examiner", "status", "weighted_score", "global_rating", "submitted_at")


@admin.register(PracticalSitting)
class PracticalSittingAdmin(ReadOnlyAdmin):
    list_display = ("candidate", "program", "starts_at", "place", "status", "weighted_score")
    list_filter = ("status", "program")
    search_fields = ("candidate__email", "candidate__full_legal_name")
    list_select_related = ("candidate", "program")
    inlines = [AssignmentInline]


class ScoreInline(ReadOnlyInline):
    model = CriterionScore
    fields = ("criterion", "score", "comment")


@admin.register(ExaminerAssignment)
class ExaminerAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("sitting", "examiner", "status", "weighted_score", "submitted_at")
    list_filter = ("status",)
    list_select_related = ("sitting__candidate", "examiner")
    inlines = [ScoreInline]
