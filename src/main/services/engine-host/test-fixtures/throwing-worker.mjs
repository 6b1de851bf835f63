// A worker that fails the way an engine bug would: an uncaught exception after start.
setImmediate(() => {
  throw new Error('simulated engine bug')
})
