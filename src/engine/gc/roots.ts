/**
 * The VM's roots, for the collectors that trace from roots (the 3.14 collector's marking, and the
 * what-if mark-sweep and mark-compact collectors). CPython's generational collector needs no
 * roots: it finds external references from refcounts.
 *
 * Frame roots are what a frame stack holds (`mark_stacks` in 3.14's Python/gc.c): locals, value
 * stacks and loop iterators of every active frame. Global roots stand for what
 * `mark_global_roots` reaches from the sys dict, builtins and the interpreter dict: the module's
 * globals and the objects the probe harness keeps. The long-lived objects of the starting heap
 * (`INTERPRETER` and `CLASS` objects, which carry one external reference each) are roots too;
 * the collectors find those in their lists by type.
 */
import type { Vm } from '../vm/vm'

/** Enumerates the roots of a running scenario. */
export interface GcRoots {
  /** Visits every object referenced from a frame (locals, value stack, loop iterators). */
  forEachFrameRoot(visit: (o: number) => void): void
  /** Visits every module-level object (the scenario's globals, the probe harness's objects). */
  forEachGlobalRoot(visit: (o: number) => void): void
  /**
   * Whether every live reference is held by a frame, a global or an object. False while the VM
   * runs a `__del__` body synchronously from a deallocation: the interrupted operation may hold
   * references that no root shows, so a tracing collection must wait.
   */
  atSafepoint(): boolean
}

/**
 * Roots of a VM.
 * @param vm the run's VM (its columns are read at each call, so growth is seen)
 * @param harness objects the probe harness keeps alive
 * @returns the root enumerator
 */
export function createVmRoots(vm: Vm, harness: readonly number[]): GcRoots {
  return {
    forEachFrameRoot(visit: (o: number) => void): void {
      visitRange(vm.locals, vm.localsTop, visit)
      visitRange(vm.stack, vm.sp, visit)
      visitRange(vm.loopIterator, vm.loopTop, visit)
    },
    forEachGlobalRoot(visit: (o: number) => void): void {
      visitRange(vm.globals, vm.globals.length, visit)
      for (const h of harness) if (h > 0) visit(h)
    },
    atSafepoint(): boolean {
      return vm.nested === 0
    },
  }
}

function visitRange(column: Int32Array, length: number, visit: (o: number) => void): void {
  for (let i = 0; i < length; i++) {
    const o = column[i] as number
    if (o > 0) visit(o)
  }
}
