"""Wagtail's `image` and `picture` tags, with the same syntax and output, at a smaller cost per render.

Wagtail's tags build new Filters at every render, each parsing its operations again (a picture in three formats
and three widths: nine Filters), and its `image` tag writes the rendition to the cache on every render. These
build their Filters once, when the template is compiled, and read each image's renditions once
(portfolio.renditions).
"""

from django import template
from django.utils.functional import cached_property
from wagtail.images.templatetags import wagtailimages_tags as wagtail_tags

from portfolio.renditions import read_renditions, rendition

register = template.Library()


class ImageNode(wagtail_tags.ImageNode):
    @cached_property
    def filter(self):
        return super().get_filter()

    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        found = rendition(image, self.filter)
        if self.output_var_name:
            context[self.output_var_name] = found
            return ""
        return found.img_tag({name: value.resolve(context) for name, value in self.attrs.items()})


class PictureNode(wagtail_tags.PictureNode):
    def validate_image(self, context):
        image = super().validate_image(context)
        read_renditions([image])
        return image

    @cached_property
    def filters(self):
        return super().get_filters()

    def get_filters(self):
        return self.filters


def compiled_as(node_class):
    def compile_tag(parser, token):
        parsed = wagtail_tags.image(parser, token)
        return node_class(parsed.image_expr, parsed.filter_specs, parsed.output_var_name, parsed.attrs)

    return compile_tag


register.tag("image", compiled_as(ImageNode))
register.tag("picture", compiled_as(PictureNode))
