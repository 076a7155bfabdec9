import { useState } from 'preact/hooks';
import {
  BackupError,
  createBackup,
  passphraseStrength,
  readBackupHeader,
  restoreBackup,
  MIN_PASSPHRASE_LENGTH,
} from '../../utils/transfer/backup';
import { downloadBlob, exportFilename } from '../../utils/transfer/download';
import { backupPayloadSchema, type TransferApi } from './api';

const STRENGTH_WORDS = ['Too short', 'Weak', 'Fair', 'Good', 'Strong'];

export interface BackupPanelProps {
  api: TransferApi;
  doc?: Document;
  /** PBKDF2 iterations; the default (600,000) outside tests. */
  iterations?: number;
}

/** One encrypted file holding everything, to move Register Lens to a new computer. */
export function BackupPanel({ api, doc = document, iterations }: BackupPanelProps) {
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState<'backup' | 'restore' | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [file, setFile] = useState<{ name: string; text: string; createdAt: string } | null>(null);
  const [restorePass, setRestorePass] = useState('');
  const [understood, setUnderstood] = useState(false);
  const strength = passphraseStrength(pass);
  const mismatch = confirm.length > 0 && pass !== confirm;
  const canBackup = strength.score > 0 && pass === confirm && busy === null;

  async function backup() {
    setBusy('backup');
    setError(null);
    setStatus('Encrypting… this takes a few seconds on purpose, to make guessing slow.');
    try {
      const now = api.now();
      const text = await createBackup(await api.backupData(), pass, {
        createdAt: now,
        ...(iterations ? { iterations } : {}),
      });
      const name = exportFilename('backup', now.slice(0, 10), 'rlbackup');
      downloadBlob(doc, new Blob([text], { type: 'application/octet-stream' }), name);
      setStatus(`Saved ${name}. Keep the passphrase safe: without it the backup cannot be opened.`);
      setPass('');
      setConfirm('');
    } catch (e) {
      setStatus(null);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  async function pick(chosen: File) {
    setError(null);
    setStatus(null);
    try {
      const text = await chosen.text();
      const header = readBackupHeader(text);
      setFile({ name: chosen.name, text, createdAt: header.createdAt });
    } catch (e) {
      setFile(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function restore() {
    if (!file) return;
    setBusy('restore');
    setError(null);
    setStatus('Opening the backup…');
    try {
      await restoreBackup(file.text, restorePass, {
        schema: backupPayloadSchema,
        restoreAll: (payload) => api.restoreData(payload),
      });
      // No recompute: the backup carries the figures as they were, and restoring is exact.
      setStatus(`Restored everything from ${file.name}.`);
      setFile(null);
      setRestorePass('');
      setUnderstood(false);
    } catch (e) {
      setStatus(null);
      setError(
        e instanceof BackupError
          ? e.message
          : `Nothing was restored: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="rl-backup-heading" class="rl-transfer">
      <h2 id="rl-backup-heading">Back up and restore</h2>
      <p class="hint">
        A backup holds every mark, note and setting in one file, encrypted with a passphrase you
        choose (AES-256; the passphrase is never stored). Use it to move to a new computer.
      </p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <p role="status" class="status">
        {status}
      </p>

      <form
        aria-labelledby="rl-backup-create-heading"
        onSubmit={(e) => {
          e.preventDefault();
          if (canBackup) void backup();
        }}
      >
        <h3 id="rl-backup-create-heading">Create an encrypted backup</h3>
        <div class="field">
          <label for="rl-backup-pass">
            Passphrase (at least {MIN_PASSPHRASE_LENGTH} characters)
          </label>
          <input
            id="rl-backup-pass"
            type="password"
            autocomplete="new-password"
            value={pass}
            aria-describedby="rl-backup-strength"
            onInput={(e) => setPass((e.currentTarget as HTMLInputElement).value)}
          />
          <p class="hint" id="rl-backup-strength" aria-live="polite">
            {pass
              ? `${STRENGTH_WORDS[strength.score]}. ${strength.hint}`
              : 'Three or four unrelated words make a strong passphrase.'}
          </p>
        </div>
        <div class="field">
          <label for="rl-backup-confirm">The same passphrase again</label>
          <input
            id="rl-backup-confirm"
            type="password"
            autocomplete="new-password"
            value={confirm}
            aria-invalid={mismatch}
            aria-describedby={mismatch ? 'rl-backup-mismatch' : undefined}
            onInput={(e) => setConfirm((e.currentTarget as HTMLInputElement).value)}
          />
          {mismatch ? (
            <p class="error" id="rl-backup-mismatch">
              The two passphrases are not the same.
            </p>
          ) : null}
        </div>
        <button type="submit" disabled={!canBackup}>
          {busy === 'backup' ? 'Encrypting…' : 'Create encrypted backup'}
        </button>
      </form>

      <form
        aria-labelledby="rl-backup-restore-heading"
        onSubmit={(e) => {
          e.preventDefault();
          if (file && understood && restorePass && busy === null) void restore();
        }}
      >
        <h3 id="rl-backup-restore-heading">Restore from a backup</h3>
        <div class="field">
          <label for="rl-restore-file">Backup file</label>
          <input
            id="rl-restore-file"
            type="file"
            accept=".rlbackup,application/json,application/octet-stream"
            onChange={(e) => {
              const chosen = (e.currentTarget as HTMLInputElement).files?.[0];
              if (chosen) void pick(chosen);
            }}
          />
          {file ? (
            <p class="hint">
              Backup made{' '}
              {new Date(file.createdAt).toLocaleString('en-GB', {
                dateStyle: 'long',
                timeStyle: 'short',
              })}
              .
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for="rl-restore-pass">Its passphrase</label>
          <input
            id="rl-restore-pass"
            type="password"
            autocomplete="current-password"
            value={restorePass}
            onInput={(e) => setRestorePass((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <input
            id="rl-restore-understood"
            type="checkbox"
            checked={understood}
            onChange={(e) => setUnderstood((e.currentTarget as HTMLInputElement).checked)}
          />
          <label for="rl-restore-understood">
            I understand that restoring replaces everything Register Lens holds in this browser
          </label>
        </div>
        <button type="submit" disabled={!file || !understood || !restorePass || busy !== null}>
          {busy === 'restore' ? 'Restoring…' : 'Restore'}
        </button>
      </form>
    </section>
  );
}
