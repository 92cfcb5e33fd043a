#!/usr/bin/env python3
"""Inclusive instructions per request of each function in a callgrind dump (self plus calls).

    bench/lib/callgrind-inclusive.py CALLGRIND_OUT REQUESTS TOP [NAME_PART ...]

Prints the TOP functions by inclusive cost (with their self cost), demangled with
`swift demangle`, optionally only those whose name contains one of NAME_PART: the breakdowns in
BENCHMARKS.md ("Service"). Take the dump from `KEEP_DUMP=FILE bench/request-instructions.sh`.
"""
import sys,collections,subprocess
f=sys.argv[1]; n=float(sys.argv[2]); top=int(sys.argv[3]); flt=sys.argv[4:] 
self_=collections.Counter(); inc=collections.Counter(); fn=None; incall=False; cfn=None
for line in open(f):
    if line.startswith('fn='): fn=line[3:].strip(); continue
    if line.startswith('cfn='): cfn=line[4:].strip(); continue
    if line.startswith('calls='): incall=True; continue
    if line and (line[0].isdigit() or line[0] in '+-*') and fn:
        v=int(line.split()[1])
        if incall:
            incall=False
            if cfn!=fn: inc[fn]+=v
        else: self_[fn]+=v; inc[fn]+=v
names=list(inc.keys())
d=subprocess.run(['swift','demangle','--simplified','--compact'],input="\n".join(names),capture_output=True,text=True).stdout.split("\n")
dm=dict(zip(names,d))
rows=sorted(inc.items(), key=lambda kv:-kv[1])
k=0
for name,v in rows:
    s=dm[name]
    if flt and not any(x in s for x in flt): continue
    print(f"{v/n:8.0f} {self_[name]/n:7.0f}  {s[:140]}"); k+=1
    if k>=top: break
