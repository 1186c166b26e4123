"""How each session of the instructor's verification queue reads as a row of its page.

The cells are worked out here, once per row, and the template only prints them: per row, a
`{% url %}`, two `date` filters, the cohort's and program's names and a loop over the areas
through the template's lookups cost most of the page on the busiest instructor's queue."""

from django.urls import reverse

from accounts.listing import RowDates

from .models import HandsOnSession


def verification_rows(sessions: list[HandsOnSession]) -> list[dict]:
    dates = RowDates()
    return [
        {
            "pk": session.pk,
            "submitted": dates.minute(session.submitted_at),
            "trainee": session.enrollment.applicant.full_legal_name,
            "cohort": str(session.enrollment.cohort),
            "performed": dates.day(session.performed_on),
            "role": session.get_trainee_role_display(),
            "correction": session.replaces_id is not None,
            "areas": ", ".join(item.area.name for item in session.areas.all()),
            "url": reverse("programs:review_session", args=[session.pk]),
        }
        for session in sessions
    ]
