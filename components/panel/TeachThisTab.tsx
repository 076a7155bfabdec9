import { useState } from 'preact/hooks';
import { Button } from '../ui/Button';
import { usePanel } from './context';

/**
 * Teach mode for the page in the tutor's tab, offered here when no register was read in that tab.
 * Pages without a register never load the overlay (nothing of ours runs there beyond the reader),
 * so this is where teach mode is found for a register the reader cannot read; on the page itself,
 * Alt+Shift+T opens it too. The worker asks that tab's content script to open it.
 */
export function TeachThisTab() {
  const { source, state } = usePanel();
  const [said, setSaid] = useState<string | null>(null);
  if (!source.startTeach) return null;

  const start = async () => {
    setSaid(null);
    const reply = await source.startTeach!();
    const message = reply.ok
      ? 'Teach mode is open on the page: click one pupil’s name there, then one of their marks, and save.'
      : `Teach mode could not be opened. ${reply.error}`;
    setSaid(message);
    state.announcement.value = message;
  };

  return (
    <section class="rl-notice rl-teach-offer" aria-labelledby="teach-offer-heading">
      <h3 id="teach-offer-heading">A register Register Lens cannot read?</h3>
      <p class="rl-muted">
        No register has been read in this tab. If the page shows one, teach Register Lens its
        layout: one name and one mark are enough, and it is read on every later visit.
      </p>
      <Button onClick={() => void start()}>Teach Register Lens the register in this tab</Button>
      {said ? <p class="rl-teach-offer__said">{said}</p> : null}
    </section>
  );
}
