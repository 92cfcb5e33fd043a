#!/usr/bin/env python3
"""Per-request figures of a callgrind dump (uncompressed names) covering REQUESTS requests.

    bench/lib/callgrind-per-request.py CALLGRIND_OUT REQUESTS

Prints instructions, instructions outside memcpy/memmove, and the calls to swift_retain,
swift_release and swift_allocObject, each divided by REQUESTS (bench/request-instructions.sh).
"""
import collections
import sys


def main():
    path, requests = sys.argv[1], float(sys.argv[2])
    total = copies = 0
    calls = collections.Counter()
    function = callee = None
    call_line_follows = False
    with open(path) as dump:
        for line in dump:
            if line.startswith("fn="):
                function = line[3:].strip()
            elif line.startswith("cfn="):
                callee = line[4:].strip()
            elif line.startswith("calls="):
                calls[callee] += int(line.split()[0][len("calls="):])
                call_line_follows = True
            elif function and line[:1] and (line[0].isdigit() or line[0] in "+-*"):
                if call_line_follows:  # the inclusive cost of the call just counted
                    call_line_follows = False
                    continue
                cost = int(line.split()[1])
                total += cost
                if "memcpy" in function or "memmove" in function:
                    copies += cost
    print(f"{total / requests:.0f} instructions per request ({(total - copies) / requests:.0f} without memcpy), "
          f"swift_retain {calls['swift_retain'] / requests:.1f}, swift_release {calls['swift_release'] / requests:.1f}, "
          f"swift_allocObject {calls['swift_allocObject'] / requests:.1f}")


if __name__ == "__main__":
    main()
