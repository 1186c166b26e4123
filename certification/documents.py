"""The certificate PDF, rendered as a pure function: frozen data and the verification URL in,
PDF bytes out. Nothing is fetched: the QR code is an inline PNG, the seal is made here and the
fonts are the system's.

What does not change from one certificate to the next is prepared once per worker process
(`_renderer`): the stylesheet (templates/certification/certificate_pdf.css), parsed, and
WeasyPrint's font configuration, whose Pango font map keeps the fonts it has loaded and
measured. Made again for every certificate they were a third of a render in a burst. The
page's two drawings, the seal of each issue year and the corner ornaments, are kept drawn too
(`_KeptDrawing`). None of them keeps anything of a certificate,
so a process's first render and its thousandth give the same bytes (a test renders in a fresh
process to show it).

The page itself is WeasyPrint's HTML document made by `_page_class`: the template writes
well-formed XHTML, which Python's XML parser reads in a fraction of the HTML parser's time
(`read_page`), and the page's own short user-agent stylesheet replaces WeasyPrint's HTML one,
whose ~300 rules were matched against every element of every certificate. With the two font
faces of the stylesheet instead of four, a render went from ~44 to ~33 ms of CPU (p10 of 200,
side by side, 2026-12-03). Its elements take the computed styles earlier renders computed
(`_share_kept_styles`): ~26 -> ~20 ms on a faster machine (p10 of 100, 2026-12-03)."""

import base64
import functools
import io
import logging
import threading
from datetime import date

from django.template.loader import render_to_string

from .seal import seal

CERTIFICATE_TEMPLATE = "certification/certificate_pdf.html"
CERTIFICATE_STYLESHEET = "certification/certificate_pdf.css"
# What WeasyPrint's HTML user-agent stylesheet says of the elements the page uses (tests check
# that it names every element the template uses and that the text lands where WeasyPrint's own
# sheet puts it).
PAGE_UA_STYLESHEET = "certification/certificate_ua.css"
SEAL_TEMPLATE = "certification/certificate_seal.svg"
# The seal's image address in the page, e.g. "seal:2026": always in the render's image cache.
SEAL_SCHEME = "seal:"
# The corner ornaments' address in the stylesheet (.inner's background), likewise.
CORNERS_URL = "ornament:corners"
CORNERS_TEMPLATE = "certification/certificate_corners.svg"

log = logging.getLogger(__name__)


def qr_png(url: str) -> bytes:
    """The URL as a QR code (medium error correction survives a photocopy): a PNG of one pixel
    per module with the 4-module quiet zone. The stylesheet draws it 27 mm wide with
    `image-rendering: pixelated`, so the PDF shows the same sharp squares a bigger bitmap
    gave; a bigger bitmap only made every render encode, decode and compress more pixels.
    zxing-cpp encodes it (choosing the mask by the standard's penalty rules, as the pure-Python
    encoder did) in well under a millisecond; the pure-Python one took ~15 ms. Grey, not
    one-bit: WeasyPrint embeds a grey PNG's data as it is, and converted a one-bit one to RGB
    and encoded it again at every render."""
    import zxingcpp
    from PIL import Image

    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    bitmap = code.to_image(scale=1, add_quiet_zones=True)
    height, width = bitmap.shape
    buffer = io.BytesIO()
    Image.frombytes("L", (width, height), bytes(memoryview(bitmap))).save(buffer, format="PNG")
    return buffer.getvalue()


def qr_data_uri(url: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(url)).decode("ascii")


def certificate_stylesheet() -> str:
    return render_to_string(CERTIFICATE_STYLESHEET)


def seal_url(snapshot: dict) -> str:
    """The seal carries the year of issue."""
    return SEAL_SCHEME + (f"{snapshot['issued_on']:%Y}" if snapshot.get("issued_on") else "")


def seal_svg(url: str) -> str:
    return render_to_string(SEAL_TEMPLATE, {"seal": seal(url.removeprefix(SEAL_SCHEME))})


def drawings(snapshot: dict) -> dict[str, str]:
    """The SVG of each drawing the page names by address (never fetched: see _KeptDrawing)."""
    url = seal_url(snapshot)
    return {url: seal_svg(url), CORNERS_URL: render_to_string(CORNERS_TEMPLATE)}


def certificate_html(snapshot: dict, verify_url: str) -> str:
    """The page WeasyPrint lays out (styled by `certificate_stylesheet()`)."""
    return render_to_string(
        CERTIFICATE_TEMPLATE,
        {
            "c": snapshot,
            "verify_url": verify_url,
            "qr": qr_data_uri(verify_url),
            "seal": seal_url(snapshot),
        },
    )


