// Cold-start baseline: a worker that does nothing.
export default {
  fetch() {
    return new Response('{}', { headers: { 'content-type': 'application/json' } });
  },
};
