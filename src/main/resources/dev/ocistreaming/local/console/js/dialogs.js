// Modal dialogs: "Create Stream" (the OCI console's fields) and a confirmation. Errors from the
// server are shown inside the dialog as the server worded them.
import { el, setText } from './dom.js';
import { oci } from './api.js';

function modal(id, title, content, actionLabel, actionClass, action) {
  const error = el('p', { class: 'error', id: `${id}-error`, role: 'alert' });
  const submit = el('button', { type: 'submit', class: actionClass, id: `${id}-submit` }, actionLabel);
  const cancel = el('button', { type: 'button', id: `${id}-cancel` }, 'Cancel');
  const form = el('form', { method: 'dialog', novalidate: true }, el('h2', {}, title), content, error,
    el('div', { class: 'actions' }, cancel, submit));
  const dialog = el('dialog', { id }, form);
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    setText(error, '');
    try {
      await action();
      dialog.close();
    } catch (e) {
      setText(error, String(e));
    } finally {
      submit.disabled = false;
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** A whole number as a number; anything else as typed, so the server's own validation answers. */
function numberOrText(text) {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : trimmed;
}

function field(id, label, hint, input) {
  return el('div', { class: 'field' }, el('label', { for: id }, label, hint ? el('span', { class: 'hint' }, hint) : null),
    input);
}

export function createStreamDialog(server, compartmentId, onCreated) {
  const name = el('input', { id: 'stream-name', autocomplete: 'off', placeholder: 'e.g. orders' });
  const compartment = el('input', { id: 'stream-compartment', list: 'known-compartments', value: compartmentId });
  const known = el('datalist', { id: 'known-compartments' }, server.compartments.map((c) => el('option', { value: c })));
  const partitions = el('input', { id: 'stream-partitions', inputmode: 'numeric', value: '1' });
  const retention = el('input', { id: 'stream-retention', inputmode: 'numeric', value: '24' });
  const { limits } = server;
  const content = el('div', {},
    field('stream-name', 'Stream name', null, name),
    field('stream-compartment', 'Compartment', 'OCID', compartment), known,
    field('stream-partitions', 'Number of partitions', `1–${limits.maxPartitions}`, partitions),
    field('stream-retention', 'Retention (hours)', `${limits.minRetentionInHours}–${limits.maxRetentionInHours}`,
      retention));
  modal('create-stream-dialog', 'Create Stream', content, 'Create', 'primary', async () => {
    const details = { name: name.value, compartmentId: compartment.value.trim() };
    const p = numberOrText(partitions.value);
    const r = numberOrText(retention.value);
    if (p !== undefined) details.partitions = p;
    if (r !== undefined) details.retentionInHours = r;
    const stream = await oci.createStream(details);
    onCreated(stream);
  });
  name.focus();
}

export function confirmDialog(id, title, text, actionLabel, action) {
  modal(id, title, el('p', {}, text), actionLabel, 'danger primary', action);
}
