from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Portfolio"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.permissions import register_permission_policy

        from portfolio.permissions import MediaPermissionPolicy

        self.start_new_generation_on_every_visible_change()
        self.keep_memory_of_making_renditions_small()

        # Registered for the exact classes, so the policies Wagtail's apps register later do not replace these.
        for model in (get_image_model(), get_document_model()):
            register_permission_policy(
                model,
                MediaPermissionPolicy(model, auth_model=model, owner_field_name="uploaded_by_user"),
                exact_class=True,
            )

    def start_new_generation_on_every_visible_change(self):
        """Whatever a visitor could see change makes every cached page and value stale (portfolio.content_cache)."""
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save
        from taggit.models import Tag
        from wagtail.images import get_image_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from portfolio.content_cache import forget_generation, start_new_generation
        from portfolio.models import AuthorSettings

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(start_new_generation, dispatch_uid="content-generation")
        post_delete.connect(start_new_generation, sender=Page, dispatch_uid="content-generation")
        for model in (PageViewRestriction, get_image_model(), Site, AuthorSettings, Tag):
            for signal in (post_save, post_delete):
                signal.connect(start_new_generation, sender=model, dispatch_uid="content-generation")
        request_started.connect(forget_generation, dispatch_uid="content-generation")

    def keep_memory_of_making_renditions_small(self):
        from django.core.signals import request_finished

        from portfolio.memory import give_back_memory, limit_allocator_arenas

        limit_allocator_arenas()
        request_finished.connect(give_back_memory, dispatch_uid="give-back-memory")
