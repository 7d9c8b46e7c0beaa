from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's root: an introduction, then the essays worth reading first."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text="A few sentences about the author, shown at the top of the home page.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.EssayIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"
