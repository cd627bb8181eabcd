"""Create the demo users clerk, supervisor and admin (with example.org addresses, so the clerk's
reminders show on the console); print each new password once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from registry.roles import CLERK, SUPERVISOR

DEMO_USERS = (("clerk", CLERK, False), ("supervisor", SUPERVISOR, False), ("admin", None, True))


class Command(BaseCommand):
    help = "Create the demo users (clerk, supervisor, admin) with random passwords, printed once."

    def handle(self, *args, **options):
        users = get_user_model()
        for username, group, superuser in DEMO_USERS:
            if users.objects.filter(username=username).exists():
                self.stdout.write(f"{username}: exists, password unchanged")
                continue
            password = secrets.token_urlsafe(12)
            user = users.objects.create_user(username=username, password=password, email=f"{username}@example.org",
                                             is_staff=True, is_superuser=superuser)
            if group:
                user.groups.add(Group.objects.get(name=group))
            self.stdout.write(self.style.SUCCESS(f"{username}: password {password}  (shown once; write it down)"))
