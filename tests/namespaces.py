"""Faults made real for tests that run as root: a private mount namespace (`unshare -m`)
in which a test may mount a read-only bind, a tiny tmpfs or its own /etc/resolv.conf
without touching the machine. Tests that need one are skipped where it is not allowed."""

from __future__ import annotations

import functools
import shutil
import subprocess

import pytest


@functools.cache
def available() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(
    not available(), reason="no private mount namespace here (unshare -m needs privileges)"
)
