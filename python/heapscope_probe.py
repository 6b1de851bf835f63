"""HeapScope's probe: runs one emitted scenario program under this interpreter and prints, as
JSON, what CPython's memory manager did during run(). `heapscope validate` compares it with the
simulation of the same scenario.

Usage: python heapscope_probe.py [--timing-runs N] PROGRAM.py

Like the reference probe (reference/cpython/probe.py) it runs the program in fresh processes:
  counts  no GC callbacks (they allocate and would perturb the counts): gc.get_stats() deltas,
          gc.get_count(), sys._debugmallocstats() before and after run();
  timing  a gc.callbacks timer: generation and duration of every collection, in order (with
          --timing-runs N, N fresh timing processes: `timing` is the first, `timing_runs` all N;
          calibration takes each collection's median over them);
  null    the counts child with the program loaded but run() replaced by a no-op, to measure
          the probe's own allocations (and what the program's import left for gc.collect()).
Between gc.collect() and run() the probe allocates exactly what the reference probe does
(the gc.get_objects() list, the gc.get_stats() list), so HeapScope's `probe` preamble applies.

The heap `before` run() is the one right after that gc.collect(), where HeapScope's simulation
starts: sys._debugmallocstats() in numbers plus `usedpools`, the usedpools layout of each size
class (the free blocks of each partially used pool, head of the list first), measured by
UsedPools below without changing the heap. The counts (and null) child:
  1. loads the program; a first snapshot sizes UsedPools' preallocated objects;
  2. a warm-up measurement (the measuring loops get specialised);
  3. clear_type_cache() (see there); gc.collect(); a snapshot, parsed: each class's free
     blocks (the estimate);
  4. gc.collect() (it also frees what parsing left in the free lists);
  5. snapshot, measurement, snapshot (written to a file, parsed after run());
  6. len(gc.get_objects()), gc.get_stats(), perf_counter(), run(), gc.disable() (no collection
     after run() returned: see there), the heap after.
On interpreters other than 3.11-3.13 (object sizes, free lists) only the snapshots are taken.
"""
import array, gc, json, os, re, runpy, subprocess, sys, tempfile, time

def parse_stats(text):
    """One `sys._debugmallocstats()` output as numbers."""
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

