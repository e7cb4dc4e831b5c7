"""The signed-in user, read with the bell's count.

Django reads the user once per request (session → `get_user`). Reading the count of unread
notifications in that same query (a subquery) means the bell in the header, shown on every
page, adds no query to any page, and the family overview keeps its budget of 12. The count
is read afresh on every request, so it is never stale after reading.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .selectors import with_unread_count


class ModelBackendWithBell(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager
        try:
            user = with_unread_count(users.all()).get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
