// A worker that allocates until its heap limit is reached (ERR_WORKER_OUT_OF_MEMORY).
const hoard = []
for (;;) hoard.push({ index: hoard.length, text: `item ${hoard.length}`.repeat(4) })
