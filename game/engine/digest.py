"""SHA-256 without loading OpenSSL.

`import hashlib` loads OpenSSL's libcrypto: about ten million instructions,
and the start needs one digest (the check cache's fingerprint of the code).
CPython's own SHA-256 module gives the same digests; hashlib where a Python
is built without it."""

from __future__ import annotations

try:
    from _sha256 import sha256  # CPython 3.10, 3.11
except ImportError:  # pragma: no cover - another Python
    try:
        from _sha2 import sha256  # CPython 3.12 and later
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256"]
