from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from .models import (
    ApplicantProfile,
    AuditEntry,
    CertificationType,
    Jurisdiction,
    JurisdictionRule,
    MedicalLicense,
    SupportingCredential,
    User,
)
from .outbox import OutgoingEmail


class UserCreationAdminForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_legal_name")


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ("email",)
    list_display = ("email", "full_legal_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_active", "groups")
    search_fields = ("email", "full_legal_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identity", {"fields": ("full_legal_name",)}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_legal_name", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ("groups",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "target_repr", "from_state", "to_state")
    list_filter = ("action",)
    search_fields = ("target_repr", "reason", "actor__email")
    list_select_related = ("actor",)

    # The audit trail is append-only, also in the back-office.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "code")


@admin.register(CertificationType)
class CertificationTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(JurisdictionRule)
class JurisdictionRuleAdmin(admin.ModelAdmin):
    """Read-only: rules change through the versioned staff page, never in place."""

    list_display = ("jurisdiction", "version", "ce_hours_required", "created_at", "created_by")
    list_select_related = ("jurisdiction", "created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SubmissionAdmin(admin.ModelAdmin):
    """Read-only: decisions go through the review pages so that they are audited."""

    list_filter = ("status",)
    search_fields = ("applicant__email", "applicant__full_legal_name")
    list_select_related = ("applicant",)
    date_hierarchy = "submitted_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MedicalLicense)
class MedicalLicenseAdmin(SubmissionAdmin):
    list_display = ("applicant", "license_type", "number", "jurisdiction", "expires_on", "status")
    list_select_related = ("applicant", "jurisdiction")
    search_fields = (*SubmissionAdmin.search_fields, "number")


@admin.register(SupportingCredential)
class SupportingCredentialAdmin(SubmissionAdmin):
    list_display = ("applicant", "kind", "title", "credit_hours", "completed_on", "status")


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "profession", "specialty_background", "country")
    list_select_related = ("user",)
    search_fields = ("user__email", "user__full_legal_name")


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox, read-only: failed rows are here for a person to follow up (never re-sent
    from here, which could send a message twice)."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
