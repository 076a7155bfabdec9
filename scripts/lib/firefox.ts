import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Where Firefox lives: FIREFOX_PATH when set, else Debian's ESR package. */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** The Firefox demo build (`wxt build -b firefox --mode demo`): the demo origin only. */
export const FIREFOX_DEMO_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv3-demo');

export function assertFirefox(): void {
  if (!existsSync(FIREFOX_PATH)) {
    throw new Error(
      `Firefox was not found at ${FIREFOX_PATH}. Install it with "apt-get install firefox-esr" ` +
        '(Debian/Ubuntu) or set FIREFOX_PATH to a Firefox binary.',
    );
  }
}

/**
 * A fresh profile that makes no request beyond this machine: no updates, telemetry, remote
 * settings, experiments, safe-browsing lists, captive-portal or connectivity checks. Set as user
 * preferences, which win over the ones puppeteer and Firefox's remote agent recommend.
 */
export const OFFLINE_PREFS: Record<string, string | number | boolean> = {
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  // Honoured by a release build only with MOZ_DISABLE_NONLOCAL_CONNECTIONS (set at launch); this
  // value then makes remote settings skip every sync.
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'messaging-system.rsexperimentloader.enabled': false,
  'nimbus.rsexperimentloader.enabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': 'data:,',
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.search.geoSpecificDefaults': false,
  'browser.safebrowsing.update.enabled': false,
  'browser.topsites.contile.enabled': false,
  'browser.contentblocking.report.monitor.enabled': false,
  'browser.backup.enabled': false,
  'browser.backup.scheduled.enabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.getAddons.showPane': false,
  'extensions.systemAddon.update.enabled': false,
  'identity.fxaccounts.enabled': false,
  'media.gmp-manager.url': 'data:,',
  'media.gmp-gmpopenh264.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'geo.provider.network.url': '',
  'privacy.trackingprotection.annotate_channels': false,
  // Firefox's slow-script watchdog at its shipped default (the remote agent turns it off): an
  // extension script that runs too long is stopped and reported, and the suite sees the report.
  'dom.max_script_run_time': 10,
};

/** One entry of Firefox's console that came from this extension (or named its address). */
export interface ConsoleEntry {
  kind: 'script-error' | 'console';
  level: string;
  category: string;
  source: string;
  message: string;
}

export interface FirefoxWithExtension {
  browser: Browser;
  /** The moz-extension:// host of this install (a fresh UUID per profile). */
  uuid: string;
  addonId: string;
  extensionUrl(path: string): string;
  /** A new tab at `url`, loaded (BiDi navigation; also into moz-extension:// pages). */
  open(url: string): Promise<Page>;
  navigate(page: Page, url: string): Promise<void>;
  /** Errors, warnings and CSP reports logged so far by any of the extension's contexts. */
  extensionConsole(): Promise<ConsoleEntry[]>;
  /** The address of every HTTP(S) request Firefox opened since launch. */
  requests(): Promise<string[]>;
  close(): Promise<void>;
}

interface BidiConnection {
  send(
    method: string,
    params: Record<string, unknown>,
  ): Promise<{ result: Record<string, unknown> }>;
}

