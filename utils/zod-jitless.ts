import { config } from 'zod/v4/core';

/**
 * Every extension context runs under a content security policy without 'unsafe-eval'. Left to
 * itself, Zod v4 probes `new Function('')` as its first object schema is built, to compile fast
 * parsers; the probe's error is caught, but Firefox still reports each blocked attempt as a CSP
 * violation in that context's console. Zod reads this setting when each schema is constructed, so
 * every entry point (background, content script, extension pages, the import worker) imports
 * this module first, before any module that builds a schema.
 */
config({ jitless: true });
