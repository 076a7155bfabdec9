import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import type { TransferApi, BackupPayload } from '../../components/transfer/api';
import { BackupPanel } from '../../components/transfer/BackupPanel';
import { ExportPanel } from '../../components/transfer/ExportPanel';
import { ImportWizard } from '../../components/transfer/ImportWizard';
import type { CanonicalRow } from '../../utils/transfer/shapes';
import { pupil } from './fixtures';
import { mounter, settle } from './render';

const mount = mounter();

async function chooseFile(input: HTMLInputElement, file: File): Promise<void> {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
  await settle();
}

const button = (root: HTMLElement, text: RegExp) =>
  [...root.querySelectorAll('button')].find((b) => text.test(b.textContent ?? ''))!;

async function click(el: HTMLElement): Promise<void> {
  await act(() => void el.click());
  await settle();
}

function fakeApi(overrides: Partial<TransferApi> = {}) {
  const imported: (readonly CanonicalRow[])[] = [];
  const importedTo: (string | undefined)[] = [];
  const undone: string[] = [];
  const priorImported: unknown[][] = [];
  const priorUndone: string[] = [];
  let restored: BackupPayload | null = null;
  const api: TransferApi = {
    sites: async () => [{ id: 'import:csv', label: 'Keep as a separate imported set' }],
    existingMarks: async () => () => undefined,
    importRows: async (rows, options) => {
      imported.push(rows);
      importedTo.push(options.siteId);
      return {
        batchId: options.batchId ?? 'b1',
        added: rows.length,
        corrected: 0,
        unchanged: 0,
        pupilIds: ['import:csv|S1'],
      };
    },
    undoImport: async (batchId) => {
      undone.push(batchId);
      return { removed: 2, restored: 0, keptNewer: 0, pupilIds: [] };
    },
    priorMatches: async () => 1,
    importPriorSummaries: async (rows) => {
      priorImported.push([...rows]);
      return { batchId: 'p1', added: rows.length, replaced: 0, skipped: 0, pupilIds: ['s|1'] };
    },
    undoPriorImport: async (batchId) => {
      priorUndone.push(batchId);
      return { removed: 1, restored: 0, keptNewer: 0, pupilIds: ['s|1'] };
    },
    recompute: async () => {},
    figures: async () => ({
      asOf: '2025-12-19',
      pupils: [pupil('S1', 'Turner, Grace', '7B', 'persistent')],
    }),
    weeklySeries: async () => [],
    pseudonymSecret: async () => new Uint8Array(32).fill(1),
    backupData: async () => ({
      format: 'register-lens-backup-payload',
      store: { format: 'register-lens-store', schemaVersion: 2, tables: {} } as never,
      pseudonymSecret: null,
    }),
    restoreData: async (payload) => void (restored = payload),
    now: () => '2026-01-21T09:00:00.000Z',
    ...overrides,
  };
  return {
    api,
    imported,
    importedTo,
    undone,
    priorImported,
    priorUndone,
    restored: () => restored,
  };
}

const csv = (text: string, name = 'marks.csv') => new File([text], name, { type: 'text/csv' });
const good =
  'pupil_id,name,group,date,session,mark\nS1,Ada,7B,2025-09-01,AM,/\nS1,Ada,7B,2025-09-01,PM,\\\n';

const SUMMARY_HEADER = 'pupil_id,academic_year,possible,present,authorised,unauthorised,school';

describe('the import wizard with a prior-school summary', () => {
  it('should recognise the summary, say it is last year’s evidence, import on confirm and undo', async () => {
    const fake = fakeApi();
    const root = await mount(<ImportWizard api={fake.api} createWorker={null} />);

    await chooseFile(
      root.querySelector<HTMLInputElement>('#rl-import-file')!,
      csv(`${SUMMARY_HEADER}\nA1,2024/25,342,294,40,8,Oak Primary\n`, 'year6.csv'),
    );
    expect(root.textContent).toContain('never counted in this year’s figures');
    expect(root.querySelector('[aria-label="What this import will do"]')?.textContent).toContain(
      '1 summary for 1 pupil, school years 2024/25',
    );
    expect(fake.priorImported).toEqual([]);
    await click(button(root, /Import 1 summary/));
    expect(fake.priorImported).toEqual([
      [expect.objectContaining({ pupilId: 'A1', academicYear: 2024, possible: 342 })],
    ]);
    await click(button(root, /Undo this import/));

    expect(fake.priorUndone).toEqual(['p1']);
    expect(root.querySelector('[role="status"]')?.textContent).toMatch(
      /was undone: 1 summary removed/,
    );
  });

  it('should list errors by line and save nothing from a file with errors', async () => {
    const fake = fakeApi();
    const root = await mount(<ImportWizard api={fake.api} createWorker={null} />);

    await chooseFile(
      root.querySelector<HTMLInputElement>('#rl-import-file')!,
      csv(`${SUMMARY_HEADER}\nA1,2024,342,294,40,8,\nA2,2024,100,90,5,4,\n`),
    );

    expect(root.querySelector('[aria-label="Errors by line"]')?.textContent).toBe(
      'Line 3: present + authorised + unauthorised is 99, not the 100 possible sessions',
    );
    expect(button(root, /Import 1 summary/).disabled).toBe(true);
    expect(fake.priorImported).toEqual([]);
  });
});

