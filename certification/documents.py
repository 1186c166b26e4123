"""The certificate PDF, rendered as a pure function: frozen data and the verification URL in,
PDF bytes out. Nothing is fetched: the QR code is an inline PNG and fonts are the system's."""

import base64
import io

import qrcode
from django.template.loader import render_to_string

from .seal import seal


def qr_data_uri(url: str) -> str:
    """The URL as a QR code, a PNG data URI (medium error correction survives a photocopy)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def certificate_pdf(snapshot: dict, verify_url: str) -> bytes:
    """One A4 landscape page: holder, license, program and accreditation, dates, number, QR.

    `snapshot` holds the certificate's frozen data plus `number`, `issued_on` and `expires_on`
    (see services.render_data). The same input gives the same bytes: the PDF's creation date is
    the issue date, so a re-render reproduces the issued file and its SHA-256.
    """
    from weasyprint import HTML  # imported here: loading Pango costs time at every start
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        "certification/certificate_pdf.html",
        {
            "c": snapshot,
            "verify_url": verify_url,
            "qr": qr_data_uri(verify_url),
            "seal": seal(f"{snapshot['issued_on']:%Y}" if snapshot.get("issued_on") else ""),
        },
    )
    # Only data: URLs (the QR code): a template can never make the worker fetch anything.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


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
