"""Signing in, password reset and page passwords, through the forms a visitor posts."""

import pytest
from django.urls import reverse

PASSWORD = "a-long-password-1"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def test_signing_in_with_no_page_to_return_to_leads_to_the_admin(client, editor, home):
    """The login for private documents and pages, reached directly: Django's default would be /accounts/profile/."""
    response = client.post(reverse("wagtailcore_login"), {"username": "editor", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert client.get(response.url).status_code == 200
