"""URLs of the written exam (included by exams/urls.py)."""

from django.urls import path, re_path

from .views import written as views
from .views import written_corrections as corrections
from .views import written_images as images

urlpatterns = [
    # candidates
    path("written-exam/", views.home, name="written_home"),
    path("written-exam/<int:pk>/start/", views.start, name="written_start"),
    path("written-exam/attempts/<int:pk>/", views.attempt_page, name="written_attempt"),
    path("written-exam/attempts/<int:pk>/answer/", views.autosave, name="written_autosave"),
    path("written-exam/attempts/<int:pk>/result/", views.result, name="written_result"),
    # program admins
    path("staff/written/questions/", views.bank_list, name="written_bank"),
    path("staff/written/questions/new/", views.question_new, name="written_question_new"),
    path("staff/written/questions/<int:pk>/", views.question_edit, name="written_question_edit"),
    path("staff/written/cases/", views.vignettes, name="written_vignettes"),
    path("staff/written/cases/new/", views.vignette_new, name="written_vignette_new"),
    path("staff/written/cases/<int:pk>/", views.vignette_edit, name="written_vignette_edit"),
    path("staff/written/import/", views.import_bank, name="written_import"),
    path("staff/written/export.json", views.export_bank, name="written_export"),
    # Downloads end in "/export/", the suffix the every-page browser test leaves alone.
    path(
        "staff/written/moodle/export/",
        views.export_bank,
        {"file_format": "moodle"},
        name="written_export_moodle",
    ),
    path(
        "staff/written/gift/export/",
        views.export_bank,
        {"file_format": "gift"},
        name="written_export_gift",
    ),
    re_path(
        r"^written-exam/images/(?P<sha256>[0-9a-f]{64})/$",
        images.question_image,
        name="written_question_image",
    ),
    path("staff/written/exams/", views.exams, name="written_exams"),
    path("staff/written/exams/new/", views.exam_new, name="written_exam_new"),
    path("staff/written/exams/<int:pk>/", views.exam_edit, name="written_exam_edit"),
    path(
        "staff/written/exams/<int:pk>/accommodations/",
        views.accommodations,
        name="written_accommodations",
    ),
    path("staff/written/exams/<int:pk>/analysis/", views.analysis, name="written_analysis"),
    path(
        "staff/written/versions/<int:pk>/correct/",
        corrections.correction_new,
        name="written_correction_new",
    ),
    path("staff/written/corrections/", corrections.corrections, name="written_corrections"),
    path(
        "staff/written/corrections/<int:pk>/",
        corrections.correction_review,
        name="written_correction",
    ),
    path(
        "staff/written/corrections/<int:pk>/apply/",
        corrections.correction_apply,
        name="written_correction_apply",
    ),
    path(
        "staff/written/corrections/<int:pk>/discard/",
        corrections.correction_discard,
        name="written_correction_discard",
    ),
]
