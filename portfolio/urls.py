from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import PasswordResetView
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as document_views

from music.views import shows_calendar
from portfolio.accounts import throttling
from portfolio.pages import views
from portfolio.serving import health

urlpatterns = [
    # Wagtail's own views at Wagtail's own addresses, matched first so that django-axes counts their attempts.
    path("admin/password_reset/", throttling.password_reset(PasswordResetView.as_view())),
    path(
        "_util/authenticate_with_password/<int:restriction_id>/<int:page_id>/",
        throttling.content_password("page")(wagtail_views.authenticate_with_password),
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttling.content_password("document")(document_views.authenticate_with_password),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", health.healthz, name="healthz"),
    # A file name under the music timeline, which Wagtail's page paths (no dots) cannot hold.
    re_path(r"^(?P<timeline_path>(?:[\w-]+/)+)shows\.ics$", shows_calendar, name="shows_calendar"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree.
urlpatterns += [path("", include(wagtail_urls))]
