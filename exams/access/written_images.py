"""Who may see an image of a question text: program admins, and candidates whose attempt drew
a question that uses it. For anyone else it does not exist (404)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import has_role
from accounts.roles import Role

from ..models.written import AttemptItem
from ..models.written_images import QuestionImage


def image_for_user(user, sha256: str) -> QuestionImage:
    image = get_object_or_404(QuestionImage, sha256=sha256)
    if has_role(user, Role.PROGRAM_ADMIN):
        return image
    drawn = AttemptItem.objects.filter(attempt__candidate=user, question__images=image).exists()
    if not drawn:
        raise Http404("No such image.")
    return image
