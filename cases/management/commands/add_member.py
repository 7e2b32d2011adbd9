from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from cases.models import Inspection, Membership
from cases.services.inspections import add_member, appoint_lead, change_role
from inspection.errors import ServiceError

ROLES = [role.value for role in Membership.Role]


class Command(BaseCommand):
    help = (
        "Add an existing user to an inspection's team, or change their role, with the rules of the team page "
        "(--role lead appoints the lead; the previous lead stays as an inspector)."
    )

    def add_arguments(self, parser):
        parser.add_argument("inspection", metavar="INSPECTION_SLUG")
        parser.add_argument("username", metavar="USERNAME")
        parser.add_argument("--role", required=True, choices=ROLES)

    def handle(self, *args, inspection, username, role, **options):
        errors = []
        found = Inspection.objects.filter(slug=inspection).first()
        if found is None:
            errors.append(f"no inspection with slug '{inspection}'")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            errors.append(f"there is no active user with the username '{username}'")
        membership = None
        if not errors:
            try:
                if role == Membership.Role.LEAD:
                    membership = appoint_lead(inspection=found, user=user)
                elif (existing := Membership.objects.filter(inspection=found, user=user).first()) is not None:
                    membership = change_role(membership=existing, role=role)
                else:
                    membership = add_member(inspection=found, user=user, role=role)
            except ServiceError as exc:
                errors.extend(exc.messages)
        if errors:
            for error in errors:
                self.stderr.write(error)
            problems = ngettext("%(n)d error", "%(n)d errors", len(errors)) % {"n": len(errors)}
            raise CommandError(f"the team of '{inspection}' was not changed ({problems})")
        self.stdout.write(f"{user.username}'s role in '{found.slug}' is now {membership.get_role_display().lower()}")
