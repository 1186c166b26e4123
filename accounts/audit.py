from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry, User


def record(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Write one audit entry. Call it inside the transaction of the change it records."""
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )
