import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { DEMO_HOST_PATTERN } from './utils/demo-origin';

/** Entrypoint types whose scripts run in the MIS's pages. */
const PAGE_SCRIPTS: readonly string[] = ['content-script', 'unlisted-script'];

// Every build asks for the same small set of API permissions. Host access is never granted up
// front: a school enables its own MIS address from the options page (optional_host_permissions),
// except in the demo build, which may read the local demo school and nothing else.
export default defineConfig({
  imports: false,
  outDirTemplate: '{{browser}}-mv{{manifestVersion}}-{{mode}}',
  manifestVersion: 3,
  // REGISTER_LENS_SOURCEMAP=1 adds source maps, for `node scripts/content-size.mjs --why` to say
  // what the content script is made of; builds for users carry none.
  vite: () => ({
    plugins: [preact()],
    ...(process.env.REGISTER_LENS_SOURCEMAP === '1' ? { build: { sourcemap: true } } : {}),
  }),
  hooks: {
    // The scripts that run inside MIS pages (the register content script on every page of an
    // enabled site, the overlay and teach mode injected into them) are minified by terser, with
    // its safe defaults and two compress passes: about 5% smaller gzipped than esbuild's output
    // (docs/BENCHMARKS.md). No unsafe transforms and no property mangling. Extension pages and the
    // worker keep esbuild, which is far quicker on their larger bundles.
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.some((e) => PAGE_SCRIPTS.includes(e.type))) return;
      config.build = {
        ...config.build,
        minify: 'terser',
        terserOptions: {
          ecma: 2020,
          compress: { passes: 2 },
          mangle: true,
          format: { comments: false },
        },
      };
    },
  },
  zip: {
    artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
    sourcesTemplate: '{{name}}-{{version}}-sources.zip',
    excludeSources: ['demo-output/**', 'bench-results.json', 'test-results/**'],
  },
  manifest: ({ browser, mode }) => ({
    name: 'Register Lens',
    description:
      'Spots pupils sliding toward persistent absence on the register you already use, and suggests a support-first next step. Keeps everything on this device.',
    permissions: [
      'storage',
      'unlimitedStorage',
      'scripting',
      'alarms',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    host_permissions: mode === 'demo' ? [DEMO_HOST_PATTERN] : [],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Open Register Lens' },
    ...(browser === 'firefox'
      ? {
          sidebar_action: {
            default_title: 'Register Lens',
            default_panel: 'sidepanel.html',
            open_at_install: false,
          },
          browser_specific_settings: {
            gecko: {
              id: 'register-lens@register-lens.invalid',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : { side_panel: { default_path: 'sidepanel.html' } }),
  }),
});
