from django.urls import path, register_converter

from .views import audit_trail, discipline, mfa, monitoring, people, qualifications, reviews


class SubmissionKind:
    regex = "license|credential"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SubmissionKind, "submission")

app_name = "accounts"
urlpatterns = [
    path("staff/people/", people.people, name="people"),
    path("staff/people/<int:pk>/role/", people.change_role, name="change_role"),
    path("staff/people/<int:pk>/second-factor/", mfa.second_factor, name="second_factor"),
    path("staff/audit/", audit_trail.audit_trail, name="audit_trail"),
    path("staff/audit/export.csv", audit_trail.audit_trail_csv, name="audit_trail_csv"),
    # step 1, the applicant
    path("qualifications/", qualifications.overview, name="qualifications"),
    path("qualifications/profile/", qualifications.edit_profile, name="profile"),
    path("qualifications/<submission:kind>/new/", qualifications.submit, name="submit"),
    path(
        "qualifications/<submission:kind>/<int:pk>/",
        qualifications.detail,
        name="submission_detail",
    ),
    path(
        "qualifications/<submission:kind>/<int:pk>/correct/",
        qualifications.correct,
        name="correct",
    ),
    path(
        "qualifications/<submission:kind>/<int:pk>/document/",
        qualifications.document,
        name="document",
    ),
    # step 1, the program admins
    path("staff/reviews/", reviews.review_queue, name="review_queue"),
    path("staff/reviews/<submission:kind>/<int:pk>/", reviews.review, name="review"),
    path("staff/reviews/<submission:kind>/<int:pk>/start/", reviews.start, name="start_review"),
    path("staff/reviews/<submission:kind>/<int:pk>/verify/", reviews.verify, name="verify"),
    path("staff/reviews/<submission:kind>/<int:pk>/reject/", reviews.reject, name="reject"),
    path("staff/jurisdictions/", reviews.jurisdictions, name="jurisdictions"),
    path(
        "staff/jurisdictions/<int:pk>/rules/",
        reviews.jurisdiction_rules,
        name="jurisdiction_rules",
    ),
    # after verification: a board's discipline, and the monitoring imports
    path(
        "staff/licenses/<int:pk>/discipline/",
        discipline.license_discipline,
        name="license_discipline",
    ),
    path(
        "staff/license-actions/<int:pk>/document/",
        discipline.action_document,
        name="license_action_document",
    ),
    path("staff/licenses/<int:pk>/reverify/", discipline.reverify, name="reverify"),
    path("staff/monitoring/", monitoring.imports, name="monitoring_imports"),
    path("staff/monitoring/<int:pk>/", monitoring.import_detail, name="monitoring_import"),
    path(
        "staff/monitoring/matches/<int:pk>/decide/",
        monitoring.decide,
        name="monitoring_decide",
    ),
]
