"""Measures the interpreter heap a HeapScope run starts from, as JSON on stdout.

Usage: python capture_baseline.py bare|probe

bare   a bare interpreter right after gc.collect() (what `start.baseline: bare` models)
probe  the reference probe's process (reference/README.md): the probe's imports, an empty
       workload loaded with runpy, then sys._debugmallocstats() exactly where the probe takes
       its "before" snapshot; gc counts and tracked objects right before run() would start.

The per-size-class table, arena counts, unused pools and the bytes lost to arena alignment come
from sys._debugmallocstats(), parsed as reference/cpython/probe.py does.
"""
import gc, json, os, re, sys, tempfile

def mallocstats():
    with tempfile.TemporaryFile(mode="w+") as tmp:
        fd = os.dup(2)
        os.dup2(tmp.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(fd, 2); os.close(fd)
        tmp.seek(0); text = tmp.read()
    classes = []
    for m in re.finditer(r"^\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", text, re.M):
        idx, size, npools, used, avail = map(int, m.groups())
        classes.append([idx, npools, used, avail])
    def num(label):
        m = re.search(re.escape(label) + r"\s*=\s*([\d,]+)", text)
        return int(m.group(1).replace(",", "")) if m else None
    unused = re.search(r"^(\d+) unused pools \* 16384 bytes", text, re.M)
    return {
        "arenas": num("# arenas allocated current"),
        "arenas_allocated_total": num("# arenas allocated total"),
        "arenas_highwater": num("# arenas highwater mark"),
        "misaligned_arenas": num("# bytes lost to arena alignment") // 16384,
        "unused_pools": int(unused.group(1)) if unused else 0,
        "classes": classes,
    }

def main():
    mode = sys.argv[1]
    if mode == "bare":
        gc.collect()
        heap = mallocstats()
        gc.collect()
        tracked = len(gc.get_objects())
        count0 = 0
    else:
        import json as _j, runpy, subprocess, time  # noqa: F401  (the probe's imports)
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write("def run():\n    pass\n")
            path = f.name
        run = runpy.run_path(path)["run"]
        os.unlink(path)
        heap = mallocstats()
        gc.collect()
        tracked = len(gc.get_objects())
        s0 = gc.get_stats()
        count0 = gc.get_count()[0]
    out = {"python": sys.version.split()[0], "mode": mode, "tracked_objects": tracked, "gen0_count": count0, **heap}
    print(json.dumps(out))

main()
