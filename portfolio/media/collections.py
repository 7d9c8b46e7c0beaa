"""Where new images and documents go: the Uploads collection (made by migrations/0005_roles_and_collections.py)."""

from wagtail.documents.forms import BaseDocumentForm

UPLOADS = "Uploads"


class UploadsFirst:
    """A form that offers Uploads first for a new image or document, so that whoever uploads from a page's chooser,
    superusers too, adds to Uploads unless they pick another collection; Wagtail offered the first collection in
    the tree, the root, to anyone allowed to add there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("collection")
        if field is None or self.instance.pk or "collection" in self.initial:
            return
        uploads = field.queryset.filter(name=UPLOADS, depth=2).first()
        if uploads:
            field.initial = uploads.pk


class DocumentForm(UploadsFirst, BaseDocumentForm):
    """Wagtail's document form, adding to Uploads unless told otherwise."""
