from django.db import migrations

from blog.tags import slug_for


def give_tags_without_a_slug_one(apps, schema_editor):
    """Tags named by symbols alone were saved with an empty slug, which no tag page can be reached by."""
    Tag = apps.get_model("taggit", "Tag")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.filter(slug=""):
        base = slug_for(tag.name) or "tag"
        slug, number = base, 1
        while slug in taken:
            slug, number = f"{base}_{number}", number + 1
        tag.slug = slug
        tag.save(update_fields=["slug"])
        taken.add(slug)


class Migration(migrations.Migration):
    dependencies = [("blog", "0004_essay_order_indexes"), ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx")]

    operations = [migrations.RunPython(give_tags_without_a_slug_one, migrations.RunPython.noop)]
