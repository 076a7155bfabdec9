import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The manifest audit: what the built extension asks the browser for, read from the builds that
 * would ship (`npm run test:e2e` rebuilds them first; a missing build is built here).
 */
const ROOT = resolve(import.meta.dirname, '../..');

const BASE = ['storage', 'unlimitedStorage', 'scripting', 'alarms'];
const BUILDS = [
  {
    name: 'Chrome store build',
    dir: '.output/chrome-mv3-production',
    args: ['wxt', 'build'],
    permissions: [...BASE, 'sidePanel'],
    hosts: [] as string[],
  },
  {
    name: 'Firefox store build',
    dir: '.output/firefox-mv3-production',
    args: ['wxt', 'build', '-b', 'firefox'],
    permissions: BASE,
    hosts: [] as string[],
  },
  {
    name: 'demo build',
    dir: '.output/chrome-mv3-demo',
    args: ['wxt', 'build', '--mode', 'demo'],
    permissions: [...BASE, 'sidePanel'],
    hosts: ['http://127.0.0.1/*'],
  },
];

type Manifest = Record<string, unknown> & {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

// Code fetched from a server and run: a script tag, a module import or importScripts of a URL.
const REMOTE_CODE = [
  /<script[^>]+src\s*=\s*["']?(?:https?:)?\/\//i,
  /\bimport\s*\(\s*["'`](?:https?:)?\/\//,
  /\bfrom\s*["'](?:https?:)?\/\//,
  /\bimportScripts\s*\(\s*["'`](?:https?:)?\/\//,
  /<link[^>]+href\s*=\s*["']?(?:https?:)?\/\/[^>]*>/i,
];

describe.each(BUILDS)('the $name', (build) => {
  const dir = join(ROOT, build.dir);
  let manifest: Manifest;

  beforeAll(() => {
    if (!existsSync(join(dir, 'manifest.json'))) {
      execFileSync('npx', build.args, { cwd: ROOT, stdio: 'ignore' });
    }
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  }, 180_000);

  it('should ask for exactly the API permissions it uses', () => {
    expect([...(manifest.permissions ?? [])].sort()).toEqual([...build.permissions].sort());
  });

  it('should hold host access only where the build needs it', () => {
    expect(manifest.host_permissions ?? []).toEqual(build.hosts);
  });

  it('should ask for MIS addresses only at run time, as web addresses', () => {
    for (const pattern of manifest.optional_host_permissions ?? []) {
      expect(['https://*/*', 'http://*/*']).toContain(pattern);
    }
  });

  it('should never mention <all_urls>', () => {
    expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
  });

  it('should keep the default content security policy', () => {
    expect(manifest).not.toHaveProperty('content_security_policy');
  });

  it('should not let web pages or other extensions connect', () => {
    expect(manifest).not.toHaveProperty('externally_connectable');
  });

  it('should expose no resources to web pages and inject no static content script', () => {
    expect(manifest).not.toHaveProperty('web_accessible_resources');
    expect(manifest).not.toHaveProperty('content_scripts');
  });

  it('should contain no remotely loaded code in any built file', () => {
    const offenders = files(dir)
      .filter((f) => /\.(js|mjs|html)$/.test(f))
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        return REMOTE_CODE.some((pattern) => pattern.test(text));
      });
    expect(offenders).toEqual([]);
  });
});
