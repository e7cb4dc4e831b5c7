from rest_framework.test import APIClient


def api_with(plain: str) -> APIClient:
    """An API client that sends this token with every call."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    return client