// Runs in Firefox's parent process (WebDriver BiDi with system access): a listener on the
// console service (script errors and CSP reports of every process, the background page's
// included), a process script that forwards console.* calls made by add-on code in any child
// process, and an observer of every HTTP request.
const COLLECTOR = String.raw`(() => {
  const log = (globalThis.__registerLensLog = []);
  const requests = (globalThis.__registerLensRequests = []);
  Services.console.registerListener({
    observe(message) {
      if (message instanceof Ci.nsIScriptError) {
        log.push({
          kind: 'script-error',
          level: message.flags & Ci.nsIScriptError.warningFlag ? 'warning' : 'error',
          category: message.category || '',
          source: message.sourceName || '',
          message: message.errorMessage || '',
        });
      }
    },
  });
  Services.ppmm.addMessageListener('register-lens:console', ({ data }) => log.push(data));
  Services.ppmm.loadProcessScript(
    'data:,' +
      encodeURIComponent(
        'Cc["@mozilla.org/consoleAPI-storage;1"].getService(Ci.nsIConsoleAPIStorage).addLogEventListener((m) => {' +
          'const e = m.wrappedJSObject || m;' +
          'if (!e.addonId) return;' +
          'let text = "";' +
          'try { text = (e.arguments || []).map((a) => String(a)).join(" "); } catch (_) { text = "(unprintable)"; }' +
          'Services.cpmm.sendAsyncMessage("register-lens:console", { kind: "console", level: String(e.level), category: e.addonId, source: String(e.filename || ""), message: text });' +
        '}, Services.scriptSecurityManager.getSystemPrincipal());',
      ),
    true,
  );
  Services.obs.addObserver((subject) => {
    try {
      requests.push(subject.QueryInterface(Ci.nsIChannel).URI.spec);
    } catch (_) {}
  }, 'http-on-opening-request');
  return 'ready';
})()`;

/**
 * Starts Firefox headless in a fresh, offline profile, driven over WebDriver BiDi by
 * puppeteer-core, and installs the extension as a temporary add-on.
 */
export async function launchFirefoxWithExtension(
  options: { extensionDir?: string } = {},
): Promise<FirefoxWithExtension> {
  assertFirefox();
  const extensionDir = options.extensionDir ?? FIREFOX_DEMO_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(
      `No Firefox build at ${extensionDir}: run "npx wxt build -b firefox --mode demo" first.`,
    );
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // System access lets the suite read Firefox's own console (below), which WebDriver BiDi does
    // not show for an extension's background page.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: OFFLINE_PREFS,
    // Firefox's own test switch: connections to anything but this machine are refused outright.
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
  });
  try {
    const connection = (browser as unknown as { connection: BidiConnection }).connection;
    const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const chromeContext = (tree.result.contexts as Array<{ context: string }>)[0]!.context;
    const inParent = async <T>(expression: string): Promise<T> => {
      const { result } = await connection.send('script.evaluate', {
        expression,
        target: { context: chromeContext },
        awaitPromise: true,
        resultOwnership: 'none',
      });
      if (result.type !== 'success') {
        throw new Error(`Firefox refused a harness script: ${JSON.stringify(result)}`);
      }
      return (result.result as { value: T }).value;
    };
    await inParent(COLLECTOR);

    const addonId = await browser.installExtension(extensionDir);
    const uuid = await inParent<string>(
      `WebExtensionPolicy.getByID(${JSON.stringify(addonId)}).mozExtensionHostname`,
    );
    const prefix = `moz-extension://${uuid}/`;

    // puppeteer's own goto waits for a load event Firefox does not report across the switch
    // into the extension's process; the BiDi navigation itself does wait for the load.
    const navigate = async (page: Page, url: string) => {
      const context = (page.mainFrame() as unknown as { _id: string })._id;
      await connection.send('browsingContext.navigate', { context, url, wait: 'complete' });
    };
    return {
      browser,
      uuid,
      addonId,
      extensionUrl: (path) => `${prefix}${path}`,
      navigate,
      async open(url) {
        const page = await browser.newPage();
        await navigate(page, url);
        return page;
      },
      async extensionConsole() {
        const all = JSON.parse(
          await inParent<string>('JSON.stringify(globalThis.__registerLensLog)'),
        ) as ConsoleEntry[];
        return all.filter(
          (e) =>
            e.source.startsWith(prefix) || e.message.includes(prefix) || e.category === addonId,
        );
      },
      async requests() {
        return JSON.parse(
          await inParent<string>('JSON.stringify(globalThis.__registerLensRequests)'),
        ) as string[];
      },
      async close() {
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
