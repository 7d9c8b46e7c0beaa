from django.core.management.base import BaseCommand

from blog.exporting import export_essays


class Command(BaseCommand):
    help = "Write every essay to DIR as Markdown with front matter, its images and documents beside it."

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        written = export_essays(directory)
        self.stdout.write(f"Exported {len(written)} essay(s) to {directory}")
