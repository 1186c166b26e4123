"""The PDF is a pure function of the frozen data: read back, it says what it must."""

import hashlib
import io
import os
import subprocess
import sys
from datetime import date

from django.conf import settings
from pypdf import PdfReader

from certification import documents
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


FRESH_PROCESS_RENDER = """
import hashlib, sys, django
django.setup()
from certification import documents
from certification.documents import certificate_pdf
from certification.tests.test_certificate_renderer import DATA, URL
sys.stdout.write(hashlib.sha256(certificate_pdf(DATA, URL)).hexdigest())
"""


def test_a_worker_renders_the_same_bytes_however_many_certificates_it_rendered_before():
    # Fonts and the parsed stylesheet stay in the worker between renders: nothing of an earlier
    # certificate may reach a later one's bytes, or a re-render elsewhere would not match.
    certificate_pdf({**DATA, "holder_name": "Ångström O'Neil-Žižek", "number": "X-1"}, URL + "x/")
    warm = hashlib.sha256(certificate_pdf(DATA, URL)).hexdigest()

    fresh = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS_RENDER],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "certification.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert fresh.returncode == 0, fresh.stderr
    assert fresh.stdout == warm


def test_the_drawings_kept_by_the_process_draw_what_their_first_drawing_did():
    # The first render draws the seal and the corners and keeps their drawings; the next ones
    # write them again.
    documents._drawings.clear()

    first, second = certificate_pdf(DATA, URL), certificate_pdf(DATA, URL)

    assert first == second
    assert set(documents._drawings) == {"seal:2026", "ornament:corners"}
    assert all(kept._drawings for kept in documents._drawings.values())


# Pages of different shapes: names and programs long enough to take the smaller sizes, a name
# only the HTML parser reads (a control character), a signed page, another year's seal.
SHAPES = [
    DATA,
    {**DATA, "holder_name": "Bartholomew Alexander Fitzgerald-Montgomery III"},
    {**DATA, "holder_name": "Maximiliana Okonkwo-Hernandez", "program_name": "A" * 41 + " B"},
    {**DATA, "holder_name": "Zoë \x07 Ñúñez <b>&amp;</b>"},
    {**DATA, "director_name": "Dr. Helen Marsh", "director_title": "Medical Director"},
    {**DATA, "issued_on": date(2027, 1, 4), "expires_on": date(2029, 1, 4)},
]


def test_the_styles_kept_between_renders_give_the_bytes_of_a_render_without_them():
    # Each page rendered alone (no kept style), then all in turn, in an order that puts every
    # shape after others: the kept styles must change no byte of any of them.
    alone = []
    for data in SHAPES:
        documents._kept_styles.clear()
        alone.append(certificate_pdf(data, URL))

    documents._kept_styles.clear()
    in_turn = [certificate_pdf(data, URL) for data in reversed(SHAPES)][::-1]
    again = [certificate_pdf(data, URL) for data in SHAPES]

    assert in_turn == alone
    assert again == alone


def test_a_render_takes_the_styles_an_earlier_render_of_the_same_page_computed():
    documents._kept_styles.clear()
    certificate_pdf(DATA, URL)
    kept = dict(documents._kept_styles)

    certificate_pdf({**DATA, "holder_name": "Ann Lee", "number": "BTX-2026-000124"}, URL)

    assert kept  # the page's styles are kept...
    assert documents._kept_styles == kept  # ...and the next page computed none of its own


def test_each_issue_year_has_its_own_seal():
    later = {**DATA, "issued_on": date(2027, 1, 4), "expires_on": date(2029, 1, 4)}

    assert certificate_pdf(later, URL) != certificate_pdf(
        {**later, "issued_on": DATA["issued_on"]}, URL
    )
    assert {"seal:2026", "seal:2027"} <= set(documents._drawings)


def test_it_prints_markup_in_a_name_as_text():
    text = pdf_text(certificate_pdf({**DATA, "holder_name": "<img src='http://x/'>Eve"}, URL))

    assert "<img src='http://x/'>Eve" in text
