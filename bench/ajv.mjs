// ajv 8 compiled once from the spec's own schema for an operation's JSON body
// (OpenAPI 3.0: `nullable` is ajv's own keyword; the spec's components are
// added as one schema so every $ref resolves), with ajv-formats (email, uri,
// date, date-time) and allErrors, as the package lists every issue. The
// schema overrides codegen applies to the package's table
// (codegen/overrides.json, component `set`s) are applied here too, so both
// judge a body by the same rules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const SPECS = new URL('../../shared/highlevel-openapi/apps/', import.meta.url);
const OVERRIDES = new URL('../codegen/overrides.json', import.meta.url);

/** `validate(body) → boolean` for the JSON body of `operationId` in spec `file`, and the ajv instance. */
export function compileBody(file, operationId) {
  const spec = JSON.parse(readFileSync(new URL(`${file}.json`, SPECS), 'utf8'));
  const overrides = JSON.parse(readFileSync(OVERRIDES, 'utf8'));
  for (const list of Object.values(overrides)) {
    if (!Array.isArray(list)) continue;
    for (const o of list) {
      if (o.file !== file || !o.component || o.op !== 'set') continue;
      const parts = o.at.split('/');
      let at = spec.components.schemas[o.component];
      for (const p of parts.slice(0, -1)) at = at?.[p];
      if (at) at[parts.at(-1)] = o.value;
    }
  }
  const op = Object.values(spec.paths).flatMap((m) => Object.values(m)).find((o) => o?.operationId === operationId);
  const schema = op.requestBody.content['application/json'].schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const ref = (s) => JSON.parse(JSON.stringify(s).replaceAll('"#/components/', '"spec#/components/'));
  ajv.addSchema({ $id: 'spec', components: ref(spec.components) });
  return ajv.compile(ref(schema));
}
