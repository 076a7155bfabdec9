/**
 * Saving files from an extension page: an object URL and a temporary link. The document is passed
 * in so this stays testable and never reaches for a global page.
 */
export function downloadBlob(doc: Document, blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: Chromium starts the download from the click synchronously.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function textBlob(text: string, type: 'text/csv' | 'application/json'): Blob {
  return new Blob([text], { type: `${type};charset=utf-8` });
}

/** A chart's canvas as a PNG (the charts component owns the canvas; this only encodes it). */
export function canvasToPngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob) resolve(blob);
      else reject(new Error('The chart could not be turned into an image.'));
    }, 'image/png');
  });
}

/** `register-lens-<what>-<date>.<ext>`: sortable, and says what is inside without opening it. */
export function exportFilename(
  what: string,
  date: string,
  ext: 'csv' | 'json' | 'png' | 'rlbackup',
): string {
  return `register-lens-${what}-${date}.${ext}`;
}
