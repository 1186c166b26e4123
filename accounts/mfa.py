"""Two-factor sign-in for staff: who must have a second factor, the gate that sends them to set
one up, and the admin's reset for someone who lost theirs.

allauth.mfa does the factors themselves (an authenticator app, security keys and passkeys,
recovery codes) and asks for the second factor at sign-in once one exists. It has no notion of
"required": that is this module. Under MFA_REQUIRED_FOR_STAFF, a program admin, instructor,
examiner or superuser without an authenticator app or a security key reaches only the pages
that set one up (and sign-out) until they have one.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect

from . import audit
from .access import has_role
from .emails import queue_email, render_email
from .errors import DomainError
from .models import User
from .roles import STAFF_ROLES, Role

# Recovery codes alone are not a factor: they are the spare key of one.
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)

# What a staff member without a second factor may still open: allauth's MFA pages (set-up,
# the sign-in step, re-authentication), sign-out, and what setting up a factor may need
# (a verified e-mail address, re-entering the password).
_OPEN_URL_NAMES = {
    "account_logout",
    "account_reauthenticate",
    "account_email",
    "account_confirm_email",
    "account_email_verification_sent",
    "healthz",
}


def is_staff_member(user) -> bool:
    return bool(user.is_superuser or any(has_role(user, role) for role in STAFF_ROLES))


def second_factor_required(user) -> bool:
    return bool(
        settings.MFA_REQUIRED_FOR_STAFF
        and user.is_authenticated
        and user.is_active
        and is_staff_member(user)
    )


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTOR_TYPES).exists()


class StaffSecondFactorMiddleware:
    """Sends staff without a second factor to allauth's two-factor page, whatever they asked for.

    Checked on every request, not once at sign-in: a factor removed later (by the person or by
    an admin's reset) closes the staff pages again at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        url_name = match.url_name if match else ""
        if url_name and (url_name.startswith("mfa_") or url_name in _OPEN_URL_NAMES):
            return None
        user = getattr(request, "user", None)
        if user is None or not second_factor_required(user) or has_second_factor(user):
            return None
        messages.warning(
            request,
            "Your role needs a second sign-in factor. Set up an authenticator app or a security "
            "key to continue.",
            fail_silently=True,
        )
        return redirect("mfa_index")


def second_factors_of(user) -> list[Authenticator]:
    return list(Authenticator.objects.filter(user=user).order_by("type", "created_at"))


@transaction.atomic
def reset_second_factor(*, member: User, actor: User, reason: str) -> bool:
    """Remove every factor of `member` (app, keys, recovery codes) so they set up a new one.

    For someone who lost their phone or key. Never one's own (that would let a stolen password
    undo the second factor); always with a reason, in the audit trail. Returns False when there
    was nothing to remove.
    """
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can reset someone's two-factor sign-in.")
    if actor.pk == member.pk:
        raise DomainError("You cannot reset your own two-factor sign-in; ask another admin.")
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why the two-factor sign-in is reset.")
    member = User.objects.select_for_update().get(pk=member.pk)
    factors = list(Authenticator.objects.filter(user=member).order_by("type"))
    if not factors:
        return False
    removed = sorted({factor.type for factor in factors})
    Authenticator.objects.filter(pk__in=[factor.pk for factor in factors]).delete()
    audit.record(
        actor=actor,
        action="mfa.reset",
        target=member,
        from_state=",".join(removed)[:64],
        to_state="none",
        reason=reason,
        data={"removed": removed, "count": len(factors)},
    )
    # The owner hears of it, in case the request to the admin did not come from them.
    subject, body = render_email("second_factor_reset", {"user": member})
    queue_email(to=member.email, subject=subject, body=body)
    return True
