from django.contrib import admin

from .models import Certificate, CertificatePolicy


@admin.register(CertificatePolicy)
class CertificatePolicyAdmin(admin.ModelAdmin):
    list_display = ["program", "validity_months", "number_prefix"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: issuing, revoking and re-rendering go through the staff pages' services."""

    list_display = ["number", "holder", "program", "status", "issued_on", "expires_on"]
    list_filter = ["status", "program"]
    search_fields = ["number", "holder__email", "holder__full_legal_name"]
    list_select_related = ["holder", "program"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
