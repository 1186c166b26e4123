"""The four roles. Each is a group holding one role permission; access.py reads them.

Plain constants, imported by migrations too, so this module must not import models.
"""

from django.db import models


class Role(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    PROGRAM_ADMIN = "program_admin", "Program admin"
    INSTRUCTOR = "instructor", "Instructor"
    EXAMINER = "examiner", "Examiner"


# codename on accounts.User -> description; the group of the same role holds it.
ROLE_PERMISSIONS = {
    Role.APPLICANT: ("pursue_certification", "Can pursue the certification pathway"),
    Role.PROGRAM_ADMIN: (
        "administer_programs",
        "Can verify qualifications and administer programs, exams and certificates",
    ),
    Role.INSTRUCTOR: ("instruct_cohorts", "Can teach cohorts and verify hands-on sessions"),
    Role.EXAMINER: ("examine_candidates", "Can score assigned practical exam sittings"),
}

STAFF_ROLES = (Role.PROGRAM_ADMIN, Role.INSTRUCTOR, Role.EXAMINER)
