"""The page's answer times (`rectxl serve`): the demo ledger and the province-wide ledger (benchmarks/
generate.py, cached in benchmarks/out/) uploaded to a running server, several times each; the
server's own time (its Server-Timing header), the round trip, `rectxl status` on the same file as a
reference taken in the same run (on a busy machine compare the two), and the server's peak memory.
Usage: python benchmarks/web_bench.py [--runs N] (5 by default). Targets: demo < 1 s, province < 5 s,
memory < 400 MB.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ensure  # noqa: E402


def upload(port: int, token: str, path: Path) -> tuple[float, float, int]:
    """Server seconds, round-trip seconds and HTTP status of one upload."""
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    start = time.perf_counter()
    conn.request("POST", f"/api/ledger?token={token}", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    response = conn.getresponse()
    response.read()
    wall = time.perf_counter() - start
    server = float(re.search(r"dur=([\d.]+)", response.getheader("server-timing", "dur=nan"))[1]) / 1000
    conn.close()
    return server, wall, response.status


def command_seconds(path: Path) -> float:
    """`rectxl status FILE --format json` as a whole process: the reference on the same machine now."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rectxl", "status", str(path), "--format", "json"], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status)[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    ledgers = {"demo": ensure("seed"), "province": ensure("province")}
    process = subprocess.Popen([sys.executable, "-m", "rectxl", "serve", "--port", "0", "--no-browser"],
                               stdout=subprocess.PIPE, text=True)
    try:
        url = ""
        while not url.startswith("http"):
            url = process.stdout.readline().strip()
        parts = urlsplit(url)
        token = parts.query.split("token=")[1]
        print(f"{'ledger':<10} {'server s (median)':>18} {'round trip s':>13} {'rectxl status s':>16} {'target':>8}")
        for name, path in ledgers.items():
            upload(parts.port, token, path)  # the first: imports and warms up
            results = [upload(parts.port, token, path) for _ in range(runs)]
            assert all(status == 200 for _, _, status in results), results
            server = statistics.median(s for s, _, _ in results)
            wall = statistics.median(w for _, w, _ in results)
            command = statistics.median(command_seconds(path) for _ in range(runs))
            target = 1.0 if name == "demo" else 5.0
            print(f"{name:<10} {server:>18.3f} {wall:>13.3f} {command:>16.3f} {'< ' + str(target):>8} "
                  f"{'ok' if server < target else 'MISSED'}")
        mb = peak_mb(process.pid)
        print(f"server peak memory: {mb:.0f} MB (target < 400) {'ok' if mb < 400 else 'MISSED'}")
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
