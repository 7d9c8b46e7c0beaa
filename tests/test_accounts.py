"""Signing in, password reset and page passwords, through the forms a visitor posts."""

import pytest
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

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


def test_the_fifth_reset_request_from_an_address_is_refused_and_sends_nothing(client, editor, mail_server, mailoutbox):
    emails = ["editor@example.com", "a@example.com", "b@example.com", "c@example.com", "EDITOR@example.com"]
    responses = [ask_for_a_reset(client, email, "198.51.100.1") for email in emails]

    assert [response.status_code for response in responses] == [302, 302, 302, 302, 429]
    assert "too many login attempts" in responses[-1].content.decode()
    assert len(mailoutbox) == 1  # only the one account that exists had a mail
    assert ask_for_a_reset(client, "editor@example.com", "198.51.100.2").status_code == 302


def test_the_fifth_reset_request_for_an_email_address_is_refused_from_anywhere(client, editor, mail_server, mailoutbox):
    responses = [ask_for_a_reset(client, "Editor@example.com", f"198.51.100.{number}") for number in range(1, 6)]

    assert [response.status_code for response in responses] == [302, 302, 302, 302, 429]
    assert len(mailoutbox) == 4


@pytest.fixture
def private_essay(make_essay):
    essay = make_essay("Behind a password", body=[{"type": "paragraph", "value": "<p>Only for friends.</p>"}])
    PageViewRestriction.objects.create(
        page=essay, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
    )
    return essay


def enter_password(client, essay, password, address):
    restriction = PageViewRestriction.objects.get(page=essay)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, essay.pk])
    return client.post(url, {"password": password, "return_url": essay.url}, REMOTE_ADDR=address)


def test_four_wrong_page_passwords_still_let_the_right_one_in(client, private_essay):
    for _ in range(4):
        assert enter_password(client, private_essay, "guess", "198.51.100.1").status_code == 200

    response = enter_password(client, private_essay, "open-sesame", "198.51.100.1")

    assert response.status_code == 302 and response.url == private_essay.url
    assert "Only for friends." in client.get(private_essay.url).content.decode()


def test_after_five_wrong_page_passwords_from_an_address_even_the_right_one_is_refused(client, private_essay):
    responses = [enter_password(client, private_essay, f"guess {number}", "198.51.100.1") for number in range(5)]
    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]

    refused = enter_password(client, private_essay, "open-sesame", "198.51.100.1")

    assert refused.status_code == 429
    assert "too many login attempts" in refused.content.decode()
    assert "Only for friends." not in client.get(private_essay.url).content.decode()


def test_five_wrong_passwords_from_five_addresses_lock_the_page_for_a_while(client, private_essay):
    for number in range(1, 6):
        enter_password(client, private_essay, "guess", f"198.51.100.{number}")

    assert enter_password(client, private_essay, "open-sesame", "203.0.113.9").status_code == 429


def test_a_private_collections_password_is_throttled_too(client, db):
    restriction = CollectionViewRestriction.objects.create(
        collection=Collection.objects.get(name="Documents"),
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="open-sesame",
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])

    def enter(password):
        return client.post(url, {"password": password, "return_url": "/"}, REMOTE_ADDR="198.51.100.1").status_code

    assert [enter(f"guess {number}") for number in range(5)] == [200, 200, 200, 200, 429]
    assert enter("open-sesame") == 429


def test_an_address_has_five_attempts_in_all_whichever_forms_it_uses(client, editor, private_essay):
    for _ in range(3):
        client.post(
            reverse("wagtailadmin_login"), {"username": "editor", "password": "wrong"}, REMOTE_ADDR="198.51.100.1"
        )
    assert enter_password(client, private_essay, "guess", "198.51.100.1").status_code == 200
    assert enter_password(client, private_essay, "guess", "198.51.100.1").status_code == 429

    sign_in = {"username": "editor", "password": PASSWORD}
    assert client.post(reverse("wagtailadmin_login"), sign_in, REMOTE_ADDR="198.51.100.1").status_code == 429
