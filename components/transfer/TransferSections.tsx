import { BackupPanel } from './BackupPanel';
import { ExportPanel } from './ExportPanel';
import { ImportWizard } from './ImportWizard';
import { storeTransferApi, type TransferApi } from './api';

/** The import, export and backup sections, for the options page to mount as its children. */
export function TransferSections({ api = storeTransferApi }: { api?: TransferApi }) {
  return (
    <>
      <ImportWizard api={api} />
      <ExportPanel api={api} />
      <BackupPanel api={api} />
    </>
  );
}

export { BackupPanel, ExportPanel, ImportWizard, storeTransferApi };
export type { TransferApi };
