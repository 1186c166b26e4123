"""The back-office (Django admin) is for superusers only.

Program admins work through the staff pages, whose services lock rows and write an audit entry
for every change; the admin's generic edit forms do neither. Rather than register a second,
unaudited way to change the same records, `/admin/` answers only superusers (the people who run
the installation); everyone else is sent to its login page, which refuses them.

This module is loaded while the app registry is being built: it must not import models.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(admin.AdminSite):
    site_header = "Aesthetic Injector Certification: back-office"
    site_title = "Back-office"

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_superuser)


class SuperuserAdminConfig(AdminConfig):
    default_site = "certification.backoffice.SuperuserAdminSite"
