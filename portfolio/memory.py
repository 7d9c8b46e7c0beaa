"""Memory that making an image's renditions took, given back to the system once they are made."""

import ctypes
import ctypes.util

# glibc's malloc_trim; None where the C library has none (macOS, musl), and nothing is trimmed there.
malloc_trim = getattr(ctypes.CDLL(ctypes.util.find_library("c")), "malloc_trim", None)


def give_back_memory(**kwargs):
    """A post_save receiver for renditions: encoding an image (AVIF above all) leaves tens of megabytes in the C
    allocator's free lists, which a long-lived worker would otherwise keep for good. Renditions are made once
    per image and size, so the call is rare."""
    if malloc_trim is not None:
        malloc_trim(0)
