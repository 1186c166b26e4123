"""A license change suspends or restores certificates without touching them: their public status
is read from the holder's licenses (Certificate.public_status). This watcher makes that change
visible as a certificate event: it reads the holder's certificates before and after the license
change (accounts.events.standing_may_change) and writes one audit entry per certificate whose
public status moved, `certificate.suspended` or `certificate.unsuspended`.

Why audit entries rather than publishing to the webhook outbox directly: every certificate
event partners receive already comes from the certificate's audit entry (api/outbox.py listens
to them in the same transaction), so there stays one way in; and the change then shows in the
audit trail and the person's file like every other certificate change, with who caused it.
"""

from datetime import date

from django.utils import timezone

from accounts import audit

from .models import Certificate

PublicStatus = Certificate.PublicStatus


def _in_force(applicant) -> list[Certificate]:
    # Two queries: the certificates that can be valid or suspended, and the holder's licenses.
    return list(
        Certificate.objects.filter(holder=applicant, status=Certificate.Status.ISSUED)
        .select_related("holder")
        .prefetch_related("holder__medical_licenses")
    )


def watch_standing(*, applicant, as_of: date | None = None):
    before = {c.pk: c.public_status(as_of) for c in _in_force(applicant)}

    def finish(*, actor, cause: str) -> None:
        if not before:
            return  # no certificate in force: nothing a license change can move
        today = timezone.localdate()
        for certificate in _in_force(applicant):
            was, now = before.get(certificate.pk), certificate.public_status(today)
            if was == now or was is None:
                continue
            if now == PublicStatus.SUSPENDED:
                action = "certificate.suspended"
            elif was == PublicStatus.SUSPENDED and now == PublicStatus.VALID:
                action = "certificate.unsuspended"
            else:
                continue  # its own dates moved it (expired): not this change's doing
            audit.record(
                actor=actor,
                action=action,
                target=certificate,
                from_state=was,
                to_state=now,
                reason=f"Follows {cause} (the holder's license).",
                data={"cause": cause},
            )

    return finish
