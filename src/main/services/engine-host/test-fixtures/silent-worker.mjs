// A worker that exits at once without a word (a crash that is not an exception).
process.exit(3)
