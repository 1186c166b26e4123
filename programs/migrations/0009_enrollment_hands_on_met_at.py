"""Enrollment.hands_on_met_at, the ready-for-practical queue's read model, filled for the
running enrollments.

The fill is one set-based UPDATE (a national database holds ~80k enrollments and 1M sessions):
the hands-on minimums as the queue checked them in SQL until now (the rule of
`programs.selectors.hands_on_status_of` at this migration, frozen here on the historical models),
dated by the enrollment's last verification, which is what the queue showed as "ready since".
From here on the services keep the field, and the nightly pass re-checks it with the one rule.
"""

from django.db import migrations, models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce


def fill_hands_on_met_at(apps, schema_editor):
    Enrollment = apps.get_model("programs", "Enrollment")
    HandsOnSession = apps.get_model("programs", "HandsOnSession")
    SessionArea = apps.get_model("programs", "SessionArea")
    TreatmentArea = apps.get_model("programs", "TreatmentArea")
    verified_q = Q(hands_on_sessions__status="verified")
    performed_q = verified_q & Q(hands_on_sessions__trainee_role="performed")
    performed_in_area = (
        SessionArea.objects.filter(
            session__enrollment=OuterRef(OuterRef("pk")),
            area=OuterRef("pk"),
            session__status="verified",
            session__trainee_role="performed",
        )
        .values("area")
        .annotate(n=Count("id"))
        .values("n")
    )
    short_area = Exists(
        TreatmentArea.objects.filter(program=OuterRef("program_id"), min_sessions_performed__gt=0)
        .annotate(done=Coalesce(Subquery(performed_in_area), 0))
        .filter(done__lt=F("min_sessions_performed"))
    )
    requirements = "program__hands_on_requirements__"
    met = (
        Enrollment.objects.filter(status="enrolled")
        .exclude(short_area)
        .annotate(
            verified=Count("hands_on_sessions", filter=verified_q, distinct=True),
            minutes=Coalesce(Sum("hands_on_sessions__duration_minutes", filter=verified_q), 0),
            skin_types=Count("hands_on_sessions__skin_type", filter=performed_q, distinct=True),
            goals=Count("hands_on_sessions__goal", filter=performed_q, distinct=True),
        )
        .filter(
            verified__gte=F(f"{requirements}min_verified_sessions"),
            skin_types__gte=F(f"{requirements}min_skin_types"),
            goals__gte=F(f"{requirements}min_treatment_goals"),
            # Hours to one decimal, half up: round(minutes / 60, 1) >= hours.
            minutes__gte=F(f"{requirements}min_total_hours") * 60 - 3,
        )
        .values("pk")
    )
    last_verified = (
        HandsOnSession.objects.filter(enrollment=OuterRef("pk"), status="verified")
        .values("enrollment")
        .annotate(at=Max("verified_at"))
        .values("at")
    )
    Enrollment.objects.filter(pk__in=met).update(hands_on_met_at=Subquery(last_verified))


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0008_program_renewal_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="hands_on_met_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill_hands_on_met_at, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(
                condition=models.Q(("hands_on_met_at__isnull", False)),
                fields=["status", "hands_on_met_at"],
                name="enrollment_hands_on_met",
            ),
        ),
    ]
