"""The product's URLs plus an empty page under base.html and a page that only reads
`request.user`: what the layout alone costs (tests, and scripts/measure_layout.py)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from certification.urls import urlpatterns as product_urlpatterns

EMPTY = engines["django"].from_string('{% extends "base.html" %}')


def empty_layout(request):
    return HttpResponse(EMPTY.render({}, request))


def user_only(request):
    return HttpResponse(f"{request.user.pk}", content_type="text/plain")


urlpatterns = [
    *product_urlpatterns,
    path("empty/", empty_layout),
    path("user-only/", user_only),
]
