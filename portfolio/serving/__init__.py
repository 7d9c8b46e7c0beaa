"""Serving pages: the page cache and what keeps it fresh, the shared cache that survives outages, the maintenance
page, security headers, the client's address."""
