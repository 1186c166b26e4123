"""URLs of the written exam (included by exams/urls.py)."""

from django.urls import include, path, re_path

from .views import written as views
from .views import written_corrections as corrections
from .views import written_images as images

# Grouped by their first segments, so a request for another page is turned away by one match
# per group instead of one per page (URLs are tried in order on every request).
# candidates
candidate_patterns = [
    path("", views.home, name="written_home"),
    path("<int:pk>/start/", views.start, name="written_start"),
    path("attempts/<int:pk>/", views.attempt_page, name="written_attempt"),
    path("attempts/<int:pk>/answer/", views.autosave, name="written_autosave"),
    path("attempts/<int:pk>/result/", views.result, name="written_result"),
    re_path(
        r"^images/(?P<sha256>[0-9a-f]{64})/$",
        images.question_image,
        name="written_question_image",
    ),
]

# program admins
staff_patterns = [
    path("questions/", views.bank_list, name="written_bank"),
    path("questions/new/", views.question_new, name="written_question_new"),
    path("questions/<int:pk>/", views.question_edit, name="written_question_edit"),
    path("cases/", views.vignettes, name="written_vignettes"),
    path("cases/new/", views.vignette_new, name="written_vignette_new"),
    path("cases/<int:pk>/", views.vignette_edit, name="written_vignette_edit"),
    path("import/", views.import_bank, name="written_import"),
    path("export.json", views.export_bank, name="written_export"),
    # Downloads end in "/export/", the suffix the every-page browser test leaves alone.
    path(
        "moodle/export/",
        views.export_bank,
        {"file_format": "moodle"},
        name="written_export_moodle",
    ),
    path(
        "gift/export/",
        views.export_bank,
        {"file_format": "gift"},
        name="written_export_gift",
    ),
    path("exams/", views.exams, name="written_exams"),
    path("exams/new/", views.exam_new, name="written_exam_new"),
    path("exams/<int:pk>/", views.exam_edit, name="written_exam_edit"),
    path(
        "exams/<int:pk>/accommodations/",
        views.accommodations,
        name="written_accommodations",
    ),
    path("exams/<int:pk>/analysis/", views.analysis, name="written_analysis"),
    path(
        "versions/<int:pk>/correct/",
        corrections.correction_new,
        name="written_correction_new",
    ),
    path("corrections/", corrections.corrections, name="written_corrections"),
    path(
        "corrections/<int:pk>/",
        corrections.correction_review,
        name="written_correction",
    ),
    path(
        "corrections/<int:pk>/apply/",
        corrections.correction_apply,
        name="written_correction_apply",
    ),
    path(
        "corrections/<int:pk>/discard/",
        corrections.correction_discard,
        name="written_correction_discard",
    ),
]

urlpatterns = [
    path("written-exam/", include(candidate_patterns)),
    path("staff/written/", include(staff_patterns)),
]
