"""People named on music pages: writers, performers and members, as text (most have no page of their own)."""


def split_list(text):
    """The items of a comma-separated list, as an editor typed them."""
    return [item.strip() for item in text.split(",") if item.strip()]
