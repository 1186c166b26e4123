"""Refuse an oversized request body before anything reads it."""

from django.conf import settings
from django.http import HttpResponse


class RequestBodyLimitMiddleware:
    """413 for a declared Content-Length over REQUEST_BODY_MAX_SIZE, without reading the body.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams file uploads to disk
    however large they are, and gunicorn has no body limit: a 300 MB upload was read in full
    before the form said "at most 10 MB". First in MIDDLEWARE, so CSRF and sessions never
    touch the body. (A chunked body has no Content-Length; Django reads none of it.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length.", status=400, content_type="text/plain")
        if declared > settings.REQUEST_BODY_MAX_SIZE:
            limit = settings.REQUEST_BODY_MAX_SIZE // (1024 * 1024)
            response = HttpResponse(
                f"The request is too large: the limit is {limit} MB.",
                status=413,
                content_type="text/plain",
            )
            # The client may still be sending; tell it this connection ends here.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
