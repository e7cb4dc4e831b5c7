from rest_framework.throttling import SimpleRateThrottle


class PerTokenThrottle(SimpleRateThrottle):
    """So many calls a minute per token (settings.API_THROTTLE_RATE), counted in the default
    cache (Redis when REDIS_URL is set), so every web process counts together. Keyed by the
    token's random prefix."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
