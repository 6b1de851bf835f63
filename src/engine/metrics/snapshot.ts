/**
 * The allocator's state as `sys._debugmallocstats()` reports it, as plain data for summaries.
 */
import { blockSizeOf, blocksPerPool, SIZE_CLASSES } from '../allocator/obmalloc'
import type { Interp } from '../runtime/interp'
import type { AllocatorSnapshot, PoolClassCounts } from '../types'

/** @returns arenas and, per block size with pools, pools / used blocks / available blocks */
export function allocatorSnapshot(interp: Interp): AllocatorSnapshot {
  const om = interp.mem.om
  const pools: Record<string, PoolClassCounts> = {}
  for (let i = 0; i < SIZE_CLASSES; i++) {
    const n = om.classPools[i] as number
    if (n === 0) continue
    const used = om.classUsedBlocks[i] as number
    pools[String(blockSizeOf(i))] = { pools: n, used_blocks: used, avail_blocks: n * blocksPerPool(i) - used }
  }
  return {
    arenas: {
      current: om.arenasCurrent,
      highwater: om.arenasHighwater,
      allocated: om.arenasAllocatedTotal,
      reclaimed: om.arenasAllocatedTotal - om.arenasCurrent,
    },
    pools_by_block_size: pools,
  }
}
