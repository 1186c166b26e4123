"""The PDF is a pure function of the frozen data: read back, it says what it must."""

import io
from datetime import date

from pypdf import PdfReader

from certification.documents import certificate_pdf

from .certificates import pdf_text, qr_codes

URL = "https://certs.example.test/verify/Zq3v9-abcdefghijklmnopqrstuvwx/"
DATA = {
    "holder_name": "Dana Applicant Smith",
    "license_type": "Physician (MD/DO)",
    "license_number": "A123456",
    "jurisdiction": "California",
    "program_name": "Botulinum Toxin Injector Program",
    "provider": "Institute of Aesthetic Medicine",
    "accreditation_body": "Council for Aesthetic Education",
    "accreditation_number": "CAE-2001",
    "number": "BTX-2026-000123",
    "issued_on": date(2026, 3, 1),
    "expires_on": date(2028, 3, 1),
}


def test_it_prints_the_holder_license_program_accreditation_dates_and_number():
    text = pdf_text(certificate_pdf(DATA, URL))

    for expected in (
        "Dana Applicant Smith",
        "Physician (MD/DO), license A123456, California",
        "Botulinum Toxin Injector Program",
        "Council for Aesthetic Education",
        "CAE-2001",
        "BTX-2026-000123",
        "1 March 2026",
        "1 March 2028",
    ):
        assert expected in text


def test_it_is_one_a4_landscape_page():
    reader = PdfReader(io.BytesIO(certificate_pdf(DATA, URL)))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 in points


def test_its_qr_code_decodes_to_the_verification_url():
    assert qr_codes(certificate_pdf(DATA, URL)) == [URL]


def test_the_same_data_renders_the_same_bytes():
    # A re-render of a lost file must match the SHA-256 recorded at issue.
    assert certificate_pdf(DATA, URL) == certificate_pdf(DATA, URL)


def test_it_prints_markup_in_a_name_as_text():
    text = pdf_text(certificate_pdf({**DATA, "holder_name": "<img src='http://x/'>Eve"}, URL))

    assert "<img src='http://x/'>Eve" in text
