"""Demo data of the exams app, called by `manage.py seed_demo` after the programs' demo: the
written exam (its bank loaded from `exams/fixtures/demo_bank.json` by the bank's importer) and
the practical exam, with candidates who reached them through the services."""

from .practical import seed_practical_exam, sit_practical
from .written import seed_written_exam, sit_written

__all__ = [
    "seed_practical_exam",
    "seed_written_exam",
    "sit_practical",
    "sit_written",
]
