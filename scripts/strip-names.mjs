// Drops the wasm `name` custom section (function names for debuggers, about a
// tenth of the file). Binaryen's wasm-opt would do more, but Debian's version
// mistypes wasm-bindgen's externref table and the module then fails in workerd.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const b = readFileSync(file);
const leb = (i) => { let r = 0, s = 0, x; do { x = b[i++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return [r >>> 0, i]; };
const keep = [b.subarray(0, 8)];
for (let i = 8; i < b.length;) {
  const start = i;
  const id = b[i++];
  const [size, body] = leb(i);
  i = body + size;
  if (id === 0) {
    const [len, name] = leb(body);
    if (b.subarray(name, name + len).toString() === 'name') continue;
  }
  keep.push(b.subarray(start, i));
}
writeFileSync(file, Buffer.concat(keep));
