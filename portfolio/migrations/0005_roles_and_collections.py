"""The editorial roles, "Authors" and "Media managers", and the media library's collections.

Existing groups and collections of the same names are reused, so this is safe on any database that
has Wagtail's own initial data. Reversing it removes the two groups, and each collection that holds
nothing (a collection with images or documents in it stays, with them).
"""

from django.db import migrations

# The real model, for django-treebeard's fix_tree, as Wagtail's own migration 0059 does: it touches only
# the tree's own columns, so it is safe whatever fields later versions add.
from wagtail.models import Collection as CollectionTree

AUTHORS = "Authors"
MEDIA_MANAGERS = "Media managers"
UPLOADS = "Uploads"
COLLECTIONS = [UPLOADS, "Cover art", "Photos", "Documents"]
MEDIA = [("wagtailimages", "image"), ("wagtaildocs", "document")]
# django-treebeard's materialised paths: four base-36 digits a level.
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PATH_STEP = 4


def permission(apps, app_label, model, action):
    """The permission, created if Django has not made it yet (it does so only after all migrations)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
    )
    return found


def child_collection(Collection, root, name):
    """The root collection's child of this name, added after the others if there is none (fix_tree then
    sorts siblings by name, the order Wagtail keeps collections in)."""
    children = Collection.objects.filter(depth=root.depth + 1, path__startswith=root.path)
    existing = children.filter(name=name).first()
    if existing:
        return existing
    last = children.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-PATH_STEP:], 36) + 1 if last else 1
    step = ""
    for _ in range(PATH_STEP):
        number, digit = divmod(number, 36)
        step = PATH_ALPHABET[digit] + step
    return Collection.objects.create(name=name, path=root.path + step, depth=root.depth + 1, numchild=0)


def create_roles_and_collections(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    root_collection = Collection.objects.get(depth=1)
    collections = {name: child_collection(Collection, root_collection, name) for name in COLLECTIONS}
    CollectionTree.fix_tree(fix_paths=True)
    access_admin = permission(apps, "wagtailadmin", "admin", "access")

    def grant(group, collection, app_label, model, actions):
        for action in actions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission(apps, app_label, model, action)
            )

    # Authors write, edit and publish pages anywhere in the tree (the root's only page is the home page,
    # which may not be created twice), pick any image or document, and upload into "Uploads" only.
    authors, _ = Group.objects.get_or_create(name=AUTHORS)
    authors.permissions.add(access_admin)
    root_page = Page.objects.get(depth=1)
    for action in ("add", "change", "publish"):
        GroupPagePermission.objects.get_or_create(
            group=authors, page=root_page, permission=permission(apps, "wagtailcore", "page", action)
        )
    for app_label, model in MEDIA:
        grant(authors, root_collection, app_label, model, ["choose"])
        grant(authors, collections[UPLOADS], app_label, model, ["add"])

    # Media managers look after the whole library and its collections, and no pages. Editing any item
    # is what lets them delete it (portfolio.media.permissions).
    media_managers, _ = Group.objects.get_or_create(name=MEDIA_MANAGERS)
    media_managers.permissions.add(access_admin)
    for app_label, model in MEDIA:
        grant(media_managers, root_collection, app_label, model, ["add", "change"])
    grant(media_managers, root_collection, "wagtailcore", "collection", ["add", "change", "delete"])


def remove_roles_and_collections(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    media_models = [apps.get_model(app_label, model) for app_label, model in MEDIA]

    Group.objects.filter(name__in=[AUTHORS, MEDIA_MANAGERS]).delete()
    for collection in Collection.objects.filter(depth=2, name__in=COLLECTIONS, numchild=0):
        if not any(model.objects.filter(collection=collection).exists() for model in media_models):
            collection.delete()
    CollectionTree.fix_tree()


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0004_about_page"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_roles_and_collections, remove_roles_and_collections)]
