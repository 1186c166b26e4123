import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from accounts.models import User
from accounts.roles import Role
from accounts.services import role_group

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    """A person with a verified e-mail address and PASSWORD; pass roles=[Role...] for roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_legal_name = factory.Faker("name")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create:
            for role in extracted if extracted is not None else [Role.APPLICANT]:
                obj.groups.add(role_group(role))
                if role == Role.PROGRAM_ADMIN:
                    obj.is_staff = True
                    obj.save(update_fields=["is_staff"])

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
