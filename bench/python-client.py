"""Posts OpenLineage events sequentially, as the OpenLineage Python client does, and prints events per second.

Used by bench/serve.mjs to measure the local endpoint with a real client. With OPENLINEAGE_PYTHON_CLIENT set to the
client's source (`client/python/src` of OpenLineage/OpenLineage), its own HttpTransport sends the events; without it,
a `requests` session posts them the way that transport does (one POST per event, JSON body, Content-Type
application/json, the answer checked).

Usage: python-client.py URL EVENTS.jsonl FROM COUNT
"""
import json
import os
import sys
import time

url, path, start, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(path, encoding="utf-8") as f:
    events = [json.loads(line) for i, line in enumerate(f) if start <= i < start + count]

source = os.environ.get("OPENLINEAGE_PYTHON_CLIENT")
if source:
    sys.path.insert(0, source)
    from openlineage.client.transport.http import HttpConfig, HttpTransport

    transport = HttpTransport(HttpConfig.from_dict({"type": "http", "url": url, "timeout": 30}))
    send = transport.emit
else:
    import requests

    session = requests.Session()
    endpoint = url.rstrip("/") + "/api/v1/lineage"

    def send(event):
        body = json.dumps(event, sort_keys=True)
        session.post(endpoint, data=body, headers={"Content-Type": "application/json"}, timeout=30).raise_for_status()

t0 = time.perf_counter()
for event in events:
    send(event)
print(round(len(events) / (time.perf_counter() - t0)))
