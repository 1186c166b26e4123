from django.db import migrations

US_STATES = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
]
COUNTRIES = [
    ("CA", "Canada"),
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
]
CERTIFICATIONS = [
    ("BLS", "Basic Life Support"),
    ("ACLS", "Advanced Cardiovascular Life Support"),
]


def create_reference_data(apps, schema_editor):
    Jurisdiction = apps.get_model("accounts", "Jurisdiction")
    JurisdictionRule = apps.get_model("accounts", "JurisdictionRule")
    CertificationType = apps.get_model("accounts", "CertificationType")
    for code, name in CERTIFICATIONS:
        CertificationType.objects.get_or_create(code=code, defaults={"name": name})
    bls = CertificationType.objects.get(code="BLS")
    rows = [(f"US-{code}", name, "us_state") for code, name in US_STATES]
    rows += [(code, name, "country") for code, name in COUNTRIES]
    for code, name, kind in rows:
        jurisdiction, created = Jurisdiction.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind}
        )
        if created:
            # A starting point that program admins adjust per jurisdiction (a new version).
            rule = JurisdictionRule.objects.create(
                jurisdiction=jurisdiction,
                version=1,
                accepted_license_types=["physician", "np", "pa", "rn"],
                rn_requires_supervising_physician=True,
                ce_hours_required=8,
                ce_window_months=24,
                change_note="Initial rules",
            )
            rule.required_certifications.add(bls)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_qualifications")]

    operations = [migrations.RunPython(create_reference_data, migrations.RunPython.noop)]
