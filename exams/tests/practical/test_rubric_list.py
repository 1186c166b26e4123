"""The rubrics page names each rubric's program, so two programs' rubrics of the same name
are told apart."""

import pytest
from django.urls import reverse

from programs.tests.factories import ProgramFactory

from .factories import rubric

pytestmark = pytest.mark.django_db


def test_it_names_the_program_of_each_rubric(client, admin_user, django_assert_max_num_queries):
    botox = rubric(program=ProgramFactory(name="Botulinum Toxin Program"))
    fillers = rubric(program=ProgramFactory(name="Dermal Filler Program"))
    client.force_login(admin_user)

    with django_assert_max_num_queries(20):
        html = client.get(reverse("exams:rubrics")).content.decode()

    for made, name in ((botox, "Botulinum Toxin Program"), (fillers, "Dermal Filler Program")):
        row = html[html.index(f'data-rubric="{made.pk}"') :]
        row = row[: row.index("</tr>")]
        assert f'data-program="{made.program_id}">{name}</td>' in row
