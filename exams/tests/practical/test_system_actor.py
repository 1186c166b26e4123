"""Creating rubrics and assigning examiners no longer skip the admin check (issue 16: they took
`by=None` and then skipped it); the system actor holds no role, so it is refused too."""

import pytest

from accounts.actors import SYSTEM
from accounts.errors import DomainError
from exams.models import Rubric
from exams.services.practical import assign_examiner, create_rubric
from programs.tests.factories import ProgramFactory

from .factories import examiner_user, sitting, small_criteria

pytestmark = pytest.mark.django_db


def test_it_refuses_the_system_actor_a_rubric_and_an_examiner_assignment():
    with pytest.raises(DomainError):
        create_rubric(program=ProgramFactory(), name="R", criteria=small_criteria(), actor=SYSTEM)
    assert not Rubric.objects.exists()
    booked = sitting()
    with pytest.raises(DomainError):
        assign_examiner(sitting=booked, examiner=examiner_user(), actor=SYSTEM)
    assert not booked.assignments.exists()
