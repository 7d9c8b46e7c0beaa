"""Essays from Markdown and plain-text files, read completely before anything is written.

Reading (`read_essay_file`) checks everything that can be wrong with a file and
turns its body into a plan of blocks. Writing (`import_essays`) resolves links
and uploads images and documents, then saves each essay as a page revision, all
in one transaction.
"""

from blog.importing.files import ESSAY_SUFFIXES, duplicate_slugs, read_essay_file
from blog.importing.sources import EssayFileError
from blog.importing.writing import import_essays

__all__ = ["ESSAY_SUFFIXES", "EssayFileError", "duplicate_slugs", "import_essays", "read_essay_file"]
