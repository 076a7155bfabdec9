import { defineBackground } from 'wxt/utils/define-background';
import { analysePupil } from '../utils/attendance/analyse';
import { startBackground } from '../utils/messaging/background';
import { installTestHooks } from '../utils/store/bench-hook';

export default defineBackground(() => {
  startBackground({ analyse: analysePupil });
  // Benchmarks and e2e tests drive the store inside the browser; store builds leave this out.
  if (import.meta.env.MODE === 'demo') installTestHooks(globalThis);
});
