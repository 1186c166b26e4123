"""In a browser: the applicant who just passed the last step sees the certificate appear and
downloads it; an anonymous visitor verifies it, and checks the downloaded file."""

import hashlib

import pytest

from certification.models import Certificate

from .certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("certificate_storage"),
]


def test_the_holder_downloads_the_new_certificate_and_a_visitor_verifies_it(new_page, tmp_path):
    # Transactional tests lose the migrations' reference data: the factories make it again.
    applicant, exam, examiner = candidate_at_last_step(full_legal_name="Casey Jordan Lee")
    page = new_page(applicant)
    page.goto("/dashboard/")
    assert page.locator('[data-step="5"]').get_attribute("data-state") != "complete"

    pass_practical(exam, examiner)  # the examiner submits the passing score

    page.reload()
    card = page.get_by_test_id("certificate-card")
    card.wait_for()
    certificate = Certificate.objects.get(holder=applicant)
    assert certificate.number in card.inner_text()
    assert page.locator('[data-step="5"]').get_attribute("data-state") == "complete"
    with page.expect_download() as download_info:
        card.get_by_role("link", name="Download PDF").click()
    downloaded = tmp_path / "certificate.pdf"
    download_info.value.save_as(downloaded)
    assert hashlib.sha256(downloaded.read_bytes()).hexdigest() == certificate.sha256
    verify_path = card.get_by_role("link", name="Verification page").get_attribute("href")

    visitor = new_page()
    visitor.goto(verify_path)
    assert visitor.get_by_test_id("verdict").inner_text() == "This certificate is valid."
    assert visitor.get_by_test_id("holder").inner_text() == "Casey Jordan Lee"
    visitor.get_by_label("Certificate PDF").set_input_files(str(downloaded))
    visitor.get_by_role("button", name="Check the file").click()
    result = visitor.get_by_test_id("upload-result")
    assert "unaltered" in result.inner_text()
