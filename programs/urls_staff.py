"""URLs of the program admins' pages for programs and cohorts (included by programs/urls.py)."""

urlpatterns = []
