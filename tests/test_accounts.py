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


def test_without_a_mail_server_the_login_page_offers_no_password_reset(client, home):
    login = client.get(reverse("wagtailadmin_login")).content.decode()

    assert "Forgotten password?" not in login
    assert reverse("wagtailadmin_password_reset") not in login
    assert client.get(reverse("wagtailadmin_password_reset")).status_code == 404
    assert client.post(reverse("wagtailadmin_password_reset"), {"email": "editor@example.com"}).status_code == 404


@pytest.fixture
def mail_server(settings):
    """Password reset as it is with EMAIL_HOST set; the mails land in django.core.mail.outbox."""
    settings.WAGTAIL_PASSWORD_RESET_ENABLED = True


def ask_for_a_reset(client, email, address):
    return client.post(reverse("wagtailadmin_password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_with_a_mail_server_a_reset_link_is_mailed(client, editor, mail_server, mailoutbox):
    assert "Forgotten password?" in client.get(reverse("wagtailadmin_login")).content.decode()

    response = ask_for_a_reset(client, "editor@example.com", "198.51.100.1")

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_password_reset_done")
    assert [message.to for message in mailoutbox] == [["editor@example.com"]]
