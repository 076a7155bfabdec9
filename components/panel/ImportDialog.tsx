import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Button } from '../ui/Button';

/**
 * "Import history" in the side panel: attendance officers import from here as well as from the
 * options page. A native modal dialog keeps focus inside while open, closes on Escape and gives
 * focus back to the button; the wizard is rendered only while it is open, so a closed panel
 * holds no file in memory.
 */
export function ImportDialog({
  children,
  idPrefix = 'rl-import',
  label = 'Import history',
}: {
  children: () => ComponentChildren;
  /** Two dialogs on one page (the header's and the register's offer) need their own ids. */
  idPrefix?: string;
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
    } else if (!open && el.open) {
      el.close();
    }
  }, [open]);

  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };

  return (
    <>
      {/* A plain button: the shared Button cannot carry a ref for focus to return to. */}
      <button
        ref={opener}
        type="button"
        class="rl-button"
        data-variant="plain"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
      <dialog
        ref={dialog}
        class="rl-dialog"
        aria-labelledby={`${idPrefix}-title`}
        onClose={() => open && close()}
      >
        <div class="rl-dialog__head">
          <h2 id={`${idPrefix}-title`}>Import attendance history</h2>
          <Button onClick={close}>Close</Button>
        </div>
        {open ? children() : null}
      </dialog>
    </>
  );
}
