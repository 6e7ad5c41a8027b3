"""Password hashing: Argon2id at the cost OWASP recommends (46 MiB, one pass, one lane).

Django's own Argon2 defaults (100 MiB, two passes, eight lanes) take twice as long on a two-core
server and hold 100 MiB per sign-in: five workers signing five people in at once hold half a
gigabyte, which a burst of attempts turns into a way to exhaust the machine. The hashes keep the
name ``argon2``: those made with other parameters still verify, and are re-made with these at the
next sign-in."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 47_104  # KiB: 46 MiB
    parallelism = 1
