"""HeapScope's probe: runs one emitted scenario program under this interpreter and prints, as
JSON, what CPython's memory manager did during run(). `heapscope validate` compares it with the
simulation of the same scenario.

Usage: python heapscope_probe.py PROGRAM.py

Like the reference probe (reference/cpython/probe.py) it runs the program in fresh processes:
  counts  no GC callbacks (they allocate and would perturb the counts): gc.get_stats() deltas,
          gc.get_count(), sys._debugmallocstats() before and after run();
  timing  a gc.callbacks timer: generation and duration of every collection, in order;
  null    the counts child with the program loaded but run() replaced by a no-op, to measure
          the probe's own allocations (and what the program's import left for gc.collect()).
Between gc.collect() and run() the probe allocates exactly what the reference probe does
(the gc.get_objects() list, the gc.get_stats() list), so HeapScope's `probe` preamble applies.
"""
import gc, json, os, re, runpy, subprocess, sys, tempfile, time

def malloc_stats():
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
        return int(m.group(1).replace(",", "")) if m else 0
    unused = re.search(r"^(\d+) unused pools \* 16384 bytes", text, re.M)
    return {
        "arenas": num("# arenas allocated current"),
        "arenas_allocated_total": num("# arenas allocated total"),
        "arenas_highwater": num("# arenas highwater mark"),
        "misaligned_arenas": num("# bytes lost to arena alignment") // 16384,
        "unused_pools": int(unused.group(1)) if unused else 0,
        "classes": classes,
    }

def child_counts(path, empty):
    # The null run loads the program too (its import-time objects are in the "before" heap and
    # the probe's gc.collect() frees what they left in the free lists) but runs nothing.
    run = runpy.run_path(path)["run"]
    if empty:
        # Keep the program's run() referenced: it holds the module namespace (functions and
        # globals form a cycle), which the probe's gc.collect() would otherwise free inside the
        # measured window, making the null run's delta depend on the program's size.
        program_run, run = run, (lambda: None)
    before = malloc_stats()
    gc.collect()
    tracked = len(gc.get_objects())
    s0 = gc.get_stats()
    t0 = time.perf_counter()
    run()
    wall = time.perf_counter() - t0
    s1 = gc.get_stats()
    counts = gc.get_count()
    after = malloc_stats()
    return {
        "tracked_objects": tracked,
        "before": before,
        "after": after,
        "collections": [s1[g]["collections"] - s0[g]["collections"] for g in range(3)],
        "collected": [s1[g]["collected"] - s0[g]["collected"] for g in range(3)],
        "uncollectable": sum(s1[g]["uncollectable"] - s0[g]["uncollectable"] for g in range(3)),
        "final_counts": list(counts),
        "wall_s": wall,
    }

def child_timing(path):
    # The timer allocates no GC object itself (preallocated lists, small ints, floats); CPython's
    # own callback machinery still builds an info dict and an argument tuple per call, which
    # HeapScope models when a run has gc callbacks.
    run = runpy.run_path(path)["run"]
    gens = [0] * 200_000
    durations = [0.0] * 200_000
    n = [0]
    t = [0.0]
    def cb(phase, info):
        if phase == "start":
            t[0] = time.perf_counter()
        elif n[0] < 200_000:
            durations[n[0]] = time.perf_counter() - t[0]
            gens[n[0]] = info["generation"]
            n[0] += 1
    gc.collect()
    gc.callbacks.append(cb)
    t0 = time.perf_counter()
    run()
    wall = time.perf_counter() - t0
    gc.callbacks.remove(cb)
    return {"wall_s": wall, "pauses": [[gens[i], round(durations[i] * 1e9)] for i in range(n[0])]}

def main():
    if len(sys.argv) == 3 and sys.argv[1] in ("--counts", "--null", "--timing"):
        mode, path = sys.argv[1], sys.argv[2]
        out = child_timing(path) if mode == "--timing" else child_counts(path, mode == "--null")
        print(json.dumps(out))
        return
    if len(sys.argv) != 2:
        sys.exit("usage: heapscope_probe.py PROGRAM.py")
    path = sys.argv[1]
    child = lambda mode: json.loads(subprocess.check_output([sys.executable, os.path.abspath(__file__), mode, path]))
    out = {
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "counts": child("--counts"),
        "null": child("--null"),
        "timing": child("--timing"),
    }
    print(json.dumps(out))

if __name__ == "__main__":
    main()
