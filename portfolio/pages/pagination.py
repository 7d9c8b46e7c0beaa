from django.core.paginator import InvalidPage, Paginator
from django.http import Http404


def paginate(request, items, per_page):
    """The page of items that ?page= asks for; a page that is not a number or out of range is a 404."""
    try:
        return Paginator(items, per_page).page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404(str(error)) from error
