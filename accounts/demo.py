"""Demo people for the embedded mode: one per role, each with a known password."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from . import services
from .models import User
from .roles import Role

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - published on purpose; seed_demo refuses DEBUG off


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_legal_name: str
    roles: tuple[Role, ...]


DEMO_PEOPLE = [
    DemoPerson("applicant@demo.test", "Alex Morgan Rivera", (Role.APPLICANT,)),
    DemoPerson("admin@demo.test", "Priya Natarajan", (Role.PROGRAM_ADMIN,)),
    DemoPerson("instructor@demo.test", "Dr. Helen Okafor", (Role.INSTRUCTOR,)),
    DemoPerson("examiner@demo.test", "Dr. Marcus Lindqvist", (Role.EXAMINER,)),
]


@transaction.atomic
def seed_people() -> list[DemoPerson]:
    """Create or reset the demo people; running it again changes nothing but their passwords."""
    for person in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            email=person.email, defaults={"full_legal_name": person.full_legal_name}
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        # Demo sign-ins skip the e-mail round trip that real sign-ups go through.
        EmailAddress.objects.update_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
        for role in person.roles:
            services.grant_role(user=user, role=role, by=None)
    return DEMO_PEOPLE
