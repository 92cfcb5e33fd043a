#!/usr/bin/env python3
"""Idle RSS and start-to-listening time of `lokinetpol serve` (run by hand; not a CI gate).

    bench/startup-rss.py [--history DB] [--runs N] NAME=BINARY [NAME=BINARY ...]

For each binary, in turns (so that every binary sees the same background load):
  * idle RSS: `serve` on a fresh SQLite database (a new file each run), VmRSS (and its anonymous
    and file-backed parts) from /proc/PID/status one second after the start;
  * `BINARY version` from start to exit: the process start alone (loading, dynamic linking,
    runtime start-up), the floor of the next figure;
  * start to listening: from just before the process is started to the first TCP connection
    the server accepts (polled every 0.2 ms), on the fresh database and, with --history, on a
    copy of DB (e.g. 100,000 revisions written by `store-bench read DIR 100000 1`).
Prints the median and the range over --runs runs (default 5), and each binary's figures as a
ratio to the first binary's (the anchor of the run). Says the load average at the start.
"""
import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time


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


def start(binary, db):
    port = free_port()
    began = time.perf_counter()
    process = subprocess.Popen(
        [binary, "serve", "--listen", f"127.0.0.1:{port}", "--db", db],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={"PATH": os.environ.get("PATH", "")})
    deadline = began + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                listening = time.perf_counter() - began
                break
        except OSError:
            if process.poll() is not None or time.perf_counter() > deadline:
                raise SystemExit(f"{binary} did not start listening on {port}")
            time.sleep(0.0002)
    return process, began, listening


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def one_run(binary, work, history):
    db = os.path.join(work, "fresh.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    process, began, listening_fresh = start(binary, db)
    time.sleep(max(0.0, began + 1.0 - time.perf_counter()))
    rss = status_kb(process.pid)
    stop(process)
    began = time.perf_counter()
    subprocess.run([binary, "version"], stdout=subprocess.DEVNULL, check=True)
    result = {"rss": rss, "fresh": listening_fresh, "version": time.perf_counter() - began}
    if history:
        process, _, listening = start(binary, history)
        stop(process)
        result["history"] = listening
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--history", help="a SQLite database to time the start with (copied first)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("binaries", nargs="+", help="NAME=BINARY; the first is the anchor")
    args = parser.parse_args()
    binaries = [item.split("=", 1) for item in args.binaries]
    print(f"# startup-rss {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} on {os.cpu_count()} cores; "
          f"load: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    work = tempfile.mkdtemp(prefix="startup-rss-")
    try:
        history = None
        if args.history:
            history = os.path.join(work, "history.db")
            for suffix in ("", "-wal"):
                if os.path.exists(args.history + suffix):
                    shutil.copyfile(args.history + suffix, history + suffix)
        runs = {name: [] for name, _ in binaries}
        for _ in range(args.runs):
            for name, binary in binaries:
                runs[name].append(one_run(binary, work, history))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def summary(values, unit, scale):
        values = [v * scale for v in values]
        return f"{statistics.median(values):.1f} {unit} ({min(values):.1f}–{max(values):.1f})"

    anchor = binaries[0][0]
    medians = {}
    for name, binary in binaries:
        results = runs[name]
        rss = [r["rss"]["VmRSS"] for r in results]
        medians[name] = {
            "rss": statistics.median(rss),
            "fresh": statistics.median(r["fresh"] for r in results),
            "version": statistics.median(r["version"] for r in results),
        }
        print(f"{name} ({binary}, {os.path.getsize(binary) / 1e6:.1f} MB):")
        print(f"  idle RSS 1 s after start: {summary(rss, 'MB', 1 / 1024)}; "
              f"anonymous {summary([r['rss']['RssAnon'] for r in results], 'MB', 1 / 1024)}, "
              f"file-backed {summary([r['rss']['RssFile'] for r in results], 'MB', 1 / 1024)}")
        print(f"  `version` start to exit (process start alone): {summary([r['version'] for r in results], 'ms', 1000)}")
        print(f"  start to listening, fresh database: {summary([r['fresh'] for r in results], 'ms', 1000)}")
        if history:
            medians[name]["history"] = statistics.median(r["history"] for r in results)
            print(f"  start to listening, --history database: {summary([r['history'] for r in results], 'ms', 1000)}")
    for name, _ in binaries[1:]:
        ratios = ", ".join(
            f"{key} {medians[name][key] / medians[anchor][key]:.2f}×" for key in medians[name])
        print(f"{name} / {anchor} (medians): {ratios}")


if __name__ == "__main__":
    main()
