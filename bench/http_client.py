"""A tiny keep-alive HTTP client with cookies and the CSRF token, as a browser would send."""

import http.client
import re
import time
from urllib.parse import urlencode

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Client:
    def __init__(self, port: int, timeout: float = 60):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies: dict[str, str] = {}
        self.host = f"127.0.0.1:{port}"

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, float]:
        """Send one request; return status, body and the elapsed milliseconds."""
        status, _location, text, elapsed = self.exchange(method, path, form)
        return status, text, elapsed

    def exchange(self, method: str, path: str, form: dict | None = None
                 ) -> tuple[int, str, str, float]:
        """Send one request; return status, Location, body and the elapsed milliseconds."""
        headers = {"Host": self.host, "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), text, elapsed

    def token(self, path: str) -> str:
        _, text, _ = self.request("GET", path)
        match = TOKEN.search(text)
        if not match:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)

    def login(self, login: str, password: str) -> None:
        token = self.token("/login")
        status, _, _ = self.request("POST", "/login", {"csrf_token": token, "login": login,
                                                       "password": password})
        if status != 302:
            raise RuntimeError(f"sign-in failed with {status}")
