from django import template

from portfolio.pages.content_checks import mark_vague_links

register = template.Library()
register.filter("mark_vague_links", mark_vague_links, is_safe=True)
