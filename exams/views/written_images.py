"""Images of question texts, served from the private storage after an access check."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from ..access.written_images import image_for_user


@require_GET
@login_required
def question_image(request, sha256: str):
    image = image_for_user(request.user, sha256)
    response = FileResponse(image.file.open("rb"), content_type=image.content_type)
    # Private: only this person may see it, so no shared cache keeps a copy.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
