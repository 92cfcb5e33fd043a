#!/usr/bin/env python3
"""Idle RSS and start-to-listening time of `lokinetpol serve` (run by hand; not a CI gate).

    bench/startup-rss.py [--history DB [--store-bench BINARY]] [--runs N] [--breakdown]
                         [--postgres URL] [--anchor-server HTTP_BENCH_SERVER] NAME=BINARY [NAME=BINARY ...]

For each binary, in turns (so that every binary sees the same background load):
  * idle RSS: `serve` on a fresh SQLite database (a new file each run), VmRSS (and its anonymous
    and file-backed parts) from /proc/PID/status one second after the start, and its threads;
    then one PUT of examples/envelope.json and one GET of its policies, and VmRSS again one
    second after them (idle after requests: the code and caches a first write and read bring in);
    with --breakdown, the Rss and anonymous kB of each mapped file (libraries, the executable)
    and of the anonymous mappings from /proc/PID/smaps of the last run;
  * `BINARY version` from start to exit: the process start alone (loading, dynamic linking,
    runtime start-up), the floor of the next figure;
  * start to listening: from just before the process is started to the first TCP connection
    the server accepts (polled every 0.2 ms), and the CPU time its threads ran until then (the
    start-up's work, which other processes' load hardly changes, unlike the wall time), on the
    fresh database (created and migrated by the start), on the same database again (migrated,
    empty) and, with --history, on a
    copy of DB (e.g. 100,000 revisions written by `store-bench read DIR 100000 1`; with
    --store-bench and a DB that does not exist yet, that command is run first and DB becomes
    DIR/read/store.db, kept for later runs), and with --postgres on that PostgreSQL database
    (its pool of connections opened, libpq loaded).
With --anchor-server, the bare HTTP server (`http-bench-server --bare`: no store, no service) is
started in the same turns: its idle RSS and start to listening are the floor of the figures above.
Prints the median and the range over --runs runs (default 5), and each binary's figures as a
ratio to the first binary's (the anchor of the run). Says the load average at the start.
"""
import argparse
import collections
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request

ENVELOPE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples", "envelope.json")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kb(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                fields[key] = int(value.split()[0])
    return fields


