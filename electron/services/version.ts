/**
 * The app's version, from package.json: electron/build.mjs puts it in at bundle time (esbuild
 * `define`), so the bundles never read package.json at run time. Tests that run the sources
 * directly have no define; they get npm's own variable when started by an npm script, or a
 * version that says it is a development build.
 */
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : (process.env.npm_package_version ?? '0.0.0-dev');
