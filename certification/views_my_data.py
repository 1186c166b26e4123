"""The person's own copy of their data."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .data_export import export_personal_data


@login_required
def my_data(request):
    if request.method != "POST":
        return render(request, "certification/my_data.html")
    content = export_personal_data(person=request.user)
    response = HttpResponse(content, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