def malloc_stats():
    with tempfile.TemporaryFile(mode="w+") as tmp:
        fd = os.dup(2)
        os.dup2(tmp.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(fd, 2); os.close(fd)
        tmp.seek(0); text = tmp.read()
    return parse_stats(text)

POOL_SHIFT = 14          # pools are 16 KiB and 16 KiB-aligned (an unaligned arena loses its head)
BLOCKS_PER_POOL = [(16384 - 48) // ((i + 1) * 16) for i in range(32)]
MARGIN = 16              # blocks allocated past the estimate (they land in a fresh pool)

class UsedPools:
    """Measures, per size class, the usedpools list: how many free blocks each partially used
    pool has, in list order (allocation always takes the head pool's blocks first).

    For each class it allocates more blocks than the class has free (the estimate plus
    MARGIN), records each block's pool (address >> 14) and frees them in exact reverse order.
    Allocation drains the used pools in list order; the blocks past the class's free count
    come from a fresh pool. Reverse frees give every pool its blocks back, and a pool that was
    made full is relinked at the head of usedpools when it gets its first block back, so the
    list order is restored too (the fresh pool goes back to its arena's free pools). The exact
    free count comes from a `sys._debugmallocstats()` snapshot taken right before (C only, into
    a file opened beforehand, parsed after run()), and one taken right after checks that the
    heap is as it was.

    Nothing else may allocate in a class while it is measured: every object the measurement
    needs is made beforehand (holders, index ints, operands), except what is counted in: the
    count `a` (an int, class 1) and the two list iterators (48 bytes, class 2). Blocks: object()
    is 16 bytes (class 0), a one-digit int 28 (class 1), a bytes of length n 33 + n (classes 2-31,
    made by concatenation, one allocation each).
    """

    def __init__(self, avail):
        # The block sizes measure() relies on (3.11-3.13, 64-bit, no debug hooks).
        self.enabled = sys.version_info[:2] in ((3, 11), (3, 12), (3, 13)) and sys.maxsize > 2**32 and (
            sys.getsizeof(object()), sys.getsizeof(1000), sys.getsizeof(b"ab"), sys.getsizeof(iter([])), sys.getsizeof([].__reversed__())
        ) == (16, 28, 35, 48, 48)
        bound = [a + 4 * MARGIN + 256 for a in avail]
        self.idx = list(range(max(bound) + 1))
        self.holders = [[None] * max(65, b) for b in bound]
        self.ids = [array.array("q", [0]) * max(65, b) for b in bound]
        self.bound = bound
        self.est = array.array("q", [0]) * 32
        self.base = 1000
        self.ops = [None, None] + [b"x" * (16 * c - 25) for c in range(2, 32)]
        self.scratch = tempfile.TemporaryFile(mode="w+")
        self.snaps = tempfile.TemporaryFile(mode="w+")
        self.stderr = os.dup(2)

    def snapshot(self, f):
        os.dup2(f.fileno(), 2)
        sys._debugmallocstats()
        os.dup2(self.stderr, 2)

    def estimate(self):
        """The free blocks per class now, plus MARGIN, into self.est (no object kept)."""
        f = self.scratch
        f.seek(0); f.truncate()
        self.snapshot(f)
        f.seek(0)
        heap = parse_stats(f.read())
        est = self.est
        for c in range(32):
            est[c] = 0
        for row in heap["classes"]:
            est[row[0]] = min(row[3] + MARGIN, self.bound[row[0]] - 1)

    def warm_up(self):
        """One measurement whose result is thrown away: the loops get specialised and any
        first-run allocation of the interpreter happens here, not in the measured one."""
        self.estimate()
        self.measure()

    def measure(self):
        if not self.enabled:
            return
        idx = self.idx
        est = self.est
        c = 0
        while c < 32:                 # no range(): its iterator is a 40-byte block
            a = est[c]
            if a < MARGIN:
                c += 1
                continue
            ids = self.ids[c]
            h = self.holders[c]
            it = iter(idx)
            rit = idx.__reversed__()
            if c == 2:
                ids[0] = id(it)
                ids[1] = id(rit)
                next(it)
                next(it)
            elif c == 1 and a > 256:
                ids[0] = id(a)
                next(it)
            if c == 0:
                for k in it:
                    if k == a:
                        break
                    x = object()
                    ids[k] = id(x)
                    h[k] = x
            elif c == 1:
                base = self.base
                for k in it:
                    if k == a:
                        break
                    x = base + k
                    ids[k] = id(x)
                    h[k] = x
            else:
                op = self.ops[c]
                b = b"a"
                for k in it:
                    if k == a:
                        break
                    x = op + b
                    ids[k] = id(x)
                    h[k] = x
            x = None
            for k in rit:
                if k < a:
                    h[k] = None
            del rit, it, a
            c += 1

    def result(self):
        """After run(): the heap right after the measurement and its usedpools per class.
        A class is left out when its blocks did not all land as described (it then gets the
        plain per-class totals)."""
        self.snaps.seek(0)
        parts = self.snaps.read().split("Small block threshold")[1:]
        first, last = parse_stats(parts[0]), parse_stats(parts[1])
        usedpools = []
        rows = {row[0]: row for row in first["classes"]}
        same = {row[0]: row for row in last["classes"]}
        for c in range(32):
            row = rows.get(c)
            if not self.enabled or row is None or row[3] == 0 or same.get(c) != row or self.est[c] <= row[3]:
                continue
            ids = self.ids[c]
            free, pools, last_pool = [], set(), None
            for k in range(row[3]):
                pool = ids[k] >> POOL_SHIFT
                if pool != last_pool:
                    free.append(0)
                    pools.add(pool)
                    last_pool = pool
                free[-1] += 1
            fresh = ids[row[3]] >> POOL_SHIFT
            if len(pools) == len(free) <= row[1] and fresh not in pools and all(f < BLOCKS_PER_POOL[c] for f in free):
                usedpools.append([c, free])
        last["usedpools"] = usedpools
        return last

def clear_type_cache():
    """Empties CPython's type attribute cache (`_PyType_Lookup`'s 4096 entries). Each entry holds
    a strong reference to the attribute name it was filled for until another lookup lands in the
    same slot (3.12: `(type version ^ (address of the name >> 3)) & 4095`). Names made at run time (by
    imports, by the probe's own modules) die there: in this process after the warm-up, clearing
    frees about 70 blocks of 64 bytes and 20 of 80 on 3.11.7, 92 of 48 and 1 of 64 on 3.12.1, 77
    of 48 and 30 of 64 on 3.13.0. Left in place, they are freed whenever a later lookup happens
    to evict them, which follows the addresses ASLR picked, so differently in every process:
    between the measured heap and run() the probe allocates 13 blocks of 64 bytes, and on 3.12.1
    the heap grew by 12 instead in 16 of 40 processes (0 of 40 with the cache cleared), one block
    off for every later block of that class. Cleared here, before the heap is measured, nothing
    is left for the probe or run() to free at random."""
    clear = getattr(sys, "_clear_type_cache", None) or getattr(sys, "_clear_internal_caches", None)
    if clear is not None:
        clear()

def child_counts(path, empty):
    # The null run loads the program too (its import-time objects are in the "before" heap and
    # the probe's gc.collect() frees what they left in the free lists) but runs nothing.
    run = runpy.run_path(path)["run"]
    if empty:
        # Keep the program's run() referenced: it holds the module namespace (functions and
        # globals form a cycle), which the probe's gc.collect() would otherwise free, making the
        # null run's starting heap differ from the counts run's by the program's size.
        program_run, run = run, (lambda: None)
    start = {row[0]: row[3] for row in malloc_stats()["classes"]}
    layout = UsedPools([start.get(c, 0) for c in range(32)])
    layout.warm_up()
    clear_type_cache()
    gc.collect()
    layout.estimate()
    gc.collect()
    layout.snapshot(layout.snaps)
    layout.measure()
    layout.snapshot(layout.snaps)
    tracked = len(gc.get_objects())
    s0 = gc.get_stats()
    t0 = time.perf_counter()
    run()
    # First thing after run(), before any eval-breaker check: 3.12+ run a collection that run()'s
    # allocations scheduled at the next one, which would come after run() returned (its locals
    # released and counted down) and before the heap snapshot (malloc_stats() allocates and calls).
    # With the collector disabled that check finds nothing to do: the numbers are run()'s alone.
    gc.disable()
    wall = time.perf_counter() - t0
    s1 = gc.get_stats()
    counts = gc.get_count()
    after = malloc_stats()
    before = layout.result()
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
    # The timer allocates no GC object itself (preallocated arrays, small ints, floats); CPython's
    # own callback machinery still builds an info dict (and a str per call), which
    # HeapScope models when a run has gc callbacks. Arrays, not lists: a list is a GC container,
    # and every full collection would also traverse its 200 000 items (measured on 3.13.0: a bare
    # interpreter's gc.collect() took 1.3 ms, 7.2 ms with two such lists), inside the pauses timed.
    run = runpy.run_path(path)["run"]
    gens = array.array("b", bytes(200_000))
    durations = array.array("d", bytes(8 * 200_000))
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
    gc.disable()  # no collection that run() left scheduled (see child_counts)
    wall = time.perf_counter() - t0
    gc.callbacks.remove(cb)
    return {"wall_s": wall, "pauses": [[gens[i], round(durations[i] * 1e9)] for i in range(n[0])]}

def main():
    if len(sys.argv) == 3 and sys.argv[1] in ("--counts", "--null", "--timing"):
        mode, path = sys.argv[1], sys.argv[2]
        out = child_timing(path) if mode == "--timing" else child_counts(path, mode == "--null")
        print(json.dumps(out))
        return
    args = sys.argv[1:]
    timing_runs = 1
    if len(args) == 3 and args[0] == "--timing-runs" and args[1].isdigit() and int(args[1]) >= 1:
        timing_runs, args = int(args[1]), args[2:]
    if len(args) != 1:
        sys.exit("usage: heapscope_probe.py [--timing-runs N] PROGRAM.py")
    path = args[0]
    child = lambda mode: json.loads(subprocess.check_output([sys.executable, os.path.abspath(__file__), mode, path]))
    out = {
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "counts": child("--counts"),
        "null": child("--null"),
    }
    runs = [child("--timing") for _ in range(timing_runs)]
    out["timing"] = runs[0]
    if timing_runs > 1:
        out["timing_runs"] = runs
    print(json.dumps(out))

if __name__ == "__main__":
    main()