describe('the import wizard', () => {
  it('should recognise the file, run a dry run, import on confirm and offer undo', async () => {
    const fake = fakeApi();
    const root = await mount(<ImportWizard api={fake.api} createWorker={null} />);

    await chooseFile(root.querySelector<HTMLInputElement>('#rl-import-file')!, csv(good));
    expect(root.textContent).toContain('Register Lens marks CSV');
    await click(button(root, /Check the whole file/));
    expect(root.querySelector('[aria-label="What this import will do"]')?.textContent).toContain(
      '2 new marks to add',
    );
    expect(fake.imported).toEqual([]);
    await click(button(root, /Import 2 marks/));
    expect(fake.imported).toHaveLength(1);
    await click(button(root, /Undo this import/));

    expect(fake.undone).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(root.querySelector('[role="status"]')?.textContent).toMatch(
      /was undone: 2 marks removed/,
    );
  });

  it('should list errors by line in an alert and keep the import button off until only valid rows are chosen', async () => {
    const fake = fakeApi();
    const root = await mount(<ImportWizard api={fake.api} createWorker={null} />);

    await chooseFile(
      root.querySelector<HTMLInputElement>('#rl-import-file')!,
      csv(good + 'S2,,7B,2025-02-30,AM,/\n'),
    );
    await click(button(root, /Check the whole file/));

    const alert = root.querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('Line 4: "2025-02-30" is not a real date');
    expect(button(root, /Import the valid rows/).disabled).toBe(true);
    const only = root.querySelector<HTMLInputElement>('#rl-import-only-valid')!;
    await act(() => void only.click());
    await settle();
    await click(button(root, /Import the valid rows/));
    expect(fake.imported[0]!.map((r) => r.line)).toEqual([2, 3]);
  });

  it('should offer the column mapping for an unknown file, with a preview of the rows read', async () => {
    const fake = fakeApi();
    const root = await mount(<ImportWizard api={fake.api} createWorker={null} />);

    await chooseFile(
      root.querySelector<HTMLInputElement>('#rl-import-file')!,
      csv('Ref,Day,Part,Code\nA1,01/09/2025,AM,/\n'),
    );
    expect(root.textContent).toContain('Still to choose');
    const select = (id: string, value: string) =>
      act(() => {
        const el = root.querySelector<HTMLSelectElement>(id)!;
        el.value = value;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      });
    await select('#rl-map-pupilId', '0');
    await select('#rl-map-date', '1');
    await select('#rl-map-session', '2');
    await select('#rl-map-mark', '3');
    await settle();

    const preview = root.querySelector('table')!;
    expect(preview.querySelector('caption')?.textContent).toBe(
      'The first rows as they will be read',
    );
    expect([...preview.querySelectorAll('tbody td')].map((td) => td.textContent)).toEqual([
      '2',
      'A1',
      '',
      '',
      '2025-09-01',
      'AM',
      '/',
    ]);
  });
});

