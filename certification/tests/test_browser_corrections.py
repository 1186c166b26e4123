"""In a browser: a program admin corrects the key of a flawed written item, reviews the
pass/fail change and applies it; the holder's certificate is flagged, not revoked. An admin
reinstates a revoked certificate and a visitor sees it valid again."""

import pytest

from certification import services
from certification.models import Certificate

from .certificates import certificate_storage, issued_certificate  # noqa: F401 (fixture)
from .test_certificate_flag_on_regrade import certified_on_a_flawed_item  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("certificate_storage"),
]


def test_an_admin_rekeys_a_flawed_item_and_the_certificate_is_flagged(
    new_page,
    admin_user,
    certified_on_a_flawed_item,  # noqa: F811 (the imported fixture)
):
    certificate, flawed = certified_on_a_flawed_item
    page = new_page(admin_user)
    page.goto(f"/staff/written/questions/{flawed.question_id}/")

    page.get_by_role("link", name="Void or correct the key").first.click()
    page.get_by_label("Correct the key").check()
    page.get_by_label("B. ", exact=False).check()
    page.get_by_label("Why the question is flawed").fill("B is the licensed dose")
    page.get_by_role("button", name="Regrade the attempts for review").click()

    page.get_by_text("Pass → Fail").wait_for()
    page.get_by_role("button", name="Apply these changes").click()
    page.get_by_text("1 pass/fail result(s) changed").wait_for()

    page.goto(f"/staff/certificates/{certificate.pk}/")
    page.get_by_text("Flagged for your decision").wait_for()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED and certificate.flagged_at


def test_an_admin_reinstates_a_revoked_certificate_and_a_visitor_sees_it_valid(
    new_page, admin_user
):
    certificate = issued_certificate()
    services.revoke_certificate(certificate=certificate, actor=admin_user, reason="Wrong person")
    page = new_page(admin_user)
    page.goto(f"/staff/certificates/{certificate.pk}/")

    page.get_by_label("Reason for reinstating").fill("Revoked in error: the wrong holder")
    page.get_by_role("button", name="Reinstate this certificate").click()
    page.get_by_text("is reinstated").wait_for()

    visitor = new_page()
    visitor.goto(f"/verify/{certificate.verification_code}/")
    assert visitor.get_by_test_id("verdict").inner_text() == "This certificate is valid."
