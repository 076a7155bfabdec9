import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SenderPolicy } from '../../utils/messaging/runtime';
import { matchesAny } from '../../utils/settings/sites';

// Who may send what in the messaging tests: the extension itself, and content scripts on the
// one enabled test site (the demo school's address).
export const EXT = fakeBrowser.runtime.id;
export const ORIGIN = 'http://127.0.0.1:5177';
export const PAGE = `${ORIGIN}/register/7B`;
export const policy: SenderPolicy = {
  extensionId: EXT,
  extensionOrigin: `chrome-extension://${EXT}/`,
  contentUrlAllowed: async (url) => matchesAny(['http://127.0.0.1/*'], url),
};
