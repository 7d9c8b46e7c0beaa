from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Essays"

    def ready(self):
        from django.db.models.signals import pre_save
        from taggit.models import Tag

        from blog.tags import give_every_tag_a_slug

        pre_save.connect(give_every_tag_a_slug, sender=Tag, dispatch_uid="tag-slug")
