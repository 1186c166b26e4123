from django.db import migrations, models


def fill_enrolled_at(apps, schema_editor):
    """Take the seating moment from the audit trail (the last "enrollment.enrolled" entry), or,
    for a trainee still enrolled without one, the last decision; otherwise leave it unknown."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    Enrollment = apps.get_model("programs", "Enrollment")
    content_type = ContentType.objects.filter(app_label="programs", model="enrollment").first()
    seated = {}
    if content_type is not None:
        entries = AuditEntry.objects.filter(
            target_type=content_type, action="enrollment.enrolled"
        ).order_by("at")
        for target_id, at in entries.values_list("target_id", "at").iterator():
            seated[target_id] = at
    for enrollment in Enrollment.objects.filter(status__in=["enrolled", "completed"]).iterator():
        at = seated.get(str(enrollment.pk))
        if at is None and enrollment.status == "enrolled":
            at = enrollment.decided_at
        if at is not None:
            Enrollment.objects.filter(pk=enrollment.pk).update(enrolled_at=at)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_resit_policy"),
        ("accounts", "0005_open_queue_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="enrolled_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill_enrolled_at, migrations.RunPython.noop),
    ]
