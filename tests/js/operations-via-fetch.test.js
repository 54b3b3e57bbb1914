// The same cases with the runtime's own fetch as the transport (the Node
// entry otherwise sends through node:http).
process.env.HL_TRANSPORT = 'fetch';
await import('./operations.test.js');
