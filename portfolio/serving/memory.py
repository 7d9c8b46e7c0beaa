"""Memory a request took in bulk (making an image's renditions, mostly), given back to the system afterwards.

glibc only; elsewhere (macOS, musl) the C library is left as it is.
"""

import ctypes
import ctypes.util
import os
import threading

C_LIBRARY = ctypes.CDLL(ctypes.util.find_library("c"))
malloc_trim = getattr(C_LIBRARY, "malloc_trim", None)
mallopt = getattr(C_LIBRARY, "mallopt", None)
M_ARENA_MAX = -8
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
# Growth past which a finished request is followed by a trim: far above what rendering a page takes.
GROWTH = 32 * 1024 * 1024

resident_after_trim = None
lock = threading.Lock()


def limit_allocator_arenas():
    """Image encoders (AVIF's above all) run on threads, and glibc gives each thread a memory arena of its own that
    stays, fragmented, after the thread ends: a worker that made a page's renditions kept ~57 MB more than one that
    made none. With two arenas it keeps ~21 MB, and encoding is no slower (see docs/performance.md). Called before
    gunicorn forks its workers, so they inherit it."""
    if mallopt is not None:
        mallopt(M_ARENA_MAX, 2)


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
