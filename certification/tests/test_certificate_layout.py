"""The certificate reads as a framed credential: the holder's name is the largest line, the
program director signs it, the seal and the corner ornaments are drawn (no image but the QR
code), landscape, one page."""

import io

from pypdf import PdfReader

from certification.documents import certificate_pdf

from .certificates import pdf_text, qr_codes
from .test_certificate_renderer import DATA, URL

SIGNED = {**DATA, "director_name": "Dr. Helen Marsh, MD", "director_title": "Medical Director"}


def _lines_by_size(content: bytes) -> list[tuple[float, str]]:
    """(printed size in points, text) of each line, the largest first."""
    page = PdfReader(io.BytesIO(content)).pages[0]
    lines = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            lines.append((round(size * tm[3] * cm[3], 1), text.strip()))

    page.extract_text(visitor_text=visit)
    return sorted(lines, key=lambda line: -line[0])


def test_the_holders_legal_name_is_the_largest_line():
    lines = _lines_by_size(certificate_pdf(SIGNED, URL))

    largest_size, largest_text = lines[0]
    assert largest_text == "Dana Applicant Smith"
    assert all(size < largest_size for size, text in lines[1:])


def test_it_carries_the_program_directors_name_and_title_on_the_signature_line():
    text = pdf_text(certificate_pdf(SIGNED, URL))

    assert "Dr. Helen Marsh, MD" in text
    assert "Medical Director, Institute of Aesthetic Medicine" in text


def test_a_certificate_frozen_before_directors_were_set_still_renders_a_signature_line():
    text = pdf_text(certificate_pdf(DATA, URL))  # no director in the snapshot

    assert "Program Director, Institute of Aesthetic Medicine" in text


def test_the_seal_is_drawn_and_the_only_image_is_the_qr_code():
    content = certificate_pdf(SIGNED, URL)
    page = PdfReader(io.BytesIO(content)).pages[0]

    assert len(page.images) == 1
    assert qr_codes(content) == [URL]


GOLD = b"0.658824 0.513725 0.184314 rg"


def _drawn_shapes(resources) -> list[list[bytes]]:
    """Each filled shape of every form the page draws (nested ones too), as its operators."""
    shapes = []
    for ref in (resources.get("/XObject") or {}).values():
        form = ref.get_object()
        if form.get("/Subtype") == "/Form":
            for part in form.get_data().split(b"\nq\n"):
                shapes.append(part.split(b"\n"))
            shapes += _drawn_shapes(form.get("/Resources") or {})
    return shapes


def test_the_four_gold_corner_ornaments_are_drawn():
    page = PdfReader(io.BytesIO(certificate_pdf(SIGNED, URL))).pages[0]

    corners = [
        shape
        for shape in _drawn_shapes(page["/Resources"])
        if GOLD in shape and sum(op.endswith(b" l") for op in shape) == 5  # an L: six corners
    ]
    assert len(corners) == 4


def test_it_stays_one_landscape_page_with_a_long_name_and_program():
    long = {
        **SIGNED,
        "holder_name": "Maximiliana Alexandra Featherstonehaugh-Montgomery",
        "program_name": "Advanced Botulinum Toxin and Dermal Filler Injector Program",
    }
    content = certificate_pdf(long, URL)
    reader = PdfReader(io.BytesIO(content))

    assert len(reader.pages) == 1
    assert _lines_by_size(content)[0][1].startswith("Maximiliana Alexandra")
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
