from django.contrib import admin

from .models import Cohort, Enrollment, TheoryModule, TrainingProgram


class TheoryModuleInline(admin.TabularInline):
    model = TheoryModule
    extra = 0


@admin.register(TrainingProgram)
class TrainingProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "provider", "accreditation_body", "accredited_from", "accredited_until")
    search_fields = ("name", "provider", "accreditation_number")
    inlines = [TheoryModuleInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "program", "starts_on", "ends_on", "location", "capacity")
    list_filter = ("program",)
    list_select_related = ("program",)
    filter_horizontal = ("instructors",)


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    """Read-only: enrollment changes go through the services so seats and audit stay right."""

    list_display = ("applicant", "cohort", "status", "applied_at")
    list_filter = ("status", "program")
    list_select_related = ("applicant", "cohort__program")
    search_fields = ("applicant__email", "applicant__full_legal_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
