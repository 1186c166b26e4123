from .urls_practical import urlpatterns as practical_urls
from .urls_written import urlpatterns as written_urls

app_name = "exams"
urlpatterns = [*written_urls, *practical_urls]
