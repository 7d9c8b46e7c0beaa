from django.conf import settings


def client_ip(request):
    """The visitor's address, as login throttling sees it: the connection's own address, or behind
    PROXY_COUNT reverse proxies the one the outermost proxy saw (earlier X-Forwarded-For entries can be forged)."""
    if not settings.PROXY_COUNT:
        return request.META.get("REMOTE_ADDR")
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [address.strip() for address in header.split(",") if address.strip()]
    if len(forwarded) < settings.PROXY_COUNT:
        return request.META.get("REMOTE_ADDR")
    return forwarded[-settings.PROXY_COUNT]
