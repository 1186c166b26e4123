"""Demo data of the exams app, called by `manage.py seed_demo` after the programs' demo."""


def seed_written_exam() -> None:
    """The question bank, the program's written exam and candidates with past attempts."""
    from .services.written_demo import seed

    seed()


def seed_practical_exam() -> None:
    """A rubric, an examiner with sittings to score, finished sittings for the reports."""
    from .services.practical_demo import seed

    seed()
