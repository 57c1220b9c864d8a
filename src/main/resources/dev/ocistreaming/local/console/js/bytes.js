// Keys and values travel as Base64 and may be any bytes. They are shown as text when they are
// valid UTF-8 without control or direction-changing characters, else as hex.

const MAX_SHOWN_CHARS = 2000;
const MAX_SHOWN_BYTES = 512;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
// C0 controls but tab, line feed and carriage return; DEL and C1; bidi overrides and isolates
// (they reorder what is displayed, so a value could look like something else)
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

export function base64ToBytes(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function textToBase64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** How to show bytes: mode 'auto' (text when printable, else hex), 'text' or 'hex'. */
export function showBytes(bytes, mode) {
  if (mode !== 'hex') {
    let text = null;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      text = null;
    }
    if (mode === 'text') return { kind: 'text', text: clip(text ?? lenientUtf8.decode(bytes), bytes.length) };
    if (text !== null && !UNPRINTABLE.test(text)) return { kind: 'text', text: clip(text, bytes.length) };
  }
  return { kind: 'hex', text: hex(bytes) };
}

function clip(text, byteLength) {
  return text.length <= MAX_SHOWN_CHARS ? text : `${text.slice(0, MAX_SHOWN_CHARS)} … (${byteLength} bytes in all)`;
}

function hex(bytes) {
  const shown = bytes.subarray(0, MAX_SHOWN_BYTES);
  const text = Array.from(shown, (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > MAX_SHOWN_BYTES ? `${text} … (${bytes.length} bytes in all)` : text;
}
