"""Versions that say when a pathway may have changed: what lets the dashboard keep its answer.

The pathway (certification/pathway.py) is worked out from some twenty tables; the dashboard keeps
its answer in the cache (certification/pathway_cache.py), tagged with two tokens read from the
database:
- the applicant's `User.pathway_version`, loaded with the signed-in user (no query), replaced by
  any change to the applicant's own records (license, credentials, enrollment, theory, sessions,
  attempts, sittings, certificates);
- the catalogue version (`ReadModelVersion` "pathway-catalogue"), replaced by any change to what
  everyone's pathway reads (programs, cohorts, modules, requirements, exams, jurisdiction rules).
Both are replaced in the transaction of the change, so a cached answer is used only while nothing
it was worked out from has changed; a miss simply works the pathway out again.

Model receivers (certification/pathway_cache.py) cover saves and deletes from every path (services,
back-office, shell); services that write an input with a queryset `update()` call
`applicants_changed` themselves, in this bottom app so that every layer can.
"""

from django.db.models import Q

from .models import ReadModelVersion, User, new_version_token

CATALOGUE = "pathway-catalogue"


def applicants_changed(user_ids=None, *, where: Q | None = None) -> None:
    """The pathway of these applicants may have changed: by ids, or by a condition on the user
    (`Q(enrollments=enrollment_id)`) when the ids are not at hand. One UPDATE."""
    if where is None:
        user_ids = {pk for pk in (user_ids or ()) if pk is not None}
        if not user_ids:
            return
        where = Q(pk__in=user_ids)
    User.objects.filter(where).update(pathway_version=new_version_token())


def catalogue_changed() -> None:
    """Something every pathway reads changed (a program, a module, a rule). One UPDATE."""
    updated = ReadModelVersion.objects.filter(name=CATALOGUE).update(version=new_version_token())
    if not updated:
        ReadModelVersion.objects.get_or_create(name=CATALOGUE)


def catalogue_version() -> int:
    """The catalogue's token (one query; 0 while the row is missing, as after a flush: the
    applicants' own random tokens still keep apart the answers of different databases)."""
    row = ReadModelVersion.objects.filter(name=CATALOGUE).values_list("version", flat=True)
    return row.first() or 0
