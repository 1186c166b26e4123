"""The question bank's filter bar: every control labelled, none overlapping another, at a
phone's 390 px and a laptop's 1280 px; and the filters still filter."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory

from .factories import exam_with_bank

URL = reverse("exams:written_bank")


@pytest.mark.django_db
def test_each_filter_has_a_visible_label(client, admin_user):
    client.force_login(admin_user)

    html = client.get(URL).content.decode()

    for name, label in (("q", "Search"), ("topic", "Topic"), ("kind", "Kind")):
        assert f'<label class="form-label" for="id_{name}">{label}</label>' in html
    assert 'class="form-select"' in html and 'class="form-control"' in html


def _overlaps(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_the_controls_do_not_overlap_and_fit_the_window(new_page, width):
    exam_with_bank(questions=3)
    page = new_page(UserFactory(roles=[Role.PROGRAM_ADMIN]))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(URL)

    bar = page.locator("[data-filter-bar]")
    controls = [bar.locator(sel) for sel in ("#id_q", "#id_topic", "#id_kind", "button")]
    boxes = [control.bounding_box() for control in controls]
    for n, box in enumerate(boxes):
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        for other in boxes[n + 1 :]:
            assert not _overlaps(box, other)
    for name in ("Search", "Topic", "Kind"):
        assert page.get_by_label(name, exact=True).count() == 1
    # the bar itself fits (the page's width is the navigation's: another branch fixes that)
    bar_box = bar.bounding_box()
    assert bar_box["x"] >= 0 and bar_box["x"] + bar_box["width"] <= width
