"""URLs of the written exam (included by exams/urls.py)."""

urlpatterns = []
