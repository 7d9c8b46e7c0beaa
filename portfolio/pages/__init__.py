"""The site's own pages and what they are made of: shared blocks, video links, link platforms, listings."""
