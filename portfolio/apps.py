from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Portfolio"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.permissions import register_permission_policy

        from portfolio.permissions import MediaPermissionPolicy

        # Registered for the exact classes, so the policies Wagtail's apps register later do not replace these.
        for model in (get_image_model(), get_document_model()):
            register_permission_policy(
                model,
                MediaPermissionPolicy(model, auth_model=model, owner_field_name="uploaded_by_user"),
                exact_class=True,
            )
