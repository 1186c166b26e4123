"""The API's plumbing: key authentication, scopes, per-key throttling, JSON errors, the call
log, and cursor pagination. Every /api/v1/ view derives from `PartnerAPIView`."""

import hmac
import logging
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .models import KEY_PREFIX_LENGTH, ApiCall, PartnerKey, hash_key

log = logging.getLogger(__name__)
HEADER_PREFIX = "Api-Key "


class KeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <key>`. The request's `auth` is the PartnerKey; there is no
    user (partners are not people who sign in)."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith(HEADER_PREFIX):
            return None
        key = header.removeprefix(HEADER_PREFIX).strip()
        prefix = key[:KEY_PREFIX_LENGTH]
        row = (
            PartnerKey.objects.select_related("partner").filter(prefix=prefix).first()
            if len(key) > KEY_PREFIX_LENGTH
            else None
        )
        if row is None or not hmac.compare_digest(row.key_hash, hash_key(key)):
            raise exceptions.AuthenticationFailed("This API key is not valid.", "invalid_key")
        if row.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This API key was revoked.", "revoked_key")
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser(), row

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) when the key is missing or wrong.
        return "Api-Key"


class KeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.rest.KeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`, as shown once when a program admin made the key.",
        }


class HasKey(BasePermission):
    message = "Send your API key as `Authorization: Api-Key <key>`."
    code = "not_authenticated"

    def has_permission(self, request, view):
        if not isinstance(request.auth, PartnerKey):
            raise exceptions.NotAuthenticated(self.message, self.code)
        scopes = getattr(view, "required_scopes", None)
        if scopes is not None and request.auth.scope not in scopes:
            raise exceptions.PermissionDenied(
                "This API key's scope does not cover this endpoint.", "out_of_scope"
            )
        return True


class KeyRateThrottle(SimpleRateThrottle):
    """Requests per key (settings.API_RATE_PER_KEY). The count lives in the cache; when the
    cache is down the call is let through and logged, never a 500."""

    def get_rate(self):
        return settings.API_RATE_PER_KEY

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, PartnerKey):
            return None
        return f"api-throttle:{request.auth.pk}"

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:
            log.warning("API throttle cache unavailable; request allowed", exc_info=True)
            return True


def exception_handler(exc, context):
    """Every error as {"code": ..., "message": ...} (and "fields" for invalid input)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.", "not_found")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        log.exception("Unhandled API error", exc_info=exc)
        return Response(
            {"code": "server_error", "message": "The server could not answer this request."},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    if isinstance(exc, exceptions.ValidationError):
        body = {"code": "invalid", "message": "The request is not valid.", "fields": detail}
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = {"code": codes if isinstance(codes, str) else "error", "message": str(detail)}
    response.data = body
    return response


class Cursor(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "id"


class PartnerAPIView(APIView):
    """Authenticated by key, throttled per key, logged; `required_scopes` None: any key."""

    authentication_classes = [KeyAuthentication]
    permission_classes = [HasKey]
    throttle_classes = [KeyRateThrottle]
    required_scopes: tuple | None = None

    def initial(self, request, *args, **kwargs):
        self._started = time.monotonic()
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(request, "_auth", None)
        started = getattr(self, "_started", time.monotonic())
        try:
            ApiCall.objects.create(
                key=key if isinstance(key, PartnerKey) else None,
                method=request.method[:8],
                path=request.path[:255],
                status=response.status_code,
                duration_ms=int((time.monotonic() - started) * 1000),
            )
        except Exception:  # the log must not turn an answer into a 500
            log.exception("Could not log an API call")
        response["Cache-Control"] = "no-store"
        return response
