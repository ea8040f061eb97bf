"""`rectxl serve`'s server: uvicorn on a socket bound to 127.0.0.1 only, the address with its
session token printed (and flushed) as soon as it listens, the browser opened at it, and the
uploads' folder deleted when it stops (Ctrl+C, closing the window, SIGTERM).
"""

from __future__ import annotations

import secrets
import socket
import sys
import threading
from collections.abc import Callable

from rectxl.errors import BadOption

HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def listen(port: int) -> socket.socket:
    """A listening socket on the loopback address (port 0: any free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if sys.platform != "win32":  # on Windows this flag lets two servers share a port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError:
        sock.close()
        raise BadOption(f"端口 {port} 已被占用：请关闭已运行的 rectxl serve，或用 --port 指定其他端口（如 --port 8766）。",
                        f"Port {port} is in use: close the other rectxl serve or choose another with --port.") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(port: int = DEFAULT_PORT, open_browser: bool = True, lang: str = "zh",
          say: Callable[[str], None] = print) -> None:
    """Serve the page until interrupted."""
    import uvicorn

    from rectxl.web.app import create_app
    from rectxl.web.uploads import Store

    sock = listen(port)
    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    url = f"http://{HOST}:{port}/?token={token}" + ("&lang=en" if lang == "en" else "")
    store = Store()
    try:
        app = create_app(token, port, lang, store)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=3)
        server = uvicorn.Server(config)
        if lang == "en":
            say("rectxl page (keep this window open; Ctrl+C stops it):")
        else:
            say("整改台账网页已启动（使用期间请勿关闭本窗口；按 Ctrl+C 停止）：")
        say(url)
        sys.stdout.flush()
        if open_browser:
            import webbrowser

            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        server.run(sockets=[sock])
    finally:
        store.close()
        sock.close()
