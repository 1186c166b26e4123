from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = "Certification pathway"

    def ready(self):
        from accounts import documents, events, person_pages, review_sources

        from . import (
            credential_status,  # noqa: F401 (its receivers keep status lists fresh)
            pathway_cache,
        )
        from .decisions import flag_for_review
        from .lapse import lapsed_results_since
        from .pipeline import refresh_pathway_step
        from .selectors_renewal import queue_source
        from .services import issue_if_earned
        from .standing import watch_standing

        # The step-completing services of the lower apps call this inside their transaction.
        events.on_step_completed(issue_if_earned)
        # After issuing, so that a certificate just created counts for the pipeline.
        events.on_step_completed(refresh_pathway_step)
        # A lapsed certificate is earned again by exams sat after it lapsed: the exams ask when.
        events.provide_results_since(lapsed_results_since)
        # The accounts pages link each person to their file, which composes every app.
        person_pages.register(
            person_file="certification:person_file", my_data="certification:my_data"
        )
        # A pass withdrawn after the fact flags a certificate issued on it for a decision.
        events.on_result_withdrawn(flag_for_review)
        events.on_result_withdrawn(_refresh_pathway_step_after_withdrawal)
        # A license change that suspends or restores certificates is recorded per certificate
        # (and so reaches partners' webhooks).
        events.on_standing_change(watch_standing)
        # Submitted renewals wait in the program admins' review queue beside licenses.
        review_sources.register(queue_source)
        # The dashboard's cached pathway: every change to what it reads replaces its token.
        pathway_cache.connect()
        # CE proofs are applicants' documents: swept when orphaned, removed under retention.
        documents.register_document_kind(_ce_proofs())


def _ce_proofs():
    from django.db.models import Q

    from accounts.documents import DocumentKind

    from .models_renewal import CEItem, Renewal, proof_path

    return DocumentKind(
        CEItem,
        folder=proof_path(None, "").rsplit("/", 1)[0],
        file_field="proof",
        applicant="renewal__holder",
        cleared_fields=("proof_name", "proof_content_type"),
        # An open renewal's proofs are its evidence under way or under review.
        in_use=Q(renewal__status__in=Renewal.OPEN_STATUSES),
    )


def _refresh_pathway_step_after_withdrawal(*, applicant, program, reason: str) -> None:
    from .pipeline import refresh_pathway_step

    refresh_pathway_step(applicant=applicant, program=program)