@functools.cache
def _renderer():
    """(font configuration, parsed stylesheet, URL fetcher, page class), made on a process's
    first render. WeasyPrint is imported here: loading Pango costs time at every start."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fonts = FontConfiguration()
    # Only data: URLs (the QR code): a template can never make the worker fetch anything.
    fetcher = URLFetcher(allowed_protocols={"data"})
    stylesheet = CSS(string=certificate_stylesheet(), font_config=fonts, url_fetcher=fetcher)
    user_agent = CSS(string=render_to_string(PAGE_UA_STYLESHEET), font_config=fonts)
    return fonts, stylesheet, fetcher, _page_class(user_agent)


def read_page(page: str):
    """The page's element tree, as WeasyPrint's HTML parser would build it: by the XML parser
    when the page is well-formed (the template writes XHTML, and escaped text stays so); by
    the HTML parser otherwise, e.g. for a control character in a name, which XML forbids."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(page)
    except (ParseError, DefusedXmlException):
        import tinyhtml5

        return tinyhtml5.parse(page, namespace_html_elements=False)


def _page_class(user_agent):
    import cssselect2
    from weasyprint import DEFAULT_OPTIONS, HTML
    from weasyprint.document import Document

    class CertificatePage(HTML):
        """WeasyPrint's HTML document, read by `read_page`, styled by the page's own user-agent
        stylesheet. Set up as `HTML.__init__` sets up a parsed page."""

        def __init__(self, page: str, url_fetcher):
            self.base_url = None  # nothing relative: the images are data: or kept addresses
            self.url_fetcher = url_fetcher
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                read_page(page), content_language=None
            )
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms=False):
            return [user_agent]

        def render(self, font_config=None, counter_style=None, color_profiles=None, **options):
            # As HTML.render does, with the document class below.
            options = {**DEFAULT_OPTIONS, **options}
            return CertificateDocument._render(
                self, font_config, counter_style, color_profiles, options
            )

    class CertificateDocument(Document):
        """WeasyPrint's document, its elements given the computed styles kept by the process."""

        @classmethod
        def _build_layout_context(cls, *args):
            context = super()._build_layout_context(*args)
            _share_kept_styles(context.style_for.get_computed_styles())
            return context

    return CertificatePage


# Shape -> computed style, for every style a process's renders computed (see _share_kept_styles).
_kept_styles = {}
# A page with a style attribute would bring new values, so new shapes, at every render.
KEPT_STYLES_LIMIT = 1000


def _share_kept_styles(styles: dict) -> None:
    """Give each element of a page the computed style an earlier render computed for the same
    shape: the same parent style (itself kept), pseudo-element and cascaded values.

    WeasyPrint computes a style's values lazily, property by property as the layout asks for
    them: ~2,500 values a certificate, a quarter of a render. Within a document it already shares
    one computed style between elements with the same parent style and matched declarations
    (`StyleFor.__init__`); the certificate's elements are the same from one certificate to the
    next, so the process shares them between documents too. A computed style holds nothing of
    its element or its document that layout reads: its parent's and its own cascaded values,
    the font configuration (the process's), and the page sizes for viewport units, which every
    certificate shares (A4 landscape). WeasyPrint copies a style before it changes it for one
    box. `styles` maps (element, pseudo-element) to computed style, parents first."""
    if len(_kept_styles) > KEPT_STYLES_LIMIT:
        _kept_styles.clear()
    kept_for = {}  # id(this render's style) -> the kept style that replaces it
    for key, style in styles.items():
        parent = None
        if style.parent_style is not None:
            parent = kept_for.get(id(style.parent_style))
            if parent is None:  # not among the page's elements: left as it is
                continue
        cascaded = tuple(
            (name, _as_key(value), weight) for name, (value, weight) in style.cascaded.items()
        )
        # id(parent) is safe: kept styles are only ever dropped all together.
        kept = _kept_styles.setdefault((id(parent), style.pseudo_type, cascaded), style)
        kept_for[id(style)] = kept
        styles[key] = kept


def _as_key(value):
    """A cascaded value as part of a shape: itself when hashable (the stylesheets' values are
    the same objects at every render, the lang attribute's an equal string), else its identity
    (a kept style keeps its values, so an identity is never reused while it is kept)."""
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return value


