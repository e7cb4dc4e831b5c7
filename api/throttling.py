import logging

from redis import RedisError
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class PerTokenThrottle(SimpleRateThrottle):
    """So many calls a minute per token (settings.API_THROTTLE_RATE), counted in the default
    cache (Redis when REDIS_URL is set), so every web process counts together. Keyed by the
    token's random prefix."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}

    def allow_request(self, request, view):
        """When the cache that counts (Redis) does not answer, the call is let through and
        the failure logged: the limit protects the service from a runaway program, and a
        partner's calls should not fail because the counter cannot be read."""
        try:
            return super().allow_request(request, view)
        except RedisError as error:
            logger.warning("API call not counted against its token's limit, no cache: %s", error)
            return True
