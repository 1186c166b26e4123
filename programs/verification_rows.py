"""How each session of the instructor's verification queue reads as a row of its page.

The cells are worked out here, once per row, from plain rows (selectors.verification_queue_rows)
and the template only prints them: per row, a `{% url %}`, two `date` filters, the cohort's and
program's names and a loop over the areas through the template's lookups cost most of the page
on the busiest instructor's queue."""

from django.urls import reverse

from accounts.listing import RowDates

from . import selectors
from .models import HandsOnSession

ROLES = dict(HandsOnSession.Role.choices)


def verification_rows(sessions: list[dict]) -> list[dict]:
    dates = RowDates()
    areas = selectors.area_names_of_sessions(session["pk"] for session in sessions)
    return [
        {
            "pk": session["pk"],
            "submitted": dates.minute(session["submitted_at"]),
            "trainee": session["trainee"],
            "cohort": f"{session['program']} · {session['cohort']}",  # as str(cohort) reads
            "performed": dates.day(session["performed_on"]),
            "role": ROLES.get(session["trainee_role"], session["trainee_role"]),
            "correction": session["replaces_id"] is not None,
            "areas": ", ".join(areas.get(session["pk"], ())),
            "url": reverse("programs:review_session", args=[session["pk"]]),
        }
        for session in sessions
    ]