class _KeptDrawing:
    """One of the page's SVG drawings (the seal of an issue year, the corner ornaments) as an
    image WeasyPrint draws, kept by the process with what its drawing wrote, which later renders
    write again as it is: WeasyPrint parses an SVG's paths at every drawing (the seal's ~600
    points were a fifth of a render).

    It is drawn into a form of its own (a PDF XObject, as WeasyPrint draws an SVG with
    opacity): its operators and the graphics states they name (the opacities) depend only on
    the image and its size, never on the page around it, so a first drawing and a kept one give
    the same bytes. WeasyPrint takes it from its image cache (`write_pdf(cache=...)`, keyed by
    the address the page names, `seal:<year>` or `ornament:corners`, so it is never fetched)
    and calls it as it calls its own images: the size for the layout, then `draw`. A process
    renders one certificate at a time (`certificate_pdf`)."""

    def __init__(self, url: str, svg: str):
        from xml.etree import ElementTree

        from weasyprint.images import SVGImage

        svg = ElementTree.fromstring(svg)  # noqa: S314 (our templates and numbers)
        self._image = SVGImage(svg, url, None, None)
        self._drawings = {}  # (width, height) -> (operators, graphics states)

    def get_intrinsic_size(self, resolution, font_size):
        return self._image.get_intrinsic_size(resolution, font_size)

    def draw(self, stream, width, height, style):
        form = stream.add_group(0, 0, width, height)
        resources = form.extra["Resources"]
        kept = self._drawings.get((width, height))
        if kept is None:
            self._image.draw(form, width, height, style)
            # Kept only while the drawing names nothing but graphics states: a gradient or an
            # image would be an object of its own in each PDF.
            if not (resources["XObject"] or resources["Pattern"] or resources["Shading"]):
                self._drawings[(width, height)] = (list(form.stream), dict(resources["ExtGState"]))
        else:
            operators, states = kept
            form.stream.extend(operators)
            # Copies: each PDF writes its own dictionaries.
            resources["ExtGState"].update((name, type(s)(s)) for name, s in states.items())
        stream.draw_x_object(form.id)


# Address -> _KeptDrawing: the corners, and a seal per issue year a process renders.
_drawings: dict[str, _KeptDrawing] = {}
_one_render_at_a_time = threading.Lock()


def certificate_pdf(snapshot: dict, verify_url: str) -> bytes:
    """One A4 landscape page: holder, license, program and accreditation, dates, number, QR.

    `snapshot` holds the certificate's frozen data plus `number`, `issued_on` and `expires_on`
    (see services.render_data). The same input gives the same bytes: the PDF's creation date is
    the issue date, so a re-render by the same renderer reproduces the issued file and its SHA-256.
    """
    fonts, stylesheet, fetcher, page_class = _renderer()
    page = page_class(certificate_html(snapshot, verify_url), url_fetcher=fetcher)
    urls = (seal_url(snapshot), CORNERS_URL)
    # One render at a time in a process: the kept drawings and styles are shared by its renders
    # (a worker process runs one task at a time; a threaded development server may not).
    with _one_render_at_a_time:
        missing = [url for url in urls if url not in _drawings]
        if missing:
            svgs = drawings(snapshot)
            _drawings.update((url, _KeptDrawing(url, svgs[url])) for url in missing)
        # WeasyPrint's image cache for this render: the drawings; the QR code (one per
        # certificate) joins it and goes with it.
        images = {url: _drawings[url] for url in urls}
        return page.write_pdf(stylesheets=[stylesheet], font_config=fonts, cache=images)


def warm_up() -> None:
    """Load what every render shares (WeasyPrint and Pango, the two font faces, the stylesheet,
    the seal's outlines) by rendering a sample page: ~1.5 s of CPU that a worker process spends
    as it starts rather than in its first certificate. A failure is logged, not raised: the
    process still runs its other tasks, and a real render reports the error where it is
    retried and recorded."""
    today = date.today()
    sample = {
        "holder_name": "Sample Holder",
        "license_type": "Physician (MD/DO)",
        "license_number": "0",
        "jurisdiction": "Sample",
        "program_name": "Sample program",
        "provider": "Sample provider",
        "accreditation_body": "Sample body",
        "accreditation_number": "0",
        "director_name": "Sample Director",
        "number": "SAMPLE",
        "issued_on": today,
        "expires_on": today,
    }
    try:
        certificate_pdf(sample, "https://example.invalid/verify/sample/")
    except Exception:
        log.exception("Could not load the certificate renderer; the first render will try again")


OPEN_BADGES_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def open_badge_credential(
    data: dict, *, verify_url: str, issuer_url: str, issuer_name: str, achievement_id: str
) -> dict:
    """The certificate as an Open Badges 3.0 `OpenBadgeCredential` (JSON-LD).

    Unsigned: it carries no `proof`, so a wallet cannot verify it cryptographically; its `id` is
    the public verification page, which is where its status (valid, expired, suspended,
    revoked) is checked. Signing (a JWT or Data Integrity proof with the issuer's key) is
    the step a fuller implementation would add. `data` is services.render_data().
    """
    return {
        "@context": OPEN_BADGES_CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{data['program_name']} certificate {data['number']}",
        "issuer": {"id": issuer_url, "type": ["Profile"], "name": issuer_name, "url": issuer_url},
        "validFrom": f"{data['issued_on'].isoformat()}T00:00:00Z",
        "validUntil": f"{data['expires_on'].isoformat()}T23:59:59Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": data["holder_name"],
                }
            ],
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": data["program_name"],
                "description": (
                    f"Completion of {data['program_name']} ({data['provider']}), accredited by "
                    f"{data['accreditation_body']} under {data['accreditation_number']}."
                ),
                "criteria": {
                    "narrative": (
                        "A verified medical license; every theory module; the program's "
                        "supervised hands-on minimums; a passed written and practical exam."
                    )
                },
            },
        },
        "credentialSchema": [
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                "ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
    }
