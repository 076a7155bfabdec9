import { injectedModule } from '../injected';
import type { MeaningDialogProps } from './MeaningDialog';
import type { TeachPickerProps } from './TeachPicker';

/**
 * Teach mode and the "what does this mean?" list are opened on few visits, so they are not part
 * of what every register page loads: the worker injects `register-teach.js` into the page's frame
 * when the user opens one (`content:load-teach`; how the module is handed over: ../injected.ts).
 */
export interface TeachModule {
  mountTeachPicker(container: Element, props: TeachPickerProps): () => void;
  mountMeaningDialog(container: Element, props: MeaningDialogProps): () => void;
  /** Its stylesheet, for the overlay's shadow root (added once, on first use). */
  css: string;
}

const teach = injectedModule<TeachModule>('register-lens/teach');

export const provideTeach = teach.provide;
export const providedTeach = teach.provided;
export const teachLoader = teach.loader;
