"""Accounts and passwords: password reset requests and the passwords of private pages and documents, throttled as
django-axes throttles the admin's login."""
