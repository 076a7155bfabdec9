import type { ContextItem } from '../context';
import type { Session } from '../schema';
import { findDates, findSession, norm } from '../text';

/**
 * Taken or not, from the page's own words: a status sentence near the register says it was saved
 * ("Register taken at 08:52") or not ("Attendance has not been taken").
 */

// --- taken or not ---------------------------------------------------------------------------

// A notice's own label before its sentence: "Note:", "Success -", "Status:".
const NOTICE_LABEL = String.raw`(?:(?:register\s+)?(?:status|note|notice|info(?:rmation)?|success|message|done)\s*[:\-–]\s*)?`;
// How a status line may open: a label, "the", "this", "AM", then the register as subject.
const STATUS_LEAD = String.raw`^${NOTICE_LABEL}(?:(?:the|this)\s+)?(?:(?:am|pm|morning|afternoon)\s+)?`;
const SUBJECT = String.raw`(?:register|attendance|marks)`;
const DONE = String.raw`(?:already\s+)?(?:taken|saved|submitted|completed|recorded)\b`;

/** "Not yet taken", "Register not taken", "Attendance has not been taken…", "Not submitted". */
const NOT_TAKEN = new RegExp(
  `${STATUS_LEAD}(?:${SUBJECT}\\s+(?:(?:has|have|is|was)\\s+)?)?not\\s+(?:yet\\s+)?(?:been\\s+)?${DONE}`,
  'i',
);
/** "Unsaved changes": what is on screen is not what was saved. */
const UNSAVED = /^(?:you have\s+)?unsaved changes\b/i;
/** "Register taken at 08:52", "Attendance saved", "Marks saved at …", "Attendance has been taken…". */
const TAKEN_SUBJECT = new RegExp(
  `${STATUS_LEAD}${SUBJECT}\\s+(?:(?:has|have)\\s+been\\s+|was\\s+|were\\s+)?${DONE}`,
  'i',
);
/** "Taken by Ms X at 08:52", "Taken at 08:52 by …", "Last saved by …", "Saved at 08:52". */
/** "You already have taken attendance today", "We have already taken this register". */
const ALREADY = new RegExp(
  `^${NOTICE_LABEL}(?:you|we|i)\\s+(?:have\\s+already|already\\s+have)\\s+${DONE}\\s+(?:the\\s+|this\\s+|today's\\s+)?${SUBJECT}`,
  'i',
);
const TAKEN_BY = new RegExp(`${STATUS_LEAD}(?:last\\s+)?${DONE}\\s+(?:at|by|on)\\b`, 'i');
/** A status in brackets after the register's name: "morning register (taken at 08:41 by …)". */
const BRACKETED = new RegExp(`\\b${SUBJECT}\\s*\\(\\s*(not\\s+(?:yet\\s+)?)?${DONE}`, 'i');

// A group as MIS name them ("10A", "7B", "08.1"); "3PM" is a time.
const GROUP_TOKEN = /\b\d{1,2}(?:[A-Z][A-Za-z0-9]{0,3}|\.\d)\b/g;
const TIME_TOKEN = /^\d{1,2}(?:am|pm)$/i;

// Sentences end at . ! ? but not after an initial or a title ("Mr D. Harcourt").
const SENTENCE_END = /(?<!\b(?:[A-Z]|Mr|Mrs|Ms|Mx|Dr|Miss|St))[.!?]+\s+|\s+[·|•]\s+/;

export interface RegisterFacts {
  date: string | null;
  session: Session | null;
  group: string | null;
  ref: string | null;
}

/** Whether a sentence is about some other register: another date, session or group. */
function aboutAnother(sentence: string, reg: RegisterFacts): boolean {
  if (reg.date) {
    const dates = findDates(sentence, reg.ref);
    if (dates.length && !dates.some((d) => d.date === reg.date)) return true;
  }
  if (reg.session) {
    const s = findSession(sentence);
    if (s && s !== reg.session) return true;
  }
  if (reg.group) {
    const own = reg.group.toLowerCase();
    const groups = (sentence.match(GROUP_TOKEN) ?? []).filter((t) => !TIME_TOKEN.test(t));
    if (groups.length && !groups.some((t) => t.toLowerCase() === own)) return true;
  }
  return false;
}

/** What one status sentence says: true (taken), false (not taken) or null (nothing). */
export function takenStatement(sentence: string): boolean | null {
  const t = norm(sentence);
  if (!t || t.length > 200) return null;
  if (NOT_TAKEN.test(t) || UNSAVED.test(t)) return false;
  if (TAKEN_SUBJECT.test(t) || TAKEN_BY.test(t) || ALREADY.test(t)) return true;
  const bracketed = BRACKETED.exec(t);
  if (bracketed) return !bracketed[1];
  return null;
}

/**
 * Whether the page says this register was saved. Only the register's own surroundings count,
 * nearest first: headings and status lines, not live regions (toasts report a past save, maybe
 * of another group), not tables or asides (notices, keys), and never a sentence about another
 * date, session or group ("Last saved … on 20/01/2026 (PM register)").
 */
export function takenFrom(items: readonly ContextItem[], reg: RegisterFacts): boolean | null {
  for (const it of items) {
    if (it.remote || (it.kind !== 'text' && it.kind !== 'heading')) continue;
    // Most context says nothing about saving: one cheap look before splitting sentences.
    if (!MAY_STATE.test(it.text)) continue;
    for (const sentence of it.text.split(SENTENCE_END)) {
      const said = takenStatement(sentence);
      if (said === null || aboutAnother(sentence, reg)) continue;
      return said;
    }
  }
  return null;
}
const MAY_STATE = /taken|saved|submitted|completed|recorded/i;
