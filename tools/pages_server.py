"""Serve a built site the way GitHub Pages does: nginx, gzip, under /<repo>/.

Used by the browser tests and the benchmark; also runnable by hand:
    .venv/bin/python -m tools.pages_server site/
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PREFIX = "/openweight-explainer/"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

CONFIG = """\
daemon off;
worker_processes 1;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include {mime};
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    sendfile on;
    # As GitHub Pages: compressed text, short caching, 404.html for unknown paths.
    gzip on;
    gzip_min_length 256;
    gzip_types text/css application/javascript text/javascript application/json image/svg+xml
               text/xml application/xml text/plain;
    add_header Cache-Control "max-age=600";
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        location = / {{ return 302 {prefix}; }}
        location {prefix} {{
            alias {root}/;
            index index.html;
            error_page 404 {prefix}404.html;
        }}
        location / {{ return 404; }}
    }}
}}
"""


def nginx_available() -> bool:
    return Path(NGINX).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(site_dir: Path | str, prefix: str = PREFIX, port: int | None = None) -> Iterator[str]:
    """Start nginx on a free loopback port; yield the site's base URL; stop it after."""
    with tempfile.TemporaryDirectory(prefix="pages-nginx-") as tmp:
        proc, base = start(site_dir, Path(tmp), prefix, port)
        try:
            yield base
        finally:
            proc.send_signal(signal.SIGQUIT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def start(site_dir: Path | str, tmp: Path, prefix: str = PREFIX,
          port: int | None = None) -> tuple[subprocess.Popen, str]:
    """Start nginx serving `site_dir` (its configuration, logs and pid file in `tmp`) and
    wait until it answers; return the process and the site's base URL. The caller stops it
    (SIGQUIT); `serve` does so on leaving its block."""
    if not nginx_available():
        raise RuntimeError("nginx is not installed: apt-get install -y nginx")
    site_dir = Path(site_dir).resolve()
    port = port or free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(CONFIG.format(
        tmp=tmp, port=port, prefix=prefix, root=site_dir, mime="/etc/nginx/mime.types",
        # Workers must read the site: as root, keep them root (the site may sit in a private tmp dir).
        user="user root;" if os.geteuid() == 0 else "",
    ))
    # stderr to a file: the process may outlive the one that started it (tests/shared_run.py).
    with open(tmp / "stderr.log", "wb") as stderr:
        proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp), "-e", f"{tmp}/error.log"],
                                stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}{prefix}"
    try:
        _wait_until_up(base, proc, tmp)
    except BaseException:
        proc.kill()
        raise
    return proc, base


def _wait_until_up(base: str, proc: subprocess.Popen, tmp: Path, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            logs = [tmp / "stderr.log", tmp / "error.log"]
            raise RuntimeError("nginx exited: " + "".join(p.read_text() for p in logs if p.exists()))
        try:
            urllib.request.urlopen(base, timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not answer at {base} within {seconds}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    with serve(args.site, port=args.port) as base:
        print(f"Serving {args.site} at {base} (Ctrl+C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
