"""The certificate page as WeasyPrint reads it: by the XML parser, with the page's own user-agent
stylesheet (certification/documents.py), and still exactly what the HTML parser and WeasyPrint's
own stylesheet would have given."""

import re
from xml.etree.ElementTree import ParseError

import pytest
import tinyhtml5
from defusedxml.ElementTree import fromstring
from django.template.loader import render_to_string

from certification import documents
from certification.documents import certificate_html, certificate_pdf, read_page

from .test_certificate_layout import SIGNED
from .test_certificate_renderer import DATA, URL

HOSTILE = {
    **DATA,
    "holder_name": "<img src='x'> Ångström & O'Neil \"Žižek\" ]]> <!-- -->",
    "provider": "A & B <Institute>",
}


def _elements(root) -> list[tuple]:
    """Each element in document order: its tag, attributes and the text it holds (runs of
    whitespace as one space: both parsers' whitespace between elements lays out as nothing)."""

    def squeeze(text):
        return re.sub(r"\s+", " ", text or "").strip()

    return [
        (element.tag, dict(element.attrib), squeeze(element.text), squeeze(element.tail))
        for element in root.iter()
    ]


@pytest.mark.parametrize("data", [DATA, SIGNED, HOSTILE], ids=["plain", "signed", "hostile"])
def test_the_xml_parser_reads_the_page_as_the_html_parser_does(data):
    page = certificate_html(data, URL)

    fromstring(page)  # well-formed: the fast path is the one taken
    assert _elements(read_page(page)) == _elements(
        tinyhtml5.parse(page, namespace_html_elements=False)
    )


def test_a_name_the_xml_parser_refuses_is_read_by_the_html_parser_and_rendered():
    # XML forbids most control characters; a name carrying one must still be issued.
    data = {**DATA, "holder_name": "Dana\x0bSmith"}
    page = certificate_html(data, URL)
    with pytest.raises(ParseError):
        fromstring(page)

    assert "Dana\x0bSmith" in "".join(read_page(page).itertext())
    assert certificate_pdf(data, URL).startswith(b"%PDF-")


def test_the_page_user_agent_stylesheet_names_every_element_the_template_uses():
    tags = {element.tag for element in read_page(certificate_html(SIGNED, URL)).iter()}
    user_agent = render_to_string(documents.PAGE_UA_STYLESHEET)
    named = set(
        re.findall(
            r"(?<![\w-])([a-z][a-z0-9]*)(?=[\s,{])",
            re.sub(r"/\*.*?\*/", "", user_agent, flags=re.S),
        )
    )

    # Inline by default and unstyled by WeasyPrint's sheet: nothing to say of them.
    assert tags - named <= {"span"}


def test_the_page_renders_as_with_weasyprints_own_html_reading_and_stylesheet():
    # Same text where it was: the page's stylesheet leaves out only what the page never uses.
    from weasyprint import HTML

    fonts, stylesheet, fetcher, _ = documents._renderer()
    page = certificate_html(SIGNED, URL)
    ours = certificate_pdf(SIGNED, URL)  # and the process keeps the drawings WeasyPrint takes
    urls = (documents.seal_url(SIGNED), documents.CORNERS_URL)
    images = {url: documents._drawings[url] for url in urls}
    stock = HTML(string=page, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], font_config=fonts, cache=images
    )

    assert _text_positions(ours) == _text_positions(stock)


def _text_positions(content: bytes) -> list[tuple]:
    import io

    from pypdf import PdfReader

    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append(
                (text.strip(), round(tm[4] * cm[0] + cm[4], 1), round(tm[5] * cm[3] + cm[5], 1))
            )

    PdfReader(io.BytesIO(content)).pages[0].extract_text(visitor_text=visit)
    return runs
