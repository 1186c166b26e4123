"""Program admins add, edit and delete a program's theory modules; a module with trainee
completion records is never deleted."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from programs.models import TheoryModule
from programs.tests.factories import (
    complete_theory,
    program_with_modules,
    trainee_in,
)

pytestmark = pytest.mark.django_db


def test_it_adds_a_module_after_the_last_one(client, admin_user):
    program = program_with_modules(3)
    client.force_login(admin_user)
    url = reverse("programs:staff_module_new", args=[program.pk])
    assert client.get(url).context["form"].initial["position"] == 4

    response = client.post(
        url, {"title": "Dermal anatomy", "topic": "other", "position": 4, "description": "Skin."}
    )

    assert response.url == reverse("programs:staff_program", args=[program.pk])
    module = program.modules.get(title="Dermal anatomy")
    assert (module.topic, module.position) == ("other", 4)
    assert AuditEntry.objects.get(action="module.added").actor == admin_user


def test_it_refuses_a_module_without_title_or_known_topic(client, admin_user):
    program = program_with_modules(1)
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_module_new", args=[program.pk]),
        {"title": "", "topic": "astrology", "position": 2},
    )

    assert set(response.context["form"].errors) == {"title", "topic"}
    assert program.modules.count() == 1


def test_it_edits_title_topic_description_and_position(client, admin_user):
    module = program_with_modules(1).modules.get()
    client.force_login(admin_user)

    client.post(
        reverse("programs:staff_module_edit", args=[module.pk]),
        {
            "title": "Facial anatomy II",
            "topic": "facial_anatomy",
            "position": 7,
            "description": "New",
        },
    )

    module.refresh_from_db()
    assert (module.title, module.topic, module.position) == (
        "Facial anatomy II",
        "facial_anatomy",
        7,
    )
    entry = AuditEntry.objects.get(action="module.changed")
    assert entry.data["changed"]["title"] == ["Module 1", "Facial anatomy II"]


def test_it_deletes_a_module_nobody_has_a_record_of(client, admin_user):
    module = program_with_modules(2).modules.first()
    client.force_login(admin_user)

    client.post(reverse("programs:staff_module_delete", args=[module.pk]), {"confirmed": "1"})

    assert not TheoryModule.objects.filter(pk=module.pk).exists()
    assert AuditEntry.objects.filter(action="module.deleted", target_id=str(module.pk)).exists()


def test_it_refuses_to_delete_a_module_with_completion_records(client, admin_user):
    program = program_with_modules(2)
    complete_theory(trainee_in(program))
    module = program.modules.first()
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_module_delete", args=[module.pk]), {"confirmed": "1"}, follow=True
    )

    assert TheoryModule.objects.filter(pk=module.pk).exists()
    assert "cannot be deleted: 1 trainee completion record(s) refer to it" in (
        response.content.decode()
    )
    assert not AuditEntry.objects.filter(action="module.deleted").exists()
