"""The partners' pages in the admins' menu (applicants reach their consents from the account
menu in base.html)."""

from accounts.menu import ADMIN, MenuEntry, Section

MENU = [
    MenuEntry("Partner API keys", "api:keys", "key", ADMIN, Section.CERTIFICATES),
    MenuEntry("Webhooks", "api:webhooks", "broadcast", ADMIN, Section.CERTIFICATES),
]
