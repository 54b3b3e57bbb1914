// The generated part of ../BENCHMARKS.md: everything between the two markers
// is rewritten by a full `make bench`; text outside them is kept.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const BEGIN = '<!-- bench:begin — written by `make bench` (bench/run.mjs); edit outside these markers -->';
const END = '<!-- bench:end -->';

export function generated(results, tableText) {
  const m = results.meta;
  const mc = m.machine;
  const t = results.targets;
  const lines = [
    BEGIN,
    '## Latest full run',
    '',
    `- **Date:** ${m.date} (took ${Math.round(m.seconds)} s)`,
    `- **Machine:** ${mc.cpu}, ${mc.cores} cores, ${(mc.memoryBytes / 2 ** 30).toFixed(1)} GiB RAM; ${mc.os}; Node ${mc.node}. Shared and noisy: read ratios and medians, not absolute figures.`,
    `- **Package:** highlevel-wasm ${m.pkg.version} built from ${m.commit}${m.dirty ? ' plus uncommitted changes' : ''} (wasm ${m.pkg.wasmBytes.toLocaleString('en-US')} bytes)`,
    `- **Against:** raw \`fetch\` (Node's undici) and \`@gohighlevel/api-client\` ${m.sdk.version} (axios ${m.sdk.axios}); esbuild ${m.tools.esbuild}, miniflare ${m.tools.miniflare} (workerd ${m.tools.workerd})${m.tools.ajv ? `; ajv ${m.tools.ajv} (validation), @gnosticdev/highlevel-sdk ${m.tools.gnostic} (cold start)` : ''}`,
    `- **Sandbox:** \`highlevel-sandbox ${m.sandboxArgs.join(' ')}\` on 127.0.0.1, one for the whole run`,
    `- **SDK Version header:** the SDK sends \`Version: ${m.sdk.defaultVersionHeader}\` by default; these operations (and the sandbox) want \`${m.sdk.versionHeaderUsed}\`, so it is constructed with its \`apiVersion: '${m.sdk.versionHeaderUsed}'\` option.`,
    '- **Commands:**',
    '',
    '```sh',
    ...m.commands,
    '```',
    '',
    `Parameters: ${Object.entries(m.plan).map(([k, v]) => `${k} \`${v.join(' ') || '–'}\``).join('; ')}.`,
    '',
    tableText,
    '',
    '### Targets (reported, not asserted)',
    '',
    ...t.map((x) => `- ${x.met ? 'met' : '**not met**'}: ${x.what} — ${x.value}`),
    END,
  ];
  return lines.join('\n');
}

export function writeBenchmarksMd(file, results, tableText) {
  const block = generated(results, tableText);
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const a = text.indexOf(BEGIN.slice(0, 20));
  const b = text.indexOf(END);
  if (a >= 0 && b > a) {
    text = `${text.slice(0, a)}${block}${text.slice(b + END.length)}`;
  } else {
    text = `# Benchmarks\n\n${block}\n${text ? `\n${text}` : ''}`;
  }
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}
