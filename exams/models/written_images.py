"""Images of question texts, kept from imported files.

An image is stored once per content (its SHA-256 names it), in the private storage, and a
question's text refers to it by a token `[image:<sha256> <alt text>]` (see
`exams.services.written_import.images`). The token holds the hash, not a row id, so a question
exported and imported into another bank reads the same. It is served only through a
permission-checked view: to program admins, and to candidates whose attempt drew a question
that uses it (`questions`).
"""

from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

from .written import Question

__all__ = ["QuestionImage"]


def _private_storage():
    # A callable, so tests that swap the private storage's location see the new one.
    return storages["private"]


def _image_path(instance, filename: str) -> str:
    extension = {"image/png": "png", "image/jpeg": "jpg"}.get(instance.content_type, "bin")
    return f"question-images/{instance.sha256[:2]}/{instance.sha256}.{extension}"


class QuestionImage(models.Model):
    sha256 = models.CharField(max_length=64, unique=True)
    file = models.FileField(storage=_private_storage, upload_to=_image_path, max_length=200)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    questions = models.ManyToManyField(Question, related_name="images", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.sha256[:12]
