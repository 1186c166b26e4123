from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet

from .models import User


def people_for_role_admin(*, search: str = "") -> QuerySet[User]:
    """Everyone with their role groups, for the people page: two queries whatever the size."""
    people = User.objects.order_by("full_legal_name", "email").prefetch_related(
        Prefetch("groups", queryset=Group.objects.only("id", "name"))
    )
    if search:
        people = people.filter(Q(email__icontains=search) | Q(full_legal_name__icontains=search))
    return people
