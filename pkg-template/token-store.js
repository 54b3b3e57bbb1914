// The default token store: sessions in a Map of this process (or isolate),
// copied in and out so a caller cannot change a stored session by accident.
// Its `lock` serialises the holders of one key in this process only; a store
// shared between processes (a database, a Durable Object) brings its own.

const copy = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

export class MemoryTokenStore {
  static name = 'MemoryTokenStore'; // kept through minification (the build drops --keep-names)
  #sessions = new Map();
  #locks = new Map();

  get(key) {
    return copy(this.#sessions.get(key));
  }

  set(key, session) {
    this.#sessions.set(key, copy(session));
  }

  delete(key) {
    this.#sessions.delete(key);
  }

  /** Runs `fn` once every earlier holder of `key` has finished; resolves to its result. */
  lock(key, fn) {
    const before = this.#locks.get(key) ?? Promise.resolve();
    const run = before.then(() => fn());
    const after = run.then(() => {}, () => {});
    this.#locks.set(key, after);
    after.then(() => { if (this.#locks.get(key) === after) this.#locks.delete(key); });
    return run;
  }
}
