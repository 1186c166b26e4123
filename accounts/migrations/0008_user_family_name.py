from django.db import migrations, models

# Frozen copy of accounts.names.guess_family_name as it was when this migration was written.
SUFFIXES = {
    "jr", "sr", "ii", "iii", "iv", "v", "md", "do", "phd", "rn", "np", "pa", "pa-c", "dnp",
    "msn", "bsn", "aprn", "fnp", "fnp-c", "mba", "mph", "esq",
}  # fmt: skip


def guess_family_name(full_legal_name: str) -> str:
    name = " ".join(full_legal_name.split())
    if "," in name:
        head, _, tail = name.partition(",")
        if tail.strip().rstrip(".").casefold() not in SUFFIXES:
            return head.strip()
        name = head
    words = [word.strip(",") for word in name.split()]
    while len(words) > 1 and words[-1].rstrip(".").casefold() in SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def fill_family_names(apps, schema_editor):
    """Existing users get the best guess from their legal name; they can correct it on their
    profile."""
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(family_name="").exclude(full_legal_name="").iterator():
        User.objects.filter(pk=user.pk).update(
            family_name=guess_family_name(user.full_legal_name)[:100]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_document_retention"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="family_name",
            field=models.CharField(
                blank=True,
                help_text="Your surname as part of your legal name; anyone checking your "
                "certificate enters it.",
                max_length=100,
                verbose_name="family name",
            ),
        ),
        migrations.RunPython(fill_family_names, migrations.RunPython.noop),
    ]
