"""A local implementation of the recruiting platform's GraphQL contract.

Serves `service/platform.graphql` on loopback from SQLite, with seeded applications
and CVs, fault injection and request counters, so tests and the offline demo exercise
the worker's real HTTP client. Run it with `python -m scripts.local_platform --help`,
or in-process with `LocalPlatform` (background thread).
"""

from .faults import Faults
from .harness import LocalPlatform
from .seeding import DEFAULT_SEED
from .server import DEFAULT_API_KEY, PlatformServer

__all__ = ["DEFAULT_API_KEY", "DEFAULT_SEED", "Faults", "LocalPlatform", "PlatformServer"]
