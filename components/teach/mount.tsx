import { render } from 'preact';
import { TeachPicker, type TeachPickerProps } from './TeachPicker';

/**
 * Mounts the teach-mode picker into an element of the shadow root the content script made;
 * returns an unmount function.
 */
export function mountTeachPicker(container: Element, props: TeachPickerProps): () => void {
  render(<TeachPicker {...props} />, container);
  return () => render(null, container);
}
