from django.db import transaction

from .models import User


@transaction.atomic
def set_language(*, user: User, language: str) -> None:
    """Remember the language `user` reads the site in (a code of settings.LANGUAGES, checked
    by accounts.forms.LanguageForm), for every later sign-in on any computer."""
    user.language = language
    user.full_clean(exclude=[field.name for field in User._meta.fields if field.name != "language"])
    user.save(update_fields=["language"])
