import { nameKey } from '../text';

const PUPIL_ID_ATTR = /^data-(?:[a-z]+-)?(?:pupil|student|person|learner|child|upn)(?:-?id)?$/i;

export const pupilKey = (
  row: Element,
  nameEl: Element,
  name: string,
  group: string | null,
): string => {
  for (const a of row.getAttributeNames()) {
    if (!PUPIL_ID_ATTR.test(a)) continue;
    const value = row.getAttribute(a)?.trim();
    if (value) return `id:${value}`;
  }
  const link = nameEl.closest('a[href]') ?? row.querySelector('a[href]');
  const href = link?.getAttribute('href') ?? '';
  const m =
    /[?&](?:\w*(?:pupil|student|person|learner)\w*id|upn)=([\w-]+)/i.exec(href) ??
    /\/(?:students?|pupils?|learners?)\/([\w-]*\d[\w-]*)/i.exec(href);
  if (m) return `id:${m[1]}`;
  return `name:${group ?? ''}:${nameKey(name)}`;
};
