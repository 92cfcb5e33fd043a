#!/usr/bin/env python3
"""Writes the link order of the functions `lokinetpol serve` runs at start and for its first requests.

    bench/start-up-order.py [--output FILE] BINARY [BINARY ...]

Builds bench/start-up-order/covtrace.c (cc), then for each release build of lokinetpol given (the
default build and the Dockerfile's static one, built as in BENCHMARKS.md "Memory and start-up")
starts `serve` on a fresh SQLite database under covtrace, with a one-shot breakpoint on every
function of the executable, waits until it listens, sends one PUT of examples/envelope.json, GET
of its policies (YAML) and of the stack (JSON), GET /healthz and GET /metrics, and stops it. The
names of the functions that ran, in the order they first ran (the first binary's, then what the
others add), go to FILE (default Sources/lokinetpol/start-up.order), which Package.swift gives
the linker (lld's --symbol-ordering-file): that code is laid out together at the start of .text,
so an idle server has fewer pages of its executable resident. Names that no longer exist are
ignored by the linker; run this again after larger changes to the code the start runs.
x86-64 Linux, root or kernel.yama.ptrace_scope 0; not a CI step.
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def functions(binary):
    """Entry address -> name of every defined function with code in BINARY's symbol table."""
    listing = subprocess.run(["readelf", "-sW", binary], capture_output=True, text=True, check=True).stdout
    result, in_symtab = {}, False
    for line in listing.splitlines():
        if line.startswith("Symbol table"):
            in_symtab = "'.symtab'" in line
            continue
        fields = line.split()
        if not in_symtab or len(fields) < 8 or fields[3] != "FUNC" or fields[6] == "UND":
            continue
        address, size = int(fields[1], 16), int(fields[2], 0)
        if address and size:
            result.setdefault(address, fields[7])
    return result


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    url = f"http://127.0.0.1:{port}{path}"
    with urllib.request.urlopen(urllib.request.Request(url, data=body, method=method, headers=headers or {}),
                                timeout=30) as response:
        response.read()
        return response.status


def trace(covtrace, binary, work):
    """Addresses of BINARY's functions in the order they first ran."""
    names = functions(binary)
    entries, hits = os.path.join(work, "entries"), os.path.join(work, "hits")
    with open(entries, "w") as f:
        f.writelines(f"{address:x}\n" for address in sorted(names))
    db = os.path.join(work, "fresh.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    port = free_port()
    tracer = subprocess.Popen(
        [covtrace, "120", entries, hits, "--", binary, "serve", "--listen", f"127.0.0.1:{port}", "--db", db],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={"PATH": os.environ.get("PATH", "")})
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if tracer.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{binary} did not start listening under covtrace")
            time.sleep(0.05)
    stack = "/v1/namespaces/openshift-logging/lokistacks/lokistack-prod"
    with open(os.path.join(ROOT, "examples", "envelope.json"), "rb") as f:
        envelope = f.read()
    statuses = [
        request(port, "PUT", stack, envelope, {"Content-Type": "application/json"}),
        request(port, "GET", stack + "/policies"),
        request(port, "GET", stack, headers={"Accept": "application/json"}),
        request(port, "GET", "/healthz"),
        request(port, "GET", "/metrics"),
    ]
    time.sleep(0.5)
    tracer.terminate()
    tracer.wait()
    print(f"{binary}: {len(names)} functions, statuses {statuses}", file=sys.stderr)
    with open(hits) as f:
        return [names[int(line, 16)] for line in f if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", default=os.path.join(ROOT, "Sources", "lokinetpol", "start-up.order"))
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="start-up-order-") as work:
        covtrace = os.path.join(work, "covtrace")
        subprocess.run(["cc", "-O2", "-o", covtrace, os.path.join(ROOT, "bench", "start-up-order", "covtrace.c")],
                       check=True)
        order, seen = [], set()
        for binary in args.binaries:
            ran = trace(covtrace, binary, work)
            print(f"{binary}: {len(ran)} functions ran", file=sys.stderr)
            for name in ran:
                if name not in seen:
                    seen.add(name)
                    order.append(name)
    with open(args.output, "w") as f:
        f.write("# Functions `lokinetpol serve` runs at start and for its first requests, in the order they first\n"
                "# ran; lld lays them out together (--symbol-ordering-file, Package.swift). Written by\n"
                "# bench/start-up-order.py; see BENCHMARKS.md, \"Memory and start-up\".\n")
        f.writelines(name + "\n" for name in order)
    print(f"{args.output}: {len(order)} functions", file=sys.stderr)


if __name__ == "__main__":
    main()
