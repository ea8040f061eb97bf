"""The page's door-keeper (ASGI middleware): a request must name this server in its Host header
(so that a web page on another site, its name rebound to 127.0.0.1, cannot drive it) and carry
the session token, in the URL (`?token=…`, as Jupyter does) or in the cookie set on the first
visit. Anything else gets HTTP 403 with a short Chinese explanation.
"""

from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

COOKIE = "rectxl_token"


def _page(status: int, zh: str, en: str) -> tuple[int, bytes]:
    body = (f"<!doctype html><meta charset='utf-8'><title>rectxl</title>"
            f"<p style='font:16px sans-serif;margin:2em'>{zh}<br><small style='color:#666'>{en}</small></p>")
    return status, body.encode("utf-8")


NO_TOKEN = _page(403, "访问被拒绝：缺少或错误的访问令牌。请使用运行 rectxl serve 时显示的完整地址（含 ?token=…）打开本页。",
                 "Forbidden: the access token is missing or wrong. Open the full address rectxl serve printed.")
FOREIGN_HOST = _page(403, "访问被拒绝：请求的主机名不是本机（127.0.0.1 / localhost）。",
                     "Forbidden: the Host header does not name this computer.")


class Guard:
    def __init__(self, app, token: str, port: int):
        self.app = app
        self.token = token
        self.hosts = {f"{name}:{port}".encode() for name in ("127.0.0.1", "localhost", "[::1]")}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        if headers.get(b"host", b"").lower() not in self.hosts:
            return await _refuse(send, FOREIGN_HOST)
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        from_url = bool(given)
        if not given:
            cookie = SimpleCookie()
            try:
                cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
            except Exception:  # noqa: BLE001 — a malformed cookie is no token
                pass
            given = cookie[COOKIE].value if COOKIE in cookie else ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return await _refuse(send, NO_TOKEN)
        if not from_url:
            return await self.app(scope, receive, send)

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict".encode()
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
            await send(message)

        return await self.app(scope, receive, send_with_cookie)


async def _refuse(send, page: tuple[int, bytes]) -> None:
    status, body = page
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})
