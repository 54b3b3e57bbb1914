"""What the official Python SDK 3.0.0 (PyPI gohighlevel-api-client) puts on
the wire for each v3 smoke call (tests/generated/smoke-v3.json), recorded
with an httpx mock transport (nothing leaves the process). One JSON object
per smoke row on stdout: {index, method, url, body, version}, or {index,
missing} when the SDK has no method for that operation. Used by
tests/js/v3-wire-python.test.js; run with the test venv's python."""

import asyncio
import inspect
import json
import re
import sys

import httpx
from highlevel import HighLevel


def methods_by_route(ghl):
    """(HTTP method, path template) -> the SDK's coroutine for it."""
    out = {}
    for attr in dir(ghl):
        svc = getattr(ghl, attr, None)
        if not hasattr(svc, "ghl_instance"):
            continue
        for _, fn in inspect.getmembers(svc, inspect.iscoroutinefunction):
            src = inspect.getsource(fn)
            m = re.search(r'"method": "(\w+)"', src)
            u = re.search(r'build_url\("([^"]*)"', src)
            if m and u:
                out[(m.group(1), u.group(1))] = fn
    return out


def norm(name):
    return name.replace("_", "").replace("-", "").lower()


async def main(smoke_path):
    rows = json.load(open(smoke_path))["smoke"]
    ghl = HighLevel(private_integration_token="tok")
    seen = []

    def record(request):
        seen.append(request)
        return httpx.Response(200, json={})

    ghl.http_client._transport = httpx.MockTransport(record)
    routes = methods_by_route(ghl)
    for row in rows:
        fn = routes.get((row["httpMethod"], row["path"]))
        if fn is None or row["bodyKind"] == "multipart":
            print(json.dumps({"index": row["index"], "missing": True}))
            continue
        params = {norm(k): v for k, v in row["params"].items()}
        kwargs = {}
        for name in inspect.signature(fn).parameters:
            if name == "request_body":
                kwargs[name] = row["body"] if row["body"] is not None else {}
            elif norm(name) in params:
                kwargs[name] = params[norm(name)]
            elif name == "version":
                # two operations declare the header as a `version` param
                kwargs[name] = "v3"
        seen.clear()
        try:
            await fn(**kwargs)
        except Exception as e:  # the call is recorded before any answer matters
            if not seen:
                print(json.dumps({"index": row["index"], "error": str(e)[:200]}))
                continue
        req = seen[-1]
        print(json.dumps({
            "index": row["index"],
            "method": req.method,
            "url": req.url.raw_path.decode(),
            "body": req.content.decode(),
            "version": req.headers.get("version"),
        }))


asyncio.run(main(sys.argv[1]))
