// Preloaded (--require) into every cold-start process, the empty baseline
// included: reports the process's peak RSS as it exits.
process.on('exit', () => {
  const exitAtMs = performance.now(); // since the process started
  process.stdout.write(`PROBE ${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, exitAtMs })}\n`);
});
