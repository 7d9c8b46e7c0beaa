"""Memory a request took in bulk (making an image's renditions, mostly), given back to the system afterwards."""

import ctypes
import ctypes.util
import os
import threading

# glibc's malloc_trim; None where the C library has none (macOS, musl), and nothing is trimmed there.
malloc_trim = getattr(ctypes.CDLL(ctypes.util.find_library("c")), "malloc_trim", None)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
# Growth past which a finished request is followed by a trim: far above what rendering a page takes.
GROWTH = 32 * 1024 * 1024

resident_after_trim = None
lock = threading.Lock()


def resident():
    """Resident bytes of this process (Linux), from /proc/self/statm; 0 where there is none."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_SIZE
    except OSError:
        return 0


def give_back_memory(**kwargs):
    """A request_finished receiver. Encoding images (AVIF above all) leaves tens of megabytes in the C allocator's
    free lists, which a long-lived worker would keep for good; after a request that grew the process that much,
    hand them back. Otherwise it costs one small file read."""
    global resident_after_trim
    if malloc_trim is None:
        return
    with lock:
        if resident_after_trim is None or resident() - resident_after_trim > GROWTH:
            malloc_trim(0)
            resident_after_trim = resident()
