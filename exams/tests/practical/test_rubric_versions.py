"""Rubrics are versioned: a version a sitting uses is never edited; sittings keep theirs."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from exams.models import Rubric, RubricCriterion
from programs.tests.factories import ProgramFactory

from .factories import rubric, sitting

pytestmark = pytest.mark.django_db


def criterion_rows(*rows, total_forms=None):
    """Formset data: rows of (section, text, weight, critical, pass level)."""
    data = {
        "criteria-TOTAL_FORMS": str(total_forms or len(rows)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, (section, text, weight, critical, level) in enumerate(rows):
        data.update(
            {
                f"criteria-{i}-section": section,
                f"criteria-{i}-text": text,
                f"criteria-{i}-weight": weight,
                f"criteria-{i}-scale_min": "0",
                f"criteria-{i}-scale_max": "4",
                f"criteria-{i}-anchors": "",
                f"criteria-{i}-critical_pass_level": level,
            }
        )
        if critical:
            data[f"criteria-{i}-is_critical"] = "on"
    return data


ROWS = [
    ("injection_technique", "Aseptic technique", "2", True, "3"),
    ("communication", "Explains the procedure", "1", False, ""),
]


def test_an_admin_creates_a_rubric_with_criteria(client, admin_user):
    program = ProgramFactory()
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:rubric_new"),
        {"program": program.pk, "name": "Glabella practical", **criterion_rows(*ROWS)},
        follow=True,
    )

    created = Rubric.objects.get(name="Glabella practical")
    assert "Rubric created (version 1)." in response.content.decode()
    version = created.versions.get()
    assert list(version.criteria.values_list("text", "is_critical", "critical_pass_level")) == [
        ("Aseptic technique", True, 3),
        ("Explains the procedure", False, None),
    ]
    assert AuditEntry.objects.filter(action="rubric.created", actor=admin_user).exists()


def test_a_critical_item_needs_a_pass_level_on_its_scale(client, admin_user):
    client.force_login(admin_user)
    rows = [("injection_technique", "Aseptic technique", "2", True, "5")]

    response = client.post(
        reverse("exams:rubric_new"),
        {"program": ProgramFactory().pk, "name": "Bad", **criterion_rows(*rows)},
    )

    assert "A critical item needs a pass level from 0 to 4." in response.content.decode()
    assert not Rubric.objects.exists()


def test_editing_an_unused_version_changes_it_in_place(client, admin_user):
    exam_rubric = rubric()
    client.force_login(admin_user)

    client.post(
        reverse("exams:rubric_edit", args=[exam_rubric.pk]),
        {"program": exam_rubric.program_id, "name": exam_rubric.name, **criterion_rows(*ROWS)},
    )

    version = exam_rubric.versions.get()
    assert version.number == 1
    assert version.criteria.count() == 2


def test_editing_a_version_a_sitting_uses_makes_a_new_version(client, admin_user):
    exam_rubric = rubric()
    used = exam_rubric.versions.get()
    exam = sitting(rubric_=exam_rubric)
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:rubric_edit", args=[exam_rubric.pk]),
        {
            "program": exam_rubric.program_id,
            "name": exam_rubric.name,
            "note": "aseptic technique added",
            **criterion_rows(*ROWS),
        },
        follow=True,
    )

    assert "Saved as version 2." in response.content.decode()
    assert list(exam_rubric.versions.values_list("number", flat=True)) == [2, 1]
    exam.refresh_from_db()
    assert exam.rubric_version == used
    assert RubricCriterion.objects.filter(version=used).count() == 3  # untouched
    assert AuditEntry.objects.filter(action="rubric.versioned", to_state="v2").exists()


def test_the_rubric_page_shows_the_current_version_and_its_history(client, admin_user):
    exam_rubric = rubric()
    client.force_login(admin_user)

    html = client.get(reverse("exams:rubric_detail", args=[exam_rubric.pk])).content.decode()

    assert "Needle depth and angle" in html
    assert "critical · pass at 2" in html
    assert "Unsafe" in html  # the anchors


def test_only_program_admins_edit_rubrics(client, examiner):
    exam_rubric = rubric()
    client.force_login(examiner)

    assert client.get(reverse("exams:rubric_edit", args=[exam_rubric.pk])).status_code == 403
    assert client.get(reverse("exams:rubrics")).status_code == 403
