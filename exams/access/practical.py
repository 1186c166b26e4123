"""The practical exam: who may open which object. Someone else's object is a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import require_role
from accounts.compiled_reads import CompiledRead
from accounts.roles import Role

from ..models.practical import ExaminerAssignment, PracticalSitting, Rubric


def form_for_examiner(user, pk: int) -> ExaminerAssignment:
    """The examiner's own score form (another examiner's does not exist for them)."""
    require_role(user, Role.EXAMINER)
    return get_object_or_404(
        ExaminerAssignment.objects.select_related(
            "sitting__candidate", "sitting__program", "sitting__rubric_version__rubric"
        ),
        pk=pk,
        examiner=user,
    )


def form_to_score(user, pk: int) -> ExaminerAssignment:
    """The examiner's own score form, with what the score page shows of its sitting (the
    candidate, the rubric version): `form_for_examiner` without the program, whose wide row
    the page never reads. Its statement is compiled once per process: the score page is
    opened all day, and compiling the four tables' query cost ~1.5 ms of CPU a view."""
    require_role(user, Role.EXAMINER)
    found = _FORM_TO_SCORE.objects(examiner=user.pk, form=pk)
    if not found:
        raise Http404("No such score form.")
    return found[0]


_FORM_TO_SCORE = CompiledRead(
    lambda examiner, form: ExaminerAssignment.objects.select_related(
        "sitting__candidate", "sitting__rubric_version__rubric"
    ).filter(pk=form, examiner=examiner)
)


def rubric_for_admin(user, pk: int) -> Rubric:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(Rubric.objects.select_related("program"), pk=pk)


def sitting_for_admin(user, pk: int) -> PracticalSitting:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(
        PracticalSitting.objects.select_related(
            "candidate", "program", "rubric_version__rubric", "decided_by", "scheduled_by"
        ),
        pk=pk,
    )


def assignment_for_admin(user, sitting: PracticalSitting, pk: int) -> ExaminerAssignment:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(ExaminerAssignment, pk=pk, sitting=sitting)


def own_sitting(user, pk: int) -> PracticalSitting:
    """The candidate's own sitting."""
    require_role(user, Role.APPLICANT)
    return get_object_or_404(
        PracticalSitting.objects.select_related("program", "rubric_version__rubric"),
        pk=pk,
        candidate=user,
    )
