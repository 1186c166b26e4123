from django.shortcuts import get_object_or_404

from accounts.access import Role, require_role

from .models import Cohort, Enrollment, HandsOnSession, TheoryModule


def own_enrollment(user, pk: int) -> Enrollment:
    return get_object_or_404(Enrollment.objects.select_related("cohort"), pk=pk, applicant=user)


def enrollment_for_admin(user, pk: int) -> Enrollment:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(Enrollment.objects.select_related("cohort"), pk=pk)


def cohort_to_apply(pk: int) -> Cohort:
    return get_object_or_404(Cohort.objects.select_related("program"), pk=pk)


# --- teaching and training: an instructor sees only their cohorts, a trainee only their log ---


def cohort_taught_by(user, pk: int) -> Cohort:
    return get_object_or_404(Cohort.objects.select_related("program"), pk=pk, instructors=user)


def trainee_of(cohort: Cohort, pk: int) -> Enrollment:
    return get_object_or_404(
        Enrollment.objects.select_related("applicant", "program", "cohort"), pk=pk, cohort=cohort
    )


def module_of(cohort: Cohort, pk: int) -> TheoryModule:
    return get_object_or_404(TheoryModule, pk=pk, program_id=cohort.program_id)


def own_session(user, pk: int) -> HandsOnSession:
    return get_object_or_404(
        HandsOnSession.objects.select_related("enrollment__cohort__program", "supervisor"),
        pk=pk,
        enrollment__applicant=user,
    )


def session_supervised_by(user, pk: int) -> HandsOnSession:
    return get_object_or_404(
        HandsOnSession.objects.select_related(
            "enrollment__applicant", "enrollment__cohort__program", "replaces"
        ),
        pk=pk,
        supervisor=user,
    )
