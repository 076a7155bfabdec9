import { render } from 'preact';
import { MeaningDialog, type MeaningDialogProps } from './MeaningDialog';
import { TeachPicker, type TeachPickerProps } from './TeachPicker';

/**
 * Mounts the teach-mode picker into an element of the shadow root the content script made;
 * returns an unmount function.
 */
export function mountTeachPicker(container: Element, props: TeachPickerProps): () => void {
  render(<TeachPicker {...props} />, container);
  return () => render(null, container);
}

/** Mounts the "what does this mean?" list on its own; returns an unmount function. */
export function mountMeaningDialog(container: Element, props: MeaningDialogProps): () => void {
  render(<MeaningDialog {...props} />, container);
  return () => render(null, container);
}
