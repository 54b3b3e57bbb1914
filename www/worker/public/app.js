// The custom page: asks HighLevel (the parent window) for the encrypted user
// context and sends it with every call to this app's Worker, which holds the
// sessions. Input is checked with the package's own validation before
// anything is sent; the Worker's and the API's errors show as messages.
import { HighLevel } from '/pkg/browser.js';
import { requestUserContext } from '/pkg/webhooks-browser.js';

const $ = (id) => document.getElementById(id);
function el(tag, props = {}, ...kids) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...kids);
  return node;
}
const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

let context; // the encrypted user context, as HighLevel gave it
let current; // the open contact
const users = new Map();

async function api(path, payload) {
  const init = { headers: { 'x-user-context': context } };
  if (payload) Object.assign(init, { method: 'POST', body: JSON.stringify(payload), headers: { ...init.headers, 'content-type': 'application/json' } });
  const res = await fetch(path, init);
  const out = await res.json().catch(() => ({ error: { message: `the app answered ${res.status}` } }));
  if (!res.ok || out.error) throw out.error ?? { message: `the app answered ${res.status}` };
  return out;
}
const call = (op, params, body) => api('/api/call', { op, params, body }).then((o) => o.value);

function message(text, kind = 'error') {
  const m = $('message');
  m.textContent = text;
  m.className = kind;
  m.hidden = !text;
}

function showIssues(id, issues) {
  $(id).replaceChildren(...issues.map((i) => el('li', { textContent: `${i.path}: ${i.message}` })));
  $(id).hidden = !issues.length;
}

// Marks the page busy while something runs (the tests wait on data-state).
async function busy(run) {
  document.body.dataset.state = 'busy';
  try {
    await run();
  } catch (e) {
    message(e?.message ?? String(e));
  } finally {
    document.body.dataset.seq = String(Number(document.body.dataset.seq) + 1);
    document.body.dataset.state = 'idle';
  }
}

function render(contact) {
  current = contact;
  $('contact').hidden = false;
  $('contact-name').textContent = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.id;
  $('contact-email').textContent = contact.email ?? '';
  const chip = (text, data, remove) => {
    const li = el('li', { textContent: text }, el('button', { type: 'button', className: 'remove', title: `Remove ${text}`, textContent: '×', onclick: remove }));
    Object.assign(li.dataset, data);
    return li;
  };
  $('followers').replaceChildren(...(contact.followers ?? []).map((id) => chip(users.get(id) ?? id, { id }, () => mutate('follower', 'contacts.removeFollowersContact', { followers: [id] }, 'Follower removed'))));
  $('tags').replaceChildren(...(contact.tags ?? []).map((tag) => chip(tag, { tag }, () => mutate('tag', 'contacts.removeTags', { tags: [tag] }, 'Tag removed'))));
}

const open = (contactId) => busy(async () => {
  message('');
  const { contact } = await call('contacts.getContact', { contactId });
  render(contact);
});

// Validates in the browser first: a problem shows beside the form and nothing is sent.
function mutate(form, op, body, done, params = {}) {
  const all = { contactId: current.id, ...params };
  const issues = HighLevel.validate(op, all, body);
  showIssues(`${form}-issues`, issues);
  if (issues.length) {
    message('');
    document.body.dataset.seq = String(Number(document.body.dataset.seq) + 1);
    return;
  }
  return busy(async () => {
    message('');
    try {
      await call(op, all, body);
    } catch (e) {
      if (e.issues?.length) showIssues(`${form}-issues`, e.issues);
      throw e;
    }
    const { contact } = await call('contacts.getContact', { contactId: current.id });
    render(contact);
    $(`${form}-form`).reset();
    message(done, 'ok');
  });
}

async function loadContacts(query) {
  const { contacts } = await call('contacts.getContacts', { limit: 20, ...(query ? { query } : {}) });
  $('contacts').replaceChildren(...contacts.map((c) => {
    const b = el('button', { type: 'button', textContent: `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim() || c.id, onclick: () => open(c.id) });
    b.dataset.id = c.id;
    return el('li', {}, b);
  }));
}

// Lists for suggestions only; the page works without them.
async function loadSuggestions() {
  const [u, w] = await Promise.allSettled([call('users.searchUsers', { limit: 100 }), call('workflows.getWorkflow', {})]);
  for (const user of u.value?.users ?? []) users.set(user.id, user.name ?? `${user.firstName ?? ''} ${user.lastName ?? ''}`.trim());
  $('users').replaceChildren(...[...users].map(([id, name]) => el('option', { value: id, label: name })));
  $('workflows').replaceChildren(...(w.value?.workflows ?? []).map((f) => el('option', { value: f.id, label: f.name ?? f.id })));
}

$('search-form').onsubmit = (e) => { e.preventDefault(); busy(() => loadContacts($('search').value.trim())); };
$('open-form').onsubmit = (e) => { e.preventDefault(); open($('open-id').value.trim()); };
$('follower-form').onsubmit = (e) => { e.preventDefault(); mutate('follower', 'contacts.addFollowersContact', { followers: list($('follower-input').value) }, 'Followers added'); };
$('tag-form').onsubmit = (e) => { e.preventDefault(); mutate('tag', 'contacts.addTags', { tags: list($('tag-input').value) }, 'Tags added'); };
$('workflow-form').onsubmit = (e) => {
  e.preventDefault();
  mutate('workflow', 'contacts.addContactToWorkflow', {}, 'Enrolled in the workflow', { workflowId: $('workflow-input').value.trim() });
};

busy(async () => {
  try {
    context = await requestUserContext({ timeoutMs: 5000 });
  } catch {
    $('who').textContent = 'This page runs inside HighLevel: open it from the app menu.';
    return;
  }
  const s = await api('/api/session');
  $('who').textContent = `${s.user.userName ?? 'You'} (${s.user.role ?? s.user.type}) in location ${s.user.locationId}`;
  $('install-status').hidden = false;
  $('install-status').textContent = s.installed ? 'App installed for this location.' : 'The app is not installed for this location yet: install it from HighLevel.';
  document.body.dataset.installed = String(s.installed);
  if (!s.installed) return;
  $('app').hidden = false;
  await Promise.all([loadContacts(), loadSuggestions()]);
});
