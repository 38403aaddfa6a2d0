"""A small OpenAI-compatible HTTP server for tests: scripted chat completions on 127.0.0.1.

It is a real server in a thread, so tests run the real ``openai`` client over real HTTP.
Each test scripts its answers (``reply``, ``reply_always``) and reads what was sent
(``requests``). Use the ``openai_server`` fixture (import ``openai_server_fixture`` into a
test module or conftest), or the server as a context manager.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

CHAT_COMPLETIONS_PATH = "/v1/chat/completions"


@dataclass(frozen=True, slots=True)
class Reply:
    """One scripted answer: a chat completion whose message is ``content``, or an error."""

    content: str = ""
    status: int = 200
    delay_s: float = 0.0  # wait before answering (the client may give up first)
    raw_body: str | None = None  # sent as is instead of a chat completion
    finish_reason: str = "stop"

    @classmethod
    def completion(cls, content: str | dict[str, Any], **kwargs: Any) -> Reply:
        """A 200 answer; a dict is sent as its JSON text, a str as it is."""
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        return cls(content=text, **kwargs)

    @classmethod
    def error(cls, status: int, message: str = "scripted error") -> Reply:
        body = {"error": {"message": message, "type": "server_error", "code": None}}
        return cls(status=status, raw_body=json.dumps(body))


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]  # names in lower case
    raw_body: str
    received_at: float = field(default_factory=time.monotonic)

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.raw_body)


class OpenAICompatibleServer:
    """Serves POST /v1/chat/completions from a queue of scripted replies."""

    def __init__(self) -> None:
        self._replies: deque[Reply] = deque()
        self._always: Reply | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.requests: list[RecordedRequest] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def reply(self, *replies: Reply) -> None:
        """Answer the next requests with these, in order."""
        with self._lock:
            self._replies.extend(replies)

    def reply_always(self, reply: Reply) -> None:
        """Answer with this once the scripted replies run out."""
        with self._lock:
            self._always = reply

    def start(self) -> OpenAICompatibleServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # releases handlers still sleeping on a delayed reply
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> OpenAICompatibleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self._replies:
                return self._replies.popleft()
            if self._always is not None:
                return self._always
        return Reply.error(500, "no scripted reply left")

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length).decode("utf-8")
                headers = {name.lower(): value for name, value in self.headers.items()}
                recorded = RecordedRequest(self.path, headers, raw)
                if self.path != CHAT_COMPLETIONS_PATH:
                    self._send(404, json.dumps({"error": {"message": "not found"}}))
                    return
                reply = server._next_reply(recorded)
                if reply.delay_s and server._stopping.wait(reply.delay_s):
                    return
                body = reply.raw_body
                if body is None:
                    body = json.dumps(_completion(reply, recorded.json.get("model", "")))
                # A client that timed out has left; that is what the test wanted.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(reply.status, body)

            def _send(self, status: int, body: str) -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output quiet

        return Handler


def _completion(reply: Reply, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.content, "refusal": None},
                "finish_reason": reply.finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


@pytest.fixture(name="openai_server")
def openai_server_fixture() -> Iterator[OpenAICompatibleServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1, stopped after the test."""
    with OpenAICompatibleServer() as server:
        yield server
