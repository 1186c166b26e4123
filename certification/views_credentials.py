"""Signed credentials on the web: the issuer's keys and DID document under /.well-known/, the
status lists verifiers fetch, and the holder's download of their signed credential."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from . import credential_status, credentials, keys, selectors
from .models import Certificate


def _for_verifiers(response, *, max_age: int):
    # Wallets and verifiers fetch these from other origins, often from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


@require_GET
def jwks(request):
    """The issuer's public keys, current and retired, as a JWK set."""
    published = [keys.public_jwk(key) for key in keys.published_keys()]
    return _for_verifiers(JsonResponse({"keys": published}), max_age=300)


@require_GET
def did_document(request):
    """did:web resolves the issuer's DID to this document."""
    response = JsonResponse(credentials.did_document())
    return _for_verifiers(response, max_age=300)


@require_GET
def status_list(request, purpose: str, number: int):
    """A signed BitstringStatusListCredential, computed from the certificates (cached briefly)."""
    if purpose not in credential_status.PURPOSES or number >= credential_status.list_count():
        raise Http404("No such status list.")
    token = credential_status.signed_status_list(purpose, number)
    response = HttpResponse(token, content_type="application/vc+jwt")
    return _for_verifiers(response, max_age=settings.CREDENTIAL_STATUS_LIST_TTL)


@login_required
def signed_credential(request, pk):
    """The issued certificate as a signed Open Badges 3.0 credential (VC-JWT): to its holder
    and to program admins; a 404 for anyone else."""
    certificate = selectors.certificate_for_holder_or_admin(request.user, pk)
    if certificate.status != Certificate.Status.ISSUED:
        raise Http404("Only an issued certificate has a signed credential.")
    token = credentials.signed_credential(certificate)
    response = HttpResponse(token, content_type="application/jwt")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.jwt"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
