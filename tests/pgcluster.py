"""A throw-away PostgreSQL cluster from Debian's packages, for the tests and benches.

initdb in a temporary folder, pg_ctl start, and stop + delete after: no system
service, nothing left behind. initdb refuses to run as root, so as root the
cluster runs as Debian's `postgres` user. Listens on a unix socket in its own
folder (and on 127.0.0.1:<port> when asked, for servers on "other boxes").
"""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit


class Unavailable(Exception):
    """No PostgreSQL server programs on this machine (Debian: postgresql)."""


def server_bin() -> Path:
    """The folder of initdb and pg_ctl (Debian keeps them off PATH)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]))
    if not candidates:
        raise Unavailable("initdb not found: install Debian's postgresql package "
                          "(`make test-tools` does)")
    return Path(candidates[-1]).parent


class Cluster:
    USER = "logement"

    def __init__(self, port: int, tcp: bool = False, durable: bool = False,
                 parent: Path | None = None):
        """parent: where the cluster's folder goes (the system's temporary folder unless
        told); the tests put theirs in memory (tests/conftest.py)."""
        self.port, self.tcp, self.durable = port, tcp, durable
        self.bin = server_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="logement-pg-", dir=parent))
        self.data = self.folder / "data"
        self.runner = []
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError as missing:
                raise Unavailable("running as root and no `postgres` user") from missing
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.runner = ["runuser", "-u", "postgres", "--"]

    @classmethod
    def running_at(cls, folder: Path, port: int) -> "Cluster":
        """A cluster another process started and stops (the workers of a parallel test
        run share the run's): its databases, not its life."""
        cluster = cls.__new__(cls)
        cluster.port, cluster.tcp, cluster.durable = port, False, False
        cluster.folder, cluster.data = Path(folder), Path(folder) / "data"
        cluster.bin, cluster.runner = server_bin(), []
        return cluster

    def _run(self, *command):
        result = subprocess.run([*self.runner, *command], capture_output=True, text=True,
                                timeout=120)
        if result.returncode != 0:
            raise Unavailable(f"{Path(command[0]).name} failed: {result.stderr[-800:]}")

    def start(self) -> "Cluster":
        try:
            self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", self.USER,
                      "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
            settings = [f"-p {self.port}", f"-k {self.folder}",
                        "-c listen_addresses=" + ("127.0.0.1" if self.tcp else "''"),
                        "-c max_connections=200"]
            if not self.durable:  # tests: a crash of the machine loses nothing we keep
                settings += ["-c fsync=off", "-c synchronous_commit=off",
                             "-c full_page_writes=off"]
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                      str(self.folder / "server.log"), "-o", " ".join(settings), "-w",
                      "-t", "60", "start")
        except BaseException:
            self.stop()
            raise
        return self

    def url(self, database: str = "postgres") -> str:
        if self.tcp:
            return f"postgresql://{self.USER}@127.0.0.1:{self.port}/{database}"
        return f"postgresql://{self.USER}@/{database}?host={self.folder}&port={self.port}"

    def new_database(self, copy_of: str | None = None) -> str:
        """The URL of a fresh database: empty, or a copy of the database at the URL
        copy_of (which nobody may be connected to)."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:16]
        template = f" template {urlsplit(copy_of).path.lstrip('/')}" if copy_of else ""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"create database {name}{template}")
        return self.url(name)

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self.runner, str(self.bin / "pg_ctl"), "-D", str(self.data),
                            "-m", "immediate", "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)
