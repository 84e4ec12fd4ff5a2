#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The peer: the same J5 status calls made by a Python requests.Session loop.

    peer_requests.py --port N [--calls 20000] [--reps 3] [--out FILE]

Sends the SDK's headers (moi-key, User-Agent, Accept and a fresh X-Request-ID per call) on
one keep-alive session, without compression like the SDK, decodes each JSON body and checks
its code, like the SDK does. Writes one JSON document: seconds, calls/second, client user and
system CPU and server CPU per repetition.
"""

import argparse
import json
import os
import sys
import time
import urllib.request
import uuid

import requests

API_KEY = "bench-key-0123456789abcdef0123456789abcdef"
JOB_ID = "0194a3b2-7c1d-7e4f-9a2b-3c4d5e6f7a8b"


def server_cpu_seconds(port):
    # The server's own CPU time, read on a separate connection (not counted as traffic).
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open("http://127.0.0.1:%d/_bench/stats" % port) as response:
        return json.load(response)["cpu_seconds"]


def run_once(session, url, calls):
    start = time.perf_counter()
    cpu_start = time.process_time()  # precise; the user/system split below is tick-sampled
    times_start = os.times()
    for _ in range(calls):
        response = session.get(url, headers={"X-Request-ID": str(uuid.uuid4())})
        response.raise_for_status()
        body = response.json()
        if body.get("code") != "ok":
            raise RuntimeError("unexpected body: %r" % (body,))
        data = body["data"]
        if data["job_id"] != JOB_ID:
            raise RuntimeError("unexpected job id")
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    times_end = os.times()
    return elapsed, cpu, times_end.user - times_start.user, times_end.system - times_start.system


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--out", default="-")
    args = parser.parse_args()

    url = "http://127.0.0.1:%d/byoa/api/v1/workflow_job/%s/status" % (args.port, JOB_ID)
    session = requests.Session()
    session.trust_env = False  # no proxy lookups: loopback only
    # The SDK's headers. Accept-Encoding: identity, because requests asks for gzip by default
    # and cpp-httplib would then compress every answer: the SDK (libcurl without
    # CURLOPT_ACCEPT_ENCODING) receives the same bytes uncompressed.
    session.headers.update(
        {"moi-key": API_KEY, "User-Agent": "moi-cpp/0.3.0", "Accept": "application/json",
         "Accept-Encoding": "identity"})
    session.get(url).raise_for_status()  # connect outside the measurement

    runs = []
    for _ in range(args.reps):
        server_start = server_cpu_seconds(args.port)
        seconds, cpu, user, system = run_once(session, url, args.calls)
        server_cpu = server_cpu_seconds(args.port) - server_start
        runs.append({"calls": args.calls, "seconds": seconds, "cpu_seconds": cpu,
                     "client_user_us_per_call": user / args.calls * 1e6,
                     "client_sys_us_per_call": system / args.calls * 1e6,
                     "server_cpu_us_per_call": server_cpu / args.calls * 1e6,
                     "calls_per_second": args.calls / seconds,
                     "us_per_call": seconds / args.calls * 1e6,
                     "cpu_us_per_call": cpu / args.calls * 1e6})
    result = {"name": "J5/python_requests", "python": sys.version.split()[0],
              "requests": requests.__version__, "runs": runs}
    text = json.dumps(result, indent=2)
    if args.out == "-":
        print(text)
    else:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text + "\n")


if __name__ == "__main__":
    main()
