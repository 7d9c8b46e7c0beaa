"""Password reset requests and the passwords of private pages and documents, throttled by django-axes as the
admin's login is.

These forms never call `authenticate()`, whose failures django-axes counts, so these wrappers of Wagtail's views
tell it of each attempt themselves (Django's `user_login_failed` signal), under a name of their own: the e-mail
address a reset is asked for, or "page password 3" for a restriction. Once the visitor's address or that name has
AXES_FAILURE_LIMIT attempts within AXES_COOLOFF_TIME, they get django-axes's 429, and `manage.py axes_reset_ip` or
`axes_reset_username` lifts it as it lifts any lockout.
"""

from functools import wraps

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth.signals import user_login_failed


def _count(request, name):
    user_login_failed.send(sender=__name__, credentials={"username": name}, request=request)


def _refusal(request, name):
    """django-axes's 429 answer if the visitor's address or the name is locked out, else None."""
    credentials = {"username": name}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    return get_lockout_response(request, credentials=credentials)


def password_reset(view):
    """Every request for a reset mail counts, whether or not an account has the address, since each may send a
    mail; it is counted before the mail is sent, so the request that reaches the limit sends none."""

    @wraps(view)
    def throttled(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        name = request.POST.get("email", "").strip().lower()
        _count(request, name)
        return _refusal(request, name) or view(request, *args, **kwargs)

    return throttled


def content_password(kind):
    """For Wagtail's view that checks the password of a private page or document collection (`kind`), whose
    first argument is the restriction's id: each wrong password counts, which Wagtail answers with its form again."""

    def decorator(view):
        @wraps(view)
        def throttled(request, restriction_id, *args, **kwargs):
            if request.method != "POST":
                return view(request, restriction_id, *args, **kwargs)
            name = f"{kind} password {restriction_id}"
            if refusal := _refusal(request, name):
                return refusal
            response = view(request, restriction_id, *args, **kwargs)
            if response.status_code == 200:
                # At the limit, django-axes's middleware turns this answer into its 429, as for the login.
                _count(request, name)
            return response

        return throttled

    return decorator
