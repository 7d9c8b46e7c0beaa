from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Portfolio"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_save
        from taggit.managers import TaggableManager
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.permissions import register_permission_policy

        from portfolio.media.permissions import MediaPermissionPolicy
        from portfolio.pages.text import CleanTagField, clean_before_saving
        from portfolio.serving import content_changes

        pre_save.connect(clean_before_saving, dispatch_uid="clean-text")
        register_form_field_override(
            TaggableManager,
            override=lambda db_field: {"form_class": CleanTagField, "tag_model": db_field.related_model},
        )
        content_changes.connect()
        post_migrate.connect(content_changes.database_migrated, sender=self, dispatch_uid="database-migrated")

        # Registered for the exact classes, so the policies Wagtail's apps register later do not replace these.
        for model in (get_image_model(), get_document_model()):
            register_permission_policy(
                model,
                MediaPermissionPolicy(model, auth_model=model, owner_field_name="uploaded_by_user"),
                exact_class=True,
            )
