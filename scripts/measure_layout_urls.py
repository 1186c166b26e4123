"""The product's URLs plus two measuring pages, for scripts/measure_layout.py only."""

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
