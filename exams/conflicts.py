"""Flag an examiner's open assignments when they come to teach or supervise their candidate.

The programs app, below this one, cannot call the exams app; it changes a cohort's instructors in
several places (the staff form, the Django admin, the demo). So the exams app listens for the two
changes that make an examiner a teacher of a candidate, whichever path made them:
- a cohort gains an instructor (m2m_changed on Cohort.instructors);
- a hands-on session is saved with a supervisor.
Scoring re-checks the conflict itself; the flag is what lets an admin see it and reassign.
"""

from django.db.models.signals import m2m_changed, post_save

from programs.models import Cohort, Enrollment, HandsOnSession


def _flag(*, examiner_ids, candidate_ids, reason: str) -> None:
    from .services.practical.examday import flag_examiner_conflicts

    flag_examiner_conflicts(examiner_ids=examiner_ids, candidate_ids=candidate_ids, reason=reason)


def instructors_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action != "post_add" or not pk_set:
        return
    # reverse: user.teaching_cohorts.add(cohort, ...); else cohort.instructors.add(user, ...)
    examiner_ids, cohort_ids = ({instance.pk}, pk_set) if reverse else (pk_set, {instance.pk})
    candidate_ids = set(
        Enrollment.objects.filter(cohort_id__in=cohort_ids).values_list("applicant_id", flat=True)
    )
    if candidate_ids:
        _flag(
            examiner_ids=examiner_ids,
            candidate_ids=candidate_ids,
            reason="The examiner became an instructor of the candidate's cohort.",
        )


def session_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    if kwargs.get("raw") or not (created or (update_fields and "supervisor" in update_fields)):
        return
    _flag(
        examiner_ids={instance.supervisor_id},
        candidate_ids={instance.enrollment.applicant_id},
        reason="The examiner supervised a hands-on session of the candidate.",
    )


def connect() -> None:
    m2m_changed.connect(
        instructors_changed, sender=Cohort.instructors.through, dispatch_uid="exams.conflicts"
    )
    post_save.connect(session_saved, sender=HandsOnSession, dispatch_uid="exams.conflicts")
