from django.contrib.contenttypes.models import ContentType
from django.db import models

from .actors import Actor, is_system
from .models import AuditEntry, User

# How an audit entry finds the person a record is about, by field name, so that this bottom
# layer never names a later app's models: a record points at its person directly (a license's
# applicant, a certificate's holder, a sitting's candidate) or through the record it belongs to
# (a session's enrollment, an examiner assignment's sitting).
SUBJECT_FIELDS = ("applicant", "holder", "candidate", "appellant")
PARENT_FIELDS = ("enrollment", "session", "sitting", "assignment", "attempt")


def subject_id_of(target: models.Model, depth: int = 0) -> int | None:
    if isinstance(target, User):
        return target.pk
    names = {field.name for field in target._meta.concrete_fields}
    for name in SUBJECT_FIELDS:
        if name in names and target._meta.get_field(name).related_model is User:
            return getattr(target, f"{name}_id")
    if depth < 3:
        for name in PARENT_FIELDS:
            if name in names and getattr(target, f"{name}_id", None) is not None:
                return subject_id_of(getattr(target, name), depth + 1)
    return None


def record(
    *,
    actor: Actor,
    action: str,
    target: models.Model,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Write one audit entry. Call it inside the transaction of the change it records.

    The system actor (accounts/actors.py) is stored as no person, with its label in `data`."""
    data = dict(data or {})
    if is_system(actor):
        data["actor"] = actor.label
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        subject_id=subject_id_of(target),
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
    )
