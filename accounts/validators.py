import re

import filetype
from django.core.exceptions import ValidationError
from PIL import Image

# Checked by content (magic bytes), never by the name or the browser's claimed type.
ALLOWED_DOCUMENT_TYPES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def check_document(upload) -> str:
    """Validate an uploaded document and return its real content type."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is 10 MB. "
            "Scan at a lower resolution or as a PDF."
        )
    if upload.size == 0:
        raise ValidationError("The file is empty.")
    upload.seek(0)
    kind = filetype.guess(upload.read(262))
    upload.seek(0)
    content_type = kind.mime if kind else None
    if content_type not in ALLOWED_DOCUMENT_TYPES:
        raise ValidationError("Upload a PDF, PNG or JPEG file; this file is not one of those.")
    if content_type != "application/pdf":
        try:
            with Image.open(upload) as image:
                image.verify()
        except Exception as error:
            raise ValidationError("This image is damaged or incomplete; scan it again.") from error
        finally:
            upload.seek(0)
    return content_type


def npi_check_digit(first_nine: str) -> int:
    """Luhn check digit of an NPI: computed over the 80840 prefix and the first nine digits."""
    total = 0
    for position, char in enumerate(reversed("80840" + first_nine)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def validate_npi(value: str) -> None:
    if not re.fullmatch(r"\d{10}", value):
        raise ValidationError("An NPI number is exactly 10 digits.")
    if npi_check_digit(value[:9]) != int(value[9]):
        raise ValidationError("This NPI number fails its check digit; check it for a typo.")
