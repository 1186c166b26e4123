"""`{{ text|question_text }}`: a stored question text as HTML, its line breaks kept and its
image tokens (`[image:<sha256> alt]`) shown through the permission-checked image view."""

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ..services.written_import.images import TOKEN

register = template.Library()


@register.filter
def question_text(text: str):
    out, last = [], 0
    text = text or ""
    for match in TOKEN.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(
            format_html(
                '<img src="{}" alt="{}" class="img-fluid d-block my-2" loading="lazy">',
                reverse("exams:written_question_image", args=[match.group(1)]),
                match.group(2) or "",
            )
        )
        last = match.end()
    out.append(escape(text[last:]))
    # Every piece above is escaped or built by format_html.
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308
