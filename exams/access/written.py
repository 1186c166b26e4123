"""Who may open which written-exam object: someone else's attempt does not exist for you."""

from django.shortcuts import get_object_or_404

from accounts.access import Role, require_role

from ..models.written import Attempt, Question, Vignette, WrittenExam


def own_attempt(user, pk: int) -> Attempt:
    """The candidate's own attempt; for anyone else a 404."""
    return get_object_or_404(Attempt.objects.select_related("exam__program"), pk=pk, candidate=user)


def exam_to_sit(user, pk: int) -> WrittenExam:
    """An active exam; whether this candidate may sit it is the start service's question."""
    require_role(user, Role.APPLICANT)
    return get_object_or_404(WrittenExam.objects.select_related("program"), pk=pk, is_active=True)


def exam_for_admin(user, pk: int) -> WrittenExam:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(WrittenExam.objects.select_related("program"), pk=pk)


def question_for_admin(user, pk: int) -> Question:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(
        Question.objects.select_related("current_version__topic", "vignette"), pk=pk
    )


def vignette_for_admin(user, pk: int) -> Vignette:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(Vignette, pk=pk)
