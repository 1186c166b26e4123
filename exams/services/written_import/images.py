"""Images in question texts: read from an imported file, checked by content, stored privately.

In the stored question text an image is the token `[image:<sha256> <alt text>]`: the hash
names the stored file (one file per content, shared by every question using it), the alt text
is what a screen reader says. The page turns the token into an `<img>` served by a
permission-checked view (`exams.views.written_images`); the exports turn it back into an image
of their format (a Moodle `<file>`, a GIFT data URI).
"""

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from accounts.errors import DomainError
from accounts.validators import check_document

from ...models.written_images import QuestionImage

TOKEN = re.compile(r"\[image:([0-9a-f]{64})(?: ([^\]\n]*))?\]")
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg"}


@dataclass(frozen=True)
class PendingImage:
    """An image read from a file and checked, not stored yet."""

    sha256: str
    content_type: str
    data: bytes


def check_image(data: bytes, *, where: str, name: str) -> PendingImage:
    """The accounts upload check (magic bytes, a Pillow verify, the size limit), and only
    images: a PDF passes that check but is not something to show inside a question."""
    upload = ContentFile(data, name=name)
    try:
        content_type = check_document(upload)
    except ValidationError as error:
        raise DomainError(f"{where}: the image {name!r} is refused: {error.messages[0]}") from error
    if content_type not in EXTENSIONS:
        raise DomainError(f"{where}: the image {name!r} is not a PNG or JPEG image.")
    return PendingImage(hashlib.sha256(data).hexdigest(), content_type, data)


def decode_base64(text: str, *, where: str, name: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise DomainError(f"{where}: the image {name!r} is not valid base64.") from error


def token(image: PendingImage, alt: str) -> str:
    alt = " ".join(alt.replace("]", ")").split())
    return f"[image:{image.sha256}{' ' + alt if alt else ''}]"


class _Reader(HTMLParser):
    """HTML to plain text: paragraphs and <br> become line breaks, <img> becomes a token."""

    BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self, resolve):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.resolve = resolve

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            attributes = dict(attrs)
            self.parts.append(
                self.resolve(attributes.get("src") or "", attributes.get("alt") or "")
            )
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        # In HTML a line break of the source is a space; only tags break lines.
        self.parts.append(" ".join(data.split()) if data.strip() else " " if data else "")
        if data[:1].isspace() and data.strip():
            self.parts.insert(-1, " ")
        if data[-1:].isspace() and data.strip():
            self.parts.append(" ")


def html_to_text(html: str, *, where: str, files: dict[str, bytes] | None = None):
    """(plain text, images) of an HTML text. An image is kept when the file carries it (a
    Moodle `<file>` named by `@@PLUGINFILE@@/name`, or a `data:` URI); an image the file only
    links to (another server) cannot be fetched and is refused, so nothing is lost silently."""
    images: list[PendingImage] = []

    def resolve(src: str, alt: str) -> str:
        src = unescape(src).strip()
        if src.startswith("data:"):
            header, _, payload = src.partition(",")
            if not header.endswith(";base64"):
                raise DomainError(f"{where}: an embedded image is not base64-encoded.")
            image = check_image(
                decode_base64(payload, where=where, name="embedded"), where=where, name="embedded"
            )
        elif src.startswith("@@PLUGINFILE@@/"):
            name = src.removeprefix("@@PLUGINFILE@@/")
            if files is None or name not in files:
                raise DomainError(f"{where}: the image {name!r} is not included in the file.")
            image = check_image(files[name], where=where, name=name)
        else:
            raise DomainError(
                f"{where}: the image {src[:80]!r} is a link, not included in the file; "
                "export the question with its images."
            )
        images.append(image)
        return token(image, alt)

    reader = _Reader(resolve)
    reader.feed(html)
    reader.close()
    return plain_lines("".join(reader.parts)), images


def plain_lines(text: str) -> str:
    """Spaces collapsed within each line, blank lines and the ends dropped."""
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def text_to_html(text: str, image_src) -> str:
    """A stored text as HTML for an export: escaped, line breaks as <br>, tokens as <img>
    whose src `image_src(sha256)` gives."""
    out, last = [], 0
    for match in TOKEN.finditer(text):
        out.append(escape(text[last : match.start()]))
        alt = escape(match.group(2) or "")
        out.append(f'<img src="{image_src(match.group(1))}" alt="{alt}">')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def hashes_in(text: str) -> list[str]:
    return [match.group(1) for match in TOKEN.finditer(text)]


def stored_images(hashes) -> dict[str, QuestionImage]:
    return {image.sha256: image for image in QuestionImage.objects.filter(sha256__in=set(hashes))}


def read_image(image: QuestionImage) -> bytes:
    with image.file.open("rb") as handle:
        return handle.read()


def store(images: list[PendingImage]) -> list[QuestionImage]:
    """Store each image once (by content); the rows, existing or new.

    The file is written at once, at a name made from its hash: if the import then fails and
    rolls back, the file stays unreferenced at that name and the next import of the same image
    uses it again instead of writing a copy."""
    rows = stored_images(image.sha256 for image in images)
    for image in images:
        if image.sha256 in rows:
            continue
        row = QuestionImage(
            sha256=image.sha256, content_type=image.content_type, size=len(image.data)
        )
        storage = row.file.storage
        name = row.file.field.generate_filename(row, "image")
        if not storage.exists(name):
            name = storage.save(name, ContentFile(image.data))
        row.file.name = name
        row.save()
        rows[image.sha256] = row
    return [rows[image.sha256] for image in images]