describe('the import wizard’s choice of MIS site', () => {
  const MIS = 'https://mis.school.example';
  const withSites = (matched: number) =>
    fakeApi({
      sites: async () => [
        { id: MIS, label: `Attach to ${MIS}` },
        { id: 'https://old-mis.example', label: 'Attach to https://old-mis.example' },
        { id: 'import:csv', label: 'Keep as a separate imported set' },
      ],
      matchedPupils: async () => matched,
    });
  const siteSelect = (root: HTMLElement) =>
    root.querySelector<HTMLSelectElement>('#rl-import-site');

  it('should attach the file to the site read most recently unless told otherwise', async () => {
    const fake = withSites(1);
    const root = await mount(<ImportWizard api={fake.api} createWorker={null} />);

    await chooseFile(root.querySelector<HTMLInputElement>('#rl-import-file')!, csv(good));
    expect(siteSelect(root)?.value).toBe(MIS);
    expect([...siteSelect(root)!.options].map((o) => o.textContent)).toEqual([
      `Attach to ${MIS}`,
      'Attach to https://old-mis.example',
      'Keep as a separate imported set',
    ]);
    await click(button(root, /Check the whole file/));
    expect(root.querySelector('[aria-label="What this import will do"]')?.textContent).toContain(
      `Attached to ${MIS}: 1 pupil already known there, 0 new pupils`,
    );
    await click(button(root, /Import 2 marks/));

    expect(fake.importedTo).toEqual([MIS]);
  });

  it('should keep the file as a separate imported set when the user chooses so', async () => {
    const fake = withSites(1);
    const root = await mount(<ImportWizard api={fake.api} createWorker={null} />);

    await chooseFile(root.querySelector<HTMLInputElement>('#rl-import-file')!, csv(good));
    await act(() => {
      const select = siteSelect(root)!;
      select.value = 'import:csv';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await click(button(root, /Check the whole file/));
    expect(root.querySelector('[aria-label="What this import will do"]')?.textContent).toContain(
      'Kept as a separate imported set',
    );
    await click(button(root, /Import 2 marks/));

    expect(fake.importedTo).toEqual(['import:csv']);
  });

  it('should warn before import when no pupil of the file is known on the chosen site', async () => {
    const fake = withSites(0);
    const root = await mount(<ImportWizard api={fake.api} createWorker={null} />);

    await chooseFile(root.querySelector<HTMLInputElement>('#rl-import-file')!, csv(good));
    await click(button(root, /Check the whole file/));

    expect(root.querySelector('[role="note"]')?.textContent).toContain(
      `None of the file’s pupil ids matches a pupil already read on ${MIS}`,
    );
    expect(fake.imported).toEqual([]);
  });

  it('should ask nothing and keep the file apart when no MIS site has been read', async () => {
    const fake = fakeApi();
    const root = await mount(<ImportWizard api={fake.api} createWorker={null} />);

    await chooseFile(root.querySelector<HTMLInputElement>('#rl-import-file')!, csv(good));
    expect(siteSelect(root)).toBeNull();
    await click(button(root, /Check the whole file/));
    await click(button(root, /Import 2 marks/));

    expect(fake.importedTo).toEqual(['import:csv']);
  });
});

describe('the export panel', () => {
  it('should be pseudonymised by default, with names only behind an unticked checkbox', async () => {
    const root = await mount(<ExportPanel api={fakeApi().api} />);

    const names = root.querySelector<HTMLInputElement>('#rl-export-names')!;
    expect(names.checked).toBe(false);
    expect(root.querySelector('label[for="rl-export-names"]')?.textContent).toBe(
      'Include pupils’ names',
    );
    expect(root.textContent).toContain('Pupils appear as pseudonyms');
  });

  it('should download a figures CSV without the pupil’s name', async () => {
    const saved: Blob[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => (saved.push(blob), 'blob:x');
    try {
      const root = await mount(<ExportPanel api={fakeApi().api} />);
      await click(button(root, /^Download$/));

      const text = await saved[0]!.text();
      expect(text).toMatch(/^\uFEFF?pseudonym,group,/);
      expect(text).not.toContain('Turner');
      expect(root.querySelector('[role="status"]')?.textContent).toMatch(
        /Saved register-lens-figures-2026-01-21\.csv/,
      );
    } finally {
      URL.createObjectURL = original;
    }
  });
});

describe('the backup panel', () => {
  it('should ask for the passphrase twice and say when they differ', async () => {
    const root = await mount(<BackupPanel api={fakeApi().api} iterations={100_000} />);
    const type = (id: string, value: string) =>
      act(() => {
        const el = root.querySelector<HTMLInputElement>(id)!;
        el.value = value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });

    await type('#rl-backup-pass', 'purple otter lamp river');
    await type('#rl-backup-confirm', 'purple otter lamp rivet');

    expect(root.querySelector('#rl-backup-mismatch')?.textContent).toMatch(/not the same/);
    expect(button(root, /Create encrypted backup/).disabled).toBe(true);
    expect(root.querySelector('#rl-backup-strength')?.textContent).toMatch(/^Strong/);
  });
});