def threads(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0


def smaps_breakdown(pid):
    """Rss and anonymous kB per mapped file (by base name) and for all anonymous mappings."""
    totals = collections.defaultdict(collections.Counter)
    current = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                fields = line.split()
                name = fields[5] if len(fields) > 5 else ""
                if name.startswith("/"):
                    name = os.path.basename(name)
                elif name not in ("[heap]", "[stack]"):
                    name = "[anonymous: thread arenas, stacks, mmap]"
                current = totals[name]
            else:
                key, _, value = line.partition(":")
                if key in ("Rss", "Anonymous") and current is not None:
                    current[key] += int(value.split()[0])
    return totals


def cpu_seconds(pid):
    """CPU time the process's live threads have run so far (/proc/PID/task/*/schedstat, ns):
    the start-up's work, unlike the wall time hardly changed by other processes' load."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / 1e9


def start(binary, db):
    """`binary serve` on `db`; `db` None: `binary` is the anchor server (http-bench-server --bare)."""
    port = free_port()
    if db is None:
        command = [binary, "--port", str(port), "--bare"]
    else:
        command = [binary, "serve", "--listen", f"127.0.0.1:{port}", "--db", db]
    began = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={"PATH": os.environ.get("PATH", "")})
    deadline = began + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                listening = time.perf_counter() - began
                cpu = cpu_seconds(process.pid)
                break
        except OSError:
            if process.poll() is not None or time.perf_counter() > deadline:
                process.kill()
                raise SystemExit(f"{binary} did not start listening on {port}")
            time.sleep(0.0002)
    return process, began, listening, cpu, port


def first_requests(port):
    """One PUT of examples/envelope.json and one GET of its policies (YAML)."""
    stack = f"http://127.0.0.1:{port}/v1/namespaces/openshift-logging/lokistacks/lokistack-prod"
    with open(ENVELOPE, "rb") as f:
        body = f.read()
    for request in (urllib.request.Request(stack, data=body, method="PUT", headers={"Content-Type": "application/json"}),
                    urllib.request.Request(stack + "/policies")):
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def anchor_run(binary):
    """The bare HTTP server (no store, no service): its start to listening and idle RSS."""
    process, began, listening, cpu, _ = start(binary, None)
    time.sleep(max(0.0, began + 1.0 - time.perf_counter()))
    rss = status_kb(process.pid)
    result = {"rss": rss, "threads": threads(process.pid), "fresh": listening, "fresh_cpu": cpu}
    stop(process)
    return result


def one_run(binary, work, history, postgres):
    db = os.path.join(work, "fresh.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    process, began, listening_fresh, cpu_fresh, port = start(binary, db)
    time.sleep(max(0.0, began + 1.0 - time.perf_counter()))
    rss = status_kb(process.pid)
    thread_count = threads(process.pid)
    breakdown = smaps_breakdown(process.pid)
    first_requests(port)
    time.sleep(1.0)
    rss_after = status_kb(process.pid)
    breakdown_after = smaps_breakdown(process.pid)
    stop(process)
    # The same database again, now migrated and empty: what a start costs without history.
    process, _, listening_empty, cpu_empty, _ = start(binary, db)
    stop(process)
    began = time.perf_counter()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary, "version"], stdout=subprocess.DEVNULL, check=True)
    version = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {"rss": rss, "threads": thread_count, "breakdown": breakdown,
              "rss_after": rss_after, "breakdown_after": breakdown_after,
              "fresh": listening_fresh, "fresh_cpu": cpu_fresh, "empty": listening_empty, "empty_cpu": cpu_empty,
              "version": version,
              "version_cpu": after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime}
    if history:
        process, _, listening, cpu, _ = start(binary, history)
        stop(process)
        result["history"] = listening
        result["history_cpu"] = cpu
    if postgres:
        process, _, listening, cpu, _ = start(binary, postgres)
        stop(process)
        result["postgres"] = listening
        result["postgres_cpu"] = cpu
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--history", help="a SQLite database to time the start with (copied first)")
    parser.add_argument("--store-bench", help="store-bench binary: writes --history's database if it does not exist")
    parser.add_argument("--revisions", type=int, default=100_000, help="revisions --store-bench writes (100,000)")
    parser.add_argument("--breakdown", action="store_true", help="print the idle RSS per mapping (last run)")
    parser.add_argument("--postgres", help="a PostgreSQL URL to time the start with too (migrated by the first start)")
    parser.add_argument("--anchor-server", help="http-bench-server binary: the bare HTTP server, measured in the same turns")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("binaries", nargs="+", help="NAME=BINARY; the first is the anchor")
    args = parser.parse_args()
    binaries = [item.split("=", 1) for item in args.binaries]
    print(f"# startup-rss {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} on {os.cpu_count()} cores; "
          f"load: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    if args.history and args.store_bench and not os.path.exists(args.history):
        directory = os.path.dirname(os.path.dirname(os.path.abspath(args.history)))
        if os.path.join(directory, "read", "store.db") != os.path.abspath(args.history):
            raise SystemExit("--store-bench writes DIR/read/store.db: give --history DIR/read/store.db")
        began = time.perf_counter()
        subprocess.run([args.store_bench, "read", directory, str(args.revisions), "1"], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"# wrote {args.history} ({args.revisions} revisions) in {time.perf_counter() - began:.0f} s")
    work = tempfile.mkdtemp(prefix="startup-rss-")
    try:
        history = None
        if args.history:
            history = os.path.join(work, "history.db")
            for suffix in ("", "-wal"):
                if os.path.exists(args.history + suffix):
                    shutil.copyfile(args.history + suffix, history + suffix)
        runs = {name: [] for name, _ in binaries}
        anchor_runs = []
        for _ in range(args.runs):
            if args.anchor_server:
                anchor_runs.append(anchor_run(args.anchor_server))
            for name, binary in binaries:
                runs[name].append(one_run(binary, work, history, args.postgres))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def summary(values, unit, scale):
        values = [v * scale for v in values]
        return f"{statistics.median(values):.1f} {unit} ({min(values):.1f}–{max(values):.1f})"

    if anchor_runs:
        print(f"bare HTTP server ({args.anchor_server} --bare):")
        print(f"  idle RSS 1 s after start: {summary([r['rss']['VmRSS'] for r in anchor_runs], 'MB', 1 / 1024)}; "
              f"anonymous {summary([r['rss']['RssAnon'] for r in anchor_runs], 'MB', 1 / 1024)}; "
              f"threads {summary([r['threads'] for r in anchor_runs], '', 1)}")
        print(f"  start to listening: {summary([r['fresh'] for r in anchor_runs], 'ms', 1000)}; "
              f"CPU time until then {summary([r['fresh_cpu'] for r in anchor_runs], 'ms', 1000)}")
    anchor = binaries[0][0]
    medians = {}
    for name, binary in binaries:
        results = runs[name]
        rss = [r["rss"]["VmRSS"] for r in results]
        medians[name] = {
            "rss": statistics.median(rss),
            "rss after requests": statistics.median(r["rss_after"]["VmRSS"] for r in results),
            "fresh": statistics.median(r["fresh"] for r in results),
            "version": statistics.median(r["version"] for r in results),
        }
        print(f"{name} ({binary}, {os.path.getsize(binary) / 1e6:.1f} MB):")
        print(f"  idle RSS 1 s after start: {summary(rss, 'MB', 1 / 1024)}; "
              f"anonymous {summary([r['rss']['RssAnon'] for r in results], 'MB', 1 / 1024)}, "
              f"file-backed {summary([r['rss']['RssFile'] for r in results], 'MB', 1 / 1024)}")
        print(f"  threads at idle: {summary([r['threads'] for r in results], '', 1)}")
        print(f"  idle RSS 1 s after one PUT and one GET: "
              f"{summary([r['rss_after']['VmRSS'] for r in results], 'MB', 1 / 1024)}; "
              f"anonymous {summary([r['rss_after']['RssAnon'] for r in results], 'MB', 1 / 1024)}")
        if args.breakdown:
            for key, title in (("breakdown", "idle RSS"), ("breakdown_after", "idle RSS after the requests")):
                last = results[-1][key]
                print(f"  {title} per mapping, last run (kB: Rss, of which anonymous):")
                for mapping, counts in sorted(last.items(), key=lambda item: -item[1]["Rss"]):
                    if counts["Rss"] >= 64:
                        print(f"    {counts['Rss']:6d} {counts['Anonymous']:6d}  {mapping}")
                rest = [c for c in last.values() if c["Rss"] < 64]
                print(f"    {sum(c['Rss'] for c in rest):6d} {sum(c['Anonymous'] for c in rest):6d}  "
                      f"{len(rest)} smaller mappings")
        print(f"  `version` start to exit (process start alone): {summary([r['version'] for r in results], 'ms', 1000)}; "
              f"CPU time {summary([r['version_cpu'] for r in results], 'ms', 1000)}")
        print(f"  start to listening, fresh database: {summary([r['fresh'] for r in results], 'ms', 1000)}; "
              f"CPU time until then {summary([r['fresh_cpu'] for r in results], 'ms', 1000)}")
        print(f"  start to listening, the same database again (migrated, empty): "
              f"{summary([r['empty'] for r in results], 'ms', 1000)}; "
              f"CPU time until then {summary([r['empty_cpu'] for r in results], 'ms', 1000)}")
        if history:
            medians[name]["history"] = statistics.median(r["history"] for r in results)
            medians[name]["history CPU"] = statistics.median(r["history_cpu"] for r in results)
            print(f"  start to listening, --history database: {summary([r['history'] for r in results], 'ms', 1000)}; "
                  f"CPU time until then {summary([r['history_cpu'] for r in results], 'ms', 1000)}")
        if args.postgres:
            print(f"  start to listening, --postgres database: {summary([r['postgres'] for r in results], 'ms', 1000)}; "
                  f"CPU time until then {summary([r['postgres_cpu'] for r in results], 'ms', 1000)}")
    for name, _ in binaries[1:]:
        ratios = ", ".join(
            f"{key} {medians[name][key] / medians[anchor][key]:.2f}×" for key in medians[name])
        print(f"{name} / {anchor} (medians): {ratios}")


if __name__ == "__main__":
    main()
