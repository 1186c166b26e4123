import io

import pytest
from PIL import Image

from accounts.models import ApplicantProfile, Jurisdiction, MedicalLicense, ReviewStatus
from accounts.roles import Role
from accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def license_scan_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 260), "#f4f1ea").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_applicant_submits_a_license_an_admin_verifies_it_and_the_applicant_sees_it(
    new_page, private_storage
):
    # Transactional tests cannot count on the migrations' reference data (a flush removes it).
    Jurisdiction.objects.get_or_create(
        code="US-CA", defaults={"name": "California", "kind": Jurisdiction.Kind.US_STATE}
    )
    applicant = UserFactory(full_legal_name="Casey Jordan Lee")
    ApplicantProfile.objects.create(
        user=applicant,
        profession="physician",
        specialty_background="dermatology",
        phone="555 0100",
        address="1 Main St",
        city="Sacramento",
        country="United States",
    )
    admin = UserFactory(full_legal_name="Ada Admin", roles=[Role.PROGRAM_ADMIN])

    applicant_page = new_page(applicant)
    applicant_page.goto("/qualifications/")
    applicant_page.get_by_role("link", name="Submit a license").click()
    applicant_page.get_by_label("License type").select_option(label="Physician (MD/DO)")
    applicant_page.get_by_label("License number").fill("G-445566")
    applicant_page.get_by_label("Jurisdiction").select_option(label="California")
    applicant_page.get_by_label("Issue date").fill("2021-06-01")
    applicant_page.get_by_label("Expiry date").fill("2031-05-31")
    applicant_page.get_by_label("Document").set_input_files(
        files=[{"name": "license.png", "mimeType": "image/png", "buffer": license_scan_png()}]
    )
    applicant_page.get_by_role("button", name="Submit for review").click()
    applicant_page.get_by_text("Submitted. A program admin will review it.").wait_for()
    row = applicant_page.locator("tr[data-license='G-445566']")
    assert row.locator("[data-status]").inner_text() == "Submitted"

    admin_page = new_page(admin)
    admin_page.goto("/staff/reviews/")
    admin_page.locator("tr", has_text="G-445566").get_by_role("link", name="Review").click()
    document = admin_page.get_by_role("img", name="Document: license.png")
    document.wait_for()
    assert document.evaluate("img => img.naturalWidth") == 400  # the scan itself is shown
    admin_page.get_by_role("button", name="Verify").click()
    admin_page.get_by_text("Verified. The applicant has been e-mailed.").wait_for()

    applicant_page.reload()
    assert row.locator("[data-status]").inner_text() == "Verified"
    assert MedicalLicense.objects.get(number="G-445566").status == ReviewStatus.VERIFIED
