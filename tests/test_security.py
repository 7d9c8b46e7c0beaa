"""Security headers on every response, and the admin's login refusing guesses."""

import datetime
import re
import time

import pytest
from django.urls import reverse

# The players the video and music facades load after a click.
VIDEO_PLAYERS = (
    "https://www.youtube-nocookie.com https://player.vimeo.com "
    "https://bandcamp.com https://open.spotify.com https://w.soundcloud.com https://embed.music.apple.com"
)
PASSWORD = "a-long-password-1"


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def test_public_pages_carry_a_strict_content_security_policy(client, make_essay):
    essay = make_essay("Headers")

    for url in ["/", essay.url, "/essays/", "/essays/feed/", "/search/?q=headers", "/missing/"]:
        csp = policy(client.get(url))
        assert csp["default-src"] == ["'self'"]
        assert csp["script-src"] == ["'self'"], url
        assert csp["style-src"] == ["'self'"]
        assert csp["frame-src"] == VIDEO_PLAYERS.split()
        assert csp["object-src"] == ["'none'"]


def test_public_pages_run_no_inline_script(client, make_essay):
    """The only inline scripts are JSON-LD data, which browsers do not execute; so the strict policy blocks nothing."""
    essay = make_essay("Scripts")
    for url in ["/", essay.url, "/essays/"]:
        html = client.get(url).content.decode()
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert inline and set(inline) == {' type="application/ld+json"'}, url
        assert not re.search(r"\son[a-z]+=", html), url


def test_every_response_forbids_sniffing_framing_and_full_referrers(client, home):
    for url in ["/", "/missing/", "/robots.txt", "/healthz", reverse("wagtailadmin_login")]:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY", url
        assert "Content-Security-Policy" in response


def permissions(response):
    """The Permissions-Policy header as {feature: [allowed origins]}."""
    features = (item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    return {feature: allowlist.strip("()").replace('"', "").split() for feature, allowlist in features}


def test_every_response_denies_the_browser_features_the_site_never_uses(client, home, admin_client):
    for url in ["/", "/missing/", "/robots.txt", "/healthz", reverse("wagtailadmin_home")]:
        features = permissions(client.get(url))
        for feature in ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]:
            assert features[feature] == [], (url, feature)


def test_what_a_player_may_do_is_left_to_its_frame_and_only_players_may_be_framed(client, home):
    """The players' iframes ask for autoplay, fullscreen... with their `allow`; the header leaves those at the
    browser's default, and no host but the players' may be framed at all (tests/browser/test_reader.py plays one)."""
    response = client.get("/")

    assert not {"fullscreen", "autoplay", "encrypted-media", "picture-in-picture"} & set(permissions(response))
    assert policy(response)["frame-src"] == VIDEO_PLAYERS.split()


def test_the_admin_has_its_own_policy_and_only_previews_may_be_framed(admin_client, make_essay):
    essay = make_essay("Framed")
    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[essay.pk]))
    preview = admin_client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[essay.pk]))

    assert editor["X-Frame-Options"] == "DENY"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    csp = policy(editor)
    # Wagtail 8's admin still writes inline scripts (date pickers, inline panels): its pages alone allow them.
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["frame-src"] == ["'self'", *VIDEO_PLAYERS.split()]
    assert csp["object-src"] == ["'none'"]
    assert policy(preview) == csp


def test_session_and_csrf_cookies_are_hidden_from_scripts(client, editor):
    form = client.get(reverse("wagtailadmin_login"))
    assert form.cookies["csrftoken"]["httponly"] is True

    session = sign_in(client, "editor", PASSWORD, "198.51.100.1").cookies["sessionid"]
    assert session["httponly"] is True


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def sign_in(client, username, password, address):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response):
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_four_wrong_passwords_still_let_the_right_one_in(client, editor):
    for _ in range(4):
        response = sign_in(client, "editor", "wrong", "198.51.100.1")
        assert response.status_code == 200
        assert "Your username and password didn" in response.content.decode()
    assert signed_in(sign_in(client, "editor", PASSWORD, "198.51.100.1"))


def test_after_five_wrong_passwords_for_a_user_even_the_right_one_is_refused(client, editor):
    # From five addresses: the username alone is enough to lock it.
    responses = [sign_in(client, "editor", "wrong", f"198.51.100.{number}") for number in range(1, 6)]
    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]

    refused = sign_in(client, "editor", PASSWORD, "203.0.113.9")
    assert refused.status_code == 429
    assert "too many login attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_after_five_failures_from_an_address_it_is_refused_for_every_user(client, editor, django_user_model):
    django_user_model.objects.create_superuser("other", "other@example.com", PASSWORD)
    for name in ["alice", "bob", "carol", "dave", "erin"]:
        sign_in(client, name, "wrong", "198.51.100.7")

    assert sign_in(client, "editor", PASSWORD, "198.51.100.7").status_code == 429
    assert signed_in(sign_in(client, "other", PASSWORD, "198.51.100.8"))


def test_a_lockout_lasts_only_for_a_while(client, editor, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(seconds=1)
    for _ in range(5):
        sign_in(client, "editor", "wrong", "198.51.100.1")
    assert sign_in(client, "editor", PASSWORD, "198.51.100.1").status_code == 429

    time.sleep(1.1)
    assert signed_in(sign_in(client, "editor", PASSWORD, "198.51.100.1"))


def test_behind_a_proxy_the_address_it_saw_is_locked_not_a_forged_one(client, editor, settings):
    """With PROXY_COUNT=1, the last X-Forwarded-For entry is the visitor's; earlier ones are whatever they sent."""
    settings.PROXY_COUNT = 1
    for number in range(5):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": f"guess{number}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 198.51.100.66",
        )

    def from_address(forwarded_for):
        return client.post(
            reverse("wagtailadmin_login"),
            {"username": "editor", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    assert from_address("192.0.2.200, 198.51.100.66").status_code == 429
    assert signed_in(from_address("198.51.100.67"))
