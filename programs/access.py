from django.shortcuts import get_object_or_404

from accounts.access import Role, require_role

from .models import Cohort, Enrollment


def own_enrollment(user, pk: int) -> Enrollment:
    return get_object_or_404(Enrollment.objects.select_related("cohort"), pk=pk, applicant=user)


def enrollment_for_admin(user, pk: int) -> Enrollment:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(Enrollment.objects.select_related("cohort"), pk=pk)


def cohort_to_apply(pk: int) -> Cohort:
    return get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
